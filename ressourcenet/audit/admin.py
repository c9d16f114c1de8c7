"""The audit log in Django's admin: administrators read and filter it; no one adds,
changes or deletes an entry here, superusers included."""

import json

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from ressourcenet.audit.models import AuditEntry
from ressourcenet.lib.admin import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "object_type", "object_label", "changed_fields"]
    list_filter = ["action", "object_type", ("actor", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["object_label", "actor_label"]
    date_hierarchy = "at"
    list_select_related = ["object_type"]
    readonly_fields = ["at", "actor", "actor_label", "action", "object_type", "object_id"]
    readonly_fields += ["object_label", "changes_table"]
    exclude = ["changes"]

    @admin.display(description=_("fields"))
    def changed_fields(self, entry: AuditEntry) -> str:
        return ", ".join(entry.changes)

    @admin.display(description=_("changes"))
    def changes_table(self, entry: AuditEntry) -> str:
        return format_html_join(
            "\n",
            "<p><strong>{}</strong>: {} → {}</p>",
            (
                (field, json.dumps(old, ensure_ascii=False), json.dumps(new, ensure_ascii=False))
                for field, (old, new) in entry.changes.items()
            ),
        )
