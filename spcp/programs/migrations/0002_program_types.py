"""SPCP and its sibling programs, as data."""

from django.db import migrations

TYPES = [
    (
        "spcp",
        "SPCP",
        "경찰 및 지역사회 파트너십 강화(SPCP)",
        "Strengthening Police and Community Partnerships: law enforcement and the community they serve.",
    ),
    (
        "school-spirit",
        "School-SPIRIT",
        "학교 SPIRIT",
        "Students, staff and school resource officers; student-led council; sometimes two days.",
    ),
    ("campus-spirit", "Campus-SPIRIT", "캠퍼스 SPIRIT", "Colleges and universities; one day or two half-days."),
    ("city-spirit", "City-SPIRIT", "시티 SPIRIT", "Civic stakeholders across a city."),
]


def load(apps, schema_editor):
    ProgramType = apps.get_model("programs", "ProgramType")
    for order, (code, name, name_ko, description) in enumerate(TYPES, start=1):
        ProgramType.objects.create(
            code=code, name=name, name_translations={"ko": name_ko}, description=description, order=order
        )


def unload(apps, schema_editor):
    apps.get_model("programs", "ProgramType").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
