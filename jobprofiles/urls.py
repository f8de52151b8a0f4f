from django.urls import path

from . import views

app_name = "jobprofiles"

urlpatterns = [
    path("", views.JobProfileListView.as_view(), name="list"),
    path("apercu/<int:pk>/", views.JobProfilePreviewView.as_view(), name="preview"),
    path("<slug:slug>/", views.JobProfileDetailView.as_view(), name="detail"),
]
