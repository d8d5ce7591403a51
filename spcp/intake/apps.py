from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "spcp.intake"
    label = "intake"

    def ready(self) -> None:
        from spcp.intake.services import AUDIT_ACTIONS
        from spcp.programs.audit import register_actions

        register_actions(AUDIT_ACTIONS)
