"""Before e-mail addresses become unique (0004): stop with a clear list if they are not.

Two people whose addresses differ only in case or spaces cannot be merged
automatically; the secretariat decides who keeps the address.
"""

from django.db import migrations
from django.db.models import Count
from django.db.models.functions import Lower, Trim


def refuse_duplicate_emails(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    people = Person.objects.exclude(email="")
    # Stored addresses are lower-cased and trimmed by Person.clean; fix those that were not.
    for person in people.only("id", "email"):
        tidy = person.email.strip().lower()
        if tidy == person.email:
            continue
        if not people.filter(email__iexact=tidy).exclude(pk=person.pk).exists():
            Person.objects.filter(pk=person.pk).update(email=tidy)
    duplicates = (
        people.annotate(address=Lower(Trim("email")))
        .values("address")
        .annotate(count=Count("id"))
        .filter(count__gt=1)
    )
    if duplicates:
        listed = ", ".join(row["address"] for row in duplicates)
        raise RuntimeError(
            "Several people share an e-mail address. Give each address to one person "
            f"(in the admin site) and migrate again: {listed}"
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0002_initial")]

    operations = [migrations.RunPython(refuse_duplicate_emails, migrations.RunPython.noop)]
