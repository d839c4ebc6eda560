from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Legweak"

    def ready(self):
        from cases import signals  # noqa: F401 (connects the receivers)
