from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "spcp.training"
    label = "training"

    def ready(self) -> None:
        from spcp.training import audit, phases  # noqa: F401  (audit registers its labels on import)

        phases.register()
