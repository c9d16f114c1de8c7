from collections.abc import Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ressourcenet.lib.bounds import BoundedModelMultipleChoiceField, BoundsMixin
from ressourcenet.lib.forms import DateTimeInput
from ressourcenet.meetings.models import Meeting
from ressourcenet.meetings.services import people_around
from ressourcenet.people.models import Person
from ressourcenet.scheduling import services
from ressourcenet.scheduling.models import Answer, Poll

SLOT_ROWS = 6


class PollForm(BoundsMixin, forms.Form):
    """Up to six candidate times (rows of start and end), key persons and a closing time.

    The rules on the times themselves (end after start, at least one time, closing in the
    future) belong to `services.open_poll`; `add_service_error` puts its errors by the fields.
    """

    key_persons = BoundedModelMultipleChoiceField(
        queryset=Person.objects.none(),
        label=_("Key persons"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "People who must be able to come, such as the speaker. They are invited if they "
            "are not already."
        ),
    )
    closes_at = forms.DateTimeField(
        label=_("Answers close"),
        required=False,
        widget=DateTimeInput(),
        help_text=_(
            "After this, the invitees can no longer answer. Leave it empty to decide later."
        ),
    )

    def __init__(self, *args, meeting: Meeting, suggestions: Sequence = (), **kwargs):
        self.suggestions = list(suggestions)[:SLOT_ROWS]
        initial = {
            f"slot_{row}_{part}": value
            for row, suggestion in enumerate(self.suggestions, start=1)
            for part, value in (("start", suggestion.starts_at), ("end", suggestion.ends_at))
        }
        super().__init__(*args, initial=initial, **kwargs)
        for row in range(1, SLOT_ROWS + 1):
            self.fields[f"slot_{row}_start"] = forms.DateTimeField(
                label=_("Starts"), required=False, widget=DateTimeInput()
            )
            self.fields[f"slot_{row}_end"] = forms.DateTimeField(
                label=_("Ends"), required=False, widget=DateTimeInput()
            )
        self.fields["key_persons"].queryset = people_around(meeting)
        self.fields["key_persons"].label_from_instance = lambda person: person.name
        self.filled_rows: list[int] = []

    def rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField, object]]:
        """Per row: its number, the start and end fields, and the suggestion it started with."""
        return [
            (
                row,
                self[f"slot_{row}_start"],
                self[f"slot_{row}_end"],
                self.suggestions[row - 1] if row <= len(self.suggestions) else None,
            )
            for row in range(1, SLOT_ROWS + 1)
        ]

    def clean(self):
        data = super().clean()
        self.filled_rows = []
        for row in range(1, SLOT_ROWS + 1):
            start, end = (f"slot_{row}_start", f"slot_{row}_end")
            if start in self.errors or end in self.errors:
                continue
            if data.get(start) and data.get(end):
                self.filled_rows.append(row)
            elif data.get(start):
                self.add_error(end, _("Give the time an end as well."))
            elif data.get(end):
                self.add_error(start, _("Give the time a start as well."))
        return data

    def slots(self) -> list[tuple]:
        return [
            (self.cleaned_data[f"slot_{row}_start"], self.cleaned_data[f"slot_{row}_end"])
            for row in self.filled_rows
        ]

    def add_service_error(self, error: ValidationError) -> None:
        """Show an error from `open_poll` by the field it is about (slots.<index>.<field>)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, messages in error.message_dict.items():
            self.add_error(self._field_for(key), messages)

    def _field_for(self, key: str) -> str | None:
        if key == "closes_at":
            return key
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "slots" and parts[1].isdigit():
            row = self.filled_rows[int(parts[1])]
            return f"slot_{row}_start" if parts[2] == "starts_at" else f"slot_{row}_end"
        return None


class AnswerForm(BoundsMixin, forms.Form):
    """Yes / if need be / no for each time of the poll; a time left open counts as no."""

    def __init__(self, *args, poll: Poll, person: Person, **kwargs):
        earlier = Answer.objects.filter(slot__poll=poll, person=person)
        initial = {
            f"slot_{slot_id}": value for slot_id, value in earlier.values_list("slot", "value")
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.slots = list(poll.slots.all())
        for slot in self.slots:
            self.fields[f"slot_{slot.pk}"] = forms.ChoiceField(
                label=services.slot_label(slot.starts_at, slot.ends_at),
                choices=Answer.Value.choices,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-radio"}),
            )

    def clean(self):
        cleaned = super().clean()
        if self.slots and not any(cleaned.get(f"slot_{slot.pk}") for slot in self.slots):
            raise forms.ValidationError(_("Choose an answer for at least one time."))
        return cleaned

    def answers(self) -> dict[int, str]:
        return {
            slot.pk: self.cleaned_data[f"slot_{slot.pk}"]
            for slot in self.slots
            if self.cleaned_data.get(f"slot_{slot.pk}")
        }
