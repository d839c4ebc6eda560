from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Teaching cases"

    def ready(self):
        from cases import reference, signals  # noqa: F401 (connect the receivers and the reference hooks)
