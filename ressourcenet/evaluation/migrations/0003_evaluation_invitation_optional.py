"""Every evaluation has its meeting; its invitation may go (in its own migration: on
PostgreSQL a table cannot be altered in the transaction that filled it)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0002_evaluation_meeting"),
    ]

    operations = [
        migrations.AlterField(
            model_name="evaluation",
            name="meeting",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="evaluations",
                to="meetings.meeting",
                verbose_name="meeting",
            ),
        ),
        migrations.AlterField(
            model_name="evaluation",
            name="invitation",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="evaluation",
                to="meetings.invitation",
                verbose_name="invitation",
            ),
        ),
    ]
