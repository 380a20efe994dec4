from django.urls import path

from qyzmet.paysandbox import views

app_name = "paysandbox"

urlpatterns = [path("<str:reference>/", views.pay, name="pay")]
