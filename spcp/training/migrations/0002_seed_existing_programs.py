"""Programs created before this app existed get the standard modules too (new programs get them on creation)."""

from django.db import migrations

# Frozen copy of ModuleKey at the time of this migration.
KEYS = ["conflict_resolution", "spcp_process", "recording", "hot_spots", "ground_rules", "fidelity_log"]


def seed(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    Module = apps.get_model("training", "Module")
    for program in Program.objects.all():
        existing = set(Module.objects.filter(program=program).values_list("key", flat=True))
        Module.objects.bulk_create(
            Module(program=program, key=key, title="", required=True, order=index * 10)
            for index, key in enumerate(KEYS, start=1)
            if key not in existing
        )


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial"), ("programs", "0002_program_types")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
