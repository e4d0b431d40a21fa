"""Every installation ships the standard questionnaire of domain-reference §6.2."""

from django.db import migrations


def install(apps, schema_editor):
    from serviceloop.surveys.standard import install_standard_questionnaire

    install_standard_questionnaire(apps)


def remove(apps, schema_editor):
    from serviceloop.surveys.standard import remove_standard_questionnaire

    remove_standard_questionnaire(apps)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
