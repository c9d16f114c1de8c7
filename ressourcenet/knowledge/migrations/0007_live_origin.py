"""A catalogue idea remembers the live board it came from: its table and its +1 count."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0006_experience_plan_effort"),
    ]

    operations = [
        migrations.AddField(
            model_name="idea",
            name="origin_table",
            field=models.CharField(
                blank=True, editable=False, max_length=200, verbose_name="table at the meeting"
            ),
        ),
        migrations.AddField(
            model_name="idea",
            name="plus_ones",
            field=models.PositiveIntegerField(
                blank=True, editable=False, null=True, verbose_name="+1 at the meeting"
            ),
        ),
    ]
