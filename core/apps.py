from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Exploitation"

    def ready(self):
        from . import checks, signals  # noqa: F401  (registers the checks, connects the receivers)
