from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "spcp.intake"
    label = "intake"
