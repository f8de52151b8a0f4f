from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.static import serve

admin.site.site_header = "Fiches métiers — administration"
admin.site.site_title = "Fiches métiers"
admin.site.index_title = "Gestion du contenu"


def serve_media(request, path):
    """Serve uploads from Django itself, for a single box with no web server in front."""
    if not settings.SERVE_MEDIA:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    path("", RedirectView.as_view(pattern_name="jobprofiles:list"), name="home"),
    path("metiers/", include("jobprofiles.urls")),
    path("admin/", admin.site.urls),
    path("", include("core.urls")),
    path("media/<path:path>", serve_media, name="media"),
]
