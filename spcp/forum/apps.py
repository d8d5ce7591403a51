from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "spcp.forum"
    verbose_name = _("Forum")

    def ready(self) -> None:
        from spcp.forum import audit, phases, rules  # noqa: F401  (registers gates, features, perms)

        phases.register()
        audit.register()
