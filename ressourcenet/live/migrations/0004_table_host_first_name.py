"""A table host's table is named by the host's first name only ("Bordet hos Hans"), and so
is its name kept in the catalogue (`Idea.origin_table`): rename the boards' tables that
carry a host's full name, and the catalogue ideas sent from them. (Catalogue ideas whose
board was already deleted cannot be traced to a host; see the report.)"""

from django.db import migrations


def first_name(name: str) -> str:
    return name.split()[0] if name.split() else ""


def forwards(apps, schema_editor):
    LiveTable = apps.get_model("live", "LiveTable")
    LiveIdea = apps.get_model("live", "LiveIdea")
    Idea = apps.get_model("knowledge", "Idea")
    for table in LiveTable.objects.filter(host__isnull=False).select_related("host"):
        full, first = table.host.name.strip(), first_name(table.host.name)
        if not full or full == first or full not in table.name:
            continue
        table.name = table.name.replace(full, first)
        table.save(update_fields=["name"])
        sent = LiveIdea.objects.filter(table=table, promoted_to__isnull=False)
        ideas = Idea.objects.filter(pk__in=sent.values("promoted_to"), origin_table__contains=full)
        for idea in ideas:
            idea.origin_table = idea.origin_table.replace(full, first)
            idea.save(update_fields=["origin_table"])


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0003_liveidea_mark"),
        ("knowledge", "0007_live_origin"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
