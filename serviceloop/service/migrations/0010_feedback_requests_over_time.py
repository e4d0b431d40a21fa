"""A case has one feedback request each time it is closed (a reopened case closed again is
asked again), and a request knows the contact it asked. Every request and answer is kept;
the contact of an existing request is its case's reporter, whom closing asked."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def contact_from_reporter(apps, schema_editor):
    FeedbackRequest = apps.get_model("service", "FeedbackRequest")
    Case = apps.get_model("service", "Case")
    reporter = Case.objects.filter(pk=OuterRef("case_id")).values("reporter_id")[:1]
    FeedbackRequest.objects.filter(contact__isnull=True).update(contact=Subquery(reporter))


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0003_add_group_constraint"),
        ("service", "0009_add_engineer_signature"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="feedbackrequest",
            options={
                "ordering": ["-created_at", "-pk"],
                "verbose_name": "feedback request",
                "verbose_name_plural": "feedback requests",
            },
        ),
        migrations.AddField(
            model_name="feedbackrequest",
            name="contact",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="feedback_requests",
                to="customers.contact",
                verbose_name="contact",
            ),
        ),
        migrations.AlterField(
            model_name="feedbackrequest",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="feedback_requests",
                to="service.case",
            ),
        ),
        migrations.RunPython(contact_from_reporter, migrations.RunPython.noop, elidable=True),
    ]
