"""The audit log page's filters: who, which kind of object, which action, from and to
which date, and words in the object's name or in who did it."""

from datetime import datetime, time, timedelta

from django import forms
from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ressourcenet.audit import readable
from ressourcenet.audit.models import AuditEntry
from ressourcenet.audit.tracking import TRACKED
from ressourcenet.lib import bounds
from ressourcenet.lib.forms import DateInput

SEARCH_MAX = 200


def kind_choices() -> list[tuple[str, str]]:
    """The kinds of object the log follows, by their name on the site."""
    kinds = [(label, readable.kind_name(apps.get_model(label))) for label in TRACKED]
    return sorted(kinds, key=lambda kind: kind[1])


class LogFilterForm(bounds.BoundsMixin, forms.Form):
    # Part of a name, not a list of everyone: a national installation's log names
    # thousands. An exact name (a link's `?who=`) is found too.
    who = forms.CharField(
        label=_("Who"),
        required=False,
        max_length=SEARCH_MAX,
        help_text=_("The name of who did it, or part of the name."),
    )
    kind = forms.ChoiceField(label=_("Kind of object"), required=False)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions")), *AuditEntry.Action.choices],
    )
    date_from = forms.DateField(label=_("From date"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To date"), required=False, widget=DateInput)
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=SEARCH_MAX,
        help_text=_("Words in the object's name or in the name of who did it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *kind_choices()]
        for field in self.fields.values():
            field.recommended = True  # filters: none is "(optional)", all are

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("date_from"), cleaned.get("date_to")
        if first and last and last < first:
            self.add_error("date_to", _("The to date must be the same as or after the from date."))
        return cleaned

    def filter(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        """`entries` narrowed by every filter that is valid; a wrong one is left out (its
        message is shown next to it)."""
        data = {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if name not in self.errors and value not in (None, "")
        }
        if "who" in data:
            entries = entries.filter(actor_label__icontains=data["who"])
        if "kind" in data:
            app_label, model = data["kind"].lower().split(".")
            entries = entries.filter(object_type__app_label=app_label, object_type__model=model)
        if "action" in data:
            entries = entries.filter(action=data["action"])
        zone = timezone.get_current_timezone()
        if "date_from" in data:
            entries = entries.filter(
                at__gte=timezone.make_aware(datetime.combine(data["date_from"], time.min), zone)
            )
        if "date_to" in data:
            next_day = datetime.combine(data["date_to"] + timedelta(days=1), time.min)
            entries = entries.filter(at__lt=timezone.make_aware(next_day, zone))
        if "q" in data:
            for word in data["q"].split():
                entries = entries.filter(
                    Q(object_label__icontains=word) | Q(actor_label__icontains=word)
                )
        return entries

    def query(self) -> str:
        """The valid filters as the address's query, for the page links."""
        from urllib.parse import urlencode

        data = getattr(self, "cleaned_data", {})
        return urlencode(
            {
                name: self.data.get(name)
                for name in self.fields
                if name in data and name not in self.errors and self.data.get(name)
            }
        )
