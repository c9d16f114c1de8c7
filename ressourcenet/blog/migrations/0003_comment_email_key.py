from django.db import migrations, models


def key_existing_comments(apps, schema_editor):
    """Give the guests' comments written before the key its value (models.email_key)."""
    from ressourcenet.blog.models import email_key

    Comment = apps.get_model("blog", "Comment")
    for comment in Comment.objects.filter(user=None).exclude(email="").only("email"):
        comment.email_key = email_key(comment.email)
        comment.save(update_fields=["email_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0002_comment_parent_set_null"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="email_key",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
        migrations.RunPython(key_existing_comments, migrations.RunPython.noop),
    ]
