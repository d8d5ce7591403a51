from django.apps import AppConfig


class ActionPlanConfig(AppConfig):
    name = "spcp.actionplan"
    label = "actionplan"
