"""Each evaluation names its meeting, so that its invitation can be cut off once the
evaluation has closed (the answer then belongs to nobody) and the totals still add up."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_meeting(apps, schema_editor):
    Evaluation = apps.get_model("evaluation", "Evaluation")
    Invitation = apps.get_model("meetings", "Invitation")
    meeting = Invitation.objects.filter(pk=OuterRef("invitation_id")).values("meeting_id")
    Evaluation.objects.update(meeting_id=Subquery(meeting[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0001_initial"),
        ("meetings", "0004_invitation_link_revoked_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="evaluation",
            name="meeting",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="evaluations",
                to="meetings.meeting",
                verbose_name="meeting",
            ),
        ),
        migrations.RunPython(fill_meeting, migrations.RunPython.noop),
    ]
