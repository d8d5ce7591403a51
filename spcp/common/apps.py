from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "spcp.common"
    label = "common"
