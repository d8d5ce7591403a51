"""The standard agenda of each program type (editable in the admin afterwards).

SPCP follows the CRS day (about seven hours). School-SPIRIT gives students longer breakouts and a first council
meeting; Campus- and City-SPIRIT keep SPCP's shape.
"""

from django.db import migrations

SPCP = [
    ("opening", 30),
    ("ground_rules", 15),
    ("breakout_1", 90),
    ("report_out_1", 45),
    ("dot_voting", 30),
    ("breakout_2", 105),
    ("report_out_2", 60),
    ("council", 30),
]
SCHOOL = [
    ("opening", 20),
    ("ground_rules", 20),
    ("breakout_1", 100),
    ("report_out_1", 40),
    ("dot_voting", 25),
    ("breakout_2", 110),
    ("report_out_2", 50),
    ("council", 45),
]
TEMPLATES = {"spcp": SPCP, "school-spirit": SCHOOL, "campus-spirit": SPCP, "city-spirit": SPCP}


def seed(apps, schema_editor):
    ProgramType = apps.get_model("programs", "ProgramType")
    Item = apps.get_model("forum", "AgendaTemplateItem")
    for program_type in ProgramType.objects.all():
        for order, (kind, minutes) in enumerate(TEMPLATES.get(program_type.code, SPCP), start=1):
            Item.objects.get_or_create(
                program_type=program_type, kind=kind, defaults={"order": order, "minutes": minutes}
            )


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial"), ("programs", "0002_program_types")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
