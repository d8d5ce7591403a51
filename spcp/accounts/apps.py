from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "spcp.accounts"
    label = "accounts"
