from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_agenda_clock"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="link_revoked_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="personal link removed"
            ),
        ),
    ]
