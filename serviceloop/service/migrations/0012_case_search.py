"""Every case gets its search words (decision 0018), then the database's index of them."""

from django.db import migrations, models

from serviceloop.service.models import cases_search as search_index
from serviceloop.service.services import cases_search


def fill_search_text(apps, schema_editor):
    cases_search.refresh_all(
        apps.get_model("service", "Case"), apps.get_model("service", "RepairReport")
    )


def create_index(apps, schema_editor):
    search_index.ensure_case_search(schema_editor.connection)


def drop_index(apps, schema_editor):
    search_index.drop_case_search(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("service", "0011_complaint_from_survey"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
