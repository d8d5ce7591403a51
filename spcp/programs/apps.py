from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "spcp.programs"
    label = "programs"

    def ready(self) -> None:
        from spcp.programs import audit, phases  # noqa: F401  (registers the core gates; audit records account changes)
