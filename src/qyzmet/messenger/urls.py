from django.urls import path

from qyzmet.messenger import views

app_name = "messenger"

urlpatterns = [
    path("messenger/telegram/webhook", views.telegram_webhook, name="webhook"),
]
