from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "spcp.evaluation"
    label = "evaluation"

    def ready(self) -> None:
        from spcp.evaluation import audit, phases, rules  # noqa: F401  (audit and rules register on import)

        phases.register()
