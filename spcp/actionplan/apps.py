from django.apps import AppConfig


class ActionPlanConfig(AppConfig):
    name = "spcp.actionplan"
    label = "actionplan"

    def ready(self) -> None:
        from spcp.actionplan import audit, phases, rules  # noqa: F401  (audit and rules register on import)

        phases.register()
