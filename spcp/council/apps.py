from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "spcp.council"
    label = "council"

    def ready(self) -> None:
        from spcp.council import audit, phases, rules  # noqa: F401  (audit and rules register on import)

        phases.register()
