from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "spcp.council"
    label = "council"
