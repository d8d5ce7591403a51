"""Sectors get a standard key or per-language names; existing sector text is mapped to keys where it names a
standard sector in any language (so "교육자" typed in the Korean UI becomes the key "education")."""

from django.db import migrations, models

from spcp.common.names import guess_language
from spcp.planning.catalog import LAW_ENFORCEMENT_KEY, match_standard


def sectors_to_keys(apps, schema_editor):
    """Law enforcement gets its key; a community sector whose text names a standard sector gets that key (the
    first in a program to do so: a second, e.g. "Educators" beside "교육자", stays custom, to be renamed or
    merged by staff, since both may already have invitations and check-ins); the rest keep their text as
    the name in the language its script suggests."""
    Sector = apps.get_model("planning", "Sector")
    taken: set[tuple[int, str]] = set()
    for sector in Sector.objects.order_by("program_id", "order", "pk"):
        if sector.kind == "law_enforcement":
            sector.key, sector.names = LAW_ENFORCEMENT_KEY, {}
        else:
            key = match_standard(sector.name)
            if key and key != LAW_ENFORCEMENT_KEY and (sector.program_id, key) not in taken:
                taken.add((sector.program_id, key))
                sector.key, sector.names = key, {}
            else:
                sector.key, sector.names = "", {guess_language(sector.name): sector.name}
        sector.save(update_fields=["key", "names"])


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0003_sector_restrict"),
        ("programs", "0004_time_zone"),
    ]

    operations = [
        migrations.AddField(
            model_name="sector",
            name="key",
            field=models.CharField(blank=True, max_length=30, verbose_name="standard sector"),
        ),
        migrations.AddField(
            model_name="sector",
            name="names",
            field=models.JSONField(blank=True, default=dict, verbose_name="names by language"),
        ),
        migrations.RunPython(sectors_to_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="sector",
            constraint=models.UniqueConstraint(
                condition=models.Q(("key", ""), _negated=True),
                fields=("program", "key"),
                name="planning_sector_standard_once",
            ),
        ),
    ]
