from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Exploitation"

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
