from django.apps import AppConfig


class OfficesConfig(AppConfig):
    name = "spcp.offices"
    label = "offices"
