from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def give_existing_tokens_an_expiry_date(apps, schema_editor):
    # Tokens made before expiry dates existed last the default lifetime from the upgrade,
    # so that no script stops working on the day of the upgrade.
    ApiToken = apps.get_model("accounts", "ApiToken")
    expires_at = timezone.now() + timedelta(days=settings.API_TOKEN_DAYS)
    ApiToken.objects.filter(expires_at__isnull=True).update(expires_at=expires_at)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_apitoken_expiry_and_ratelimit")]

    operations = [
        migrations.RunPython(give_existing_tokens_an_expiry_date, migrations.RunPython.noop),
    ]
