from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "spcp.planning"
    label = "planning"
