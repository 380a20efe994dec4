from django.urls import path

from qyzmet.messenger import simulator, views

app_name = "messenger"

urlpatterns = [
    path("messenger/telegram/webhook", views.telegram_webhook, name="webhook"),
    path("demo/messenger/", simulator.simulator, name="simulator"),
]
