"""An experience's free text is its activity ("Lektiecafé"); its effort is one of the
plan's (plans.Effort), as everywhere else in the product."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0005_summary_public_experience"),
        ("plans", "0001_initial"),
    ]

    operations = [
        migrations.RenameField("experience", "effort", "activity"),
        migrations.RenameField("experience", "effort_key", "activity_key"),
        migrations.AlterField(
            model_name="experience",
            name="activity",
            field=models.CharField(
                help_text="What you did, in a few words, such as “Lektiecafé”.",
                max_length=100,
                verbose_name="activity",
            ),
        ),
        migrations.AddField(
            model_name="experience",
            name="plan_effort",
            field=models.ForeignKey(
                blank=True,
                help_text="The plan's effort the experience belongs to.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="experiences",
                to="plans.effort",
                verbose_name="effort",
            ),
        ),
    ]
