from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "spcp.accounts"
    label = "accounts"

    def ready(self) -> None:
        from spcp.accounts import throttle  # noqa: F401  (connects the sign-in counters to Django's signals)
