from django.urls import path

from core.cache import cache_public_page

from . import views
from .feeds import LatestProfilesFeed

app_name = "jobprofiles"

urlpatterns = [
    path("", cache_public_page(views.JobProfileListView.as_view()), name="list"),
    path("comparer/", cache_public_page(views.compare_profiles), name="compare"),
    path("suggestions.json", cache_public_page(views.suggest_profiles), name="suggestions"),
    path("flux.atom", cache_public_page(LatestProfilesFeed()), name="feed"),
    path("apercu/<int:pk>/", views.JobProfilePreviewView.as_view(), name="preview"),
    path("<slug:slug>/", cache_public_page(views.JobProfileDetailView.as_view()), name="detail"),
]
