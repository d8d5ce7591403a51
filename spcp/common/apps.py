from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sqlite_wal(using: str, **kwargs: object) -> None:
    """Put a SQLite database in write-ahead-log mode (readers and one writer at once); it is stored in the file,
    so setting it once after migrating spares every new connection the statement."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():  # type: ignore[attr-defined]  # SQLite only
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")


class CommonConfig(AppConfig):
    name = "spcp.common"
    label = "common"

    def ready(self) -> None:
        post_migrate.connect(_sqlite_wal, sender=self, dispatch_uid="spcp.common.sqlite_wal")
