from django.apps import AppConfig


class JobProfilesConfig(AppConfig):
    name = "jobprofiles"
    verbose_name = "Fiches métiers"

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
