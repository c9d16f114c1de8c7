"""A live idea points at the catalogue idea it was sent to after the meeting."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0007_live_origin"),
        ("live", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="liveidea",
            name="promoted_to",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="live_ideas",
                to="knowledge.idea",
            ),
        ),
    ]
