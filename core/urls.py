from django.urls import path

from . import metrics, views

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("livez", views.livez, name="livez"),
    path("metrics", metrics.metrics, name="metrics"),
]
