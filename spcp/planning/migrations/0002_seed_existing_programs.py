"""Programs created before the planning app existed get the same seed as new ones: the law-enforcement
sector and the checklist (new programs are seeded by the on_program_created hook)."""

from django.db import migrations

CHECKLIST = [
    ("forum_date", "logistics"),
    ("venue", "logistics"),
    ("interpreters", "access"),
    ("accessibility", "access"),
    ("food", "logistics"),
    ("materials", "logistics"),
    ("press_policy", "communications"),
]


def seed(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    Sector = apps.get_model("planning", "Sector")
    Task = apps.get_model("planning", "Task")
    for program in Program.objects.all():
        sector = Sector.objects.filter(program=program, kind="law_enforcement").first()
        if sector is None:
            sector = Sector.objects.create(program=program, name="Law enforcement", kind="law_enforcement", order=0)
        Task.objects.get_or_create(program=program, key="invitations", sector=sector, defaults={"category": "outreach"})
        existing = set(Task.objects.filter(program=program).values_list("key", flat=True))
        Task.objects.bulk_create(
            [Task(program=program, key=key, category=category) for key, category in CHECKLIST if key not in existing]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0001_initial"),
        ("programs", "0002_program_types"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
