from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "spcp.training"
    label = "training"
