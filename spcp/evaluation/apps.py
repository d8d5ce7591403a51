from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "spcp.evaluation"
    label = "evaluation"
