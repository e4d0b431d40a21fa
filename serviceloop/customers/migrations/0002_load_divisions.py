"""Loads China's administrative divisions (GB/T 2260, see customers/data/README.md)."""

from django.db import migrations


def load(apps, schema_editor):
    from serviceloop.customers.divisions import iter_divisions

    Division = apps.get_model("customers", "Division")
    Division.objects.bulk_create(
        [
            Division(code=code, name=name, level=level, parent_id=parent)
            for code, name, level, parent in iter_divisions()
        ],
        batch_size=500,
    )


def unload(apps, schema_editor):
    apps.get_model("customers", "Division").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
