from collections.abc import Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ressourcenet.lib.bounds import BoundedModelMultipleChoiceField, BoundsMixin
from ressourcenet.lib.forms import (
    DateTimeInput,
    ErrorLink,
    field_links,
    name_the_fields,
    repeated_messages,
)
from ressourcenet.meetings.models import Meeting
from ressourcenet.meetings.services import people_around
from ressourcenet.people.models import Person
from ressourcenet.scheduling import services
from ressourcenet.scheduling.models import Answer, Poll

SLOT_ROWS = 6


class SlotForm(BoundsMixin, forms.Form):
    """One candidate time; a row left empty is left out."""

    starts_at = forms.DateTimeField(label=_("Starts"), required=False, widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends"), required=False, widget=DateTimeInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and not end and "ends_at" not in self.errors:
            self.add_error("ends_at", _("Give the time an end as well."))
        elif end and not start and "starts_at" not in self.errors:
            self.add_error("starts_at", _("Give the time a start as well."))
        return data

    @property
    def is_filled(self) -> bool:
        return bool(self.cleaned_data.get("starts_at") and self.cleaned_data.get("ends_at"))


# Always six rows (fewer suggestions leave empty ones); more than six are refused.
SlotFormSet = forms.formset_factory(
    SlotForm, extra=SLOT_ROWS, max_num=SLOT_ROWS, absolute_max=SLOT_ROWS, validate_max=True
)


class PollForm(BoundsMixin, forms.Form):
    """Up to six candidate times (a formset of start and end), key persons and a closing time.

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

    def __init__(self, data=None, *args, meeting: Meeting, suggestions: Sequence = (), **kwargs):
        self.suggestions = list(suggestions)[:SLOT_ROWS]
        super().__init__(data, *args, **kwargs)
        self.times = SlotFormSet(
            data,
            prefix="slots",
            initial=[{"starts_at": s.starts_at, "ends_at": s.ends_at} for s in self.suggestions],
        )
        self.fields["key_persons"].queryset = people_around(meeting)
        self.fields["key_persons"].label_from_instance = lambda person: person.name

    def is_valid(self) -> bool:
        times_valid = self.times.is_valid()  # both, so that every error is shown at once
        return super().is_valid() and times_valid

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or self.times.total_error_count() > 0

    def rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField, object]]:
        """Per row: its number, the start and end fields, and the suggestion it started with."""
        return [
            (
                number,
                form["starts_at"],
                form["ends_at"],
                self.suggestions[number - 1] if number <= len(self.suggestions) else None,
            )
            for number, form in enumerate(self.times, start=1)
        ]

    def summary_links(self) -> list[ErrorLink]:
        """The error summary: the times' errors by row number, then the other fields'.

        An error about the times as a whole ("add at least one time") leads to the first row.
        """
        rows = self.times.forms  # none when the rows' management form came back broken
        first_row = rows[0]["starts_at"].input_id if rows else ""
        whole = dict.fromkeys(
            str(e) for e in [*self.non_field_errors(), *self.times.non_form_errors()]
        )
        links = [ErrorLink(error, first_row) for error in whole]
        for number, row in enumerate(self.times, start=1):
            row_links = field_links(row)
            repeated = repeated_messages(row_links)
            for link in row_links:
                # "Time 1: …", or "Time 1, “Starts”: …" when the row's start and end say
                # the same.
                if link.message in repeated:
                    message = _("Time %(number)d, “%(field)s”: %(message)s")
                else:
                    message = _("Time %(number)d: %(message)s")
                values = {"number": number, "field": link.label, "message": link.message}
                links.append(ErrorLink(message % values, link.target, link.label))
        return links + name_the_fields(field_links(self))

    def filled_forms(self) -> list[SlotForm]:
        return [form for form in self.times if form.is_filled]

    def slots(self) -> list[tuple]:
        return [
            (form.cleaned_data["starts_at"], form.cleaned_data["ends_at"])
            for form in self.filled_forms()
        ]

    def add_service_error(self, error: ValidationError) -> None:
        """Show an error from `open_poll` by the field it is about (slots.<index>.<field>)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        filled = self.filled_forms()  # before an error takes a row's value out of it
        for key, messages in error.message_dict.items():
            parts = key.split(".")
            if len(parts) == 3 and parts[0] == "slots" and parts[1].isdigit():
                field = "starts_at" if parts[2] == "starts_at" else "ends_at"
                filled[int(parts[1])].add_error(field, messages)
            else:
                self.add_error("closes_at" if key == "closes_at" else None, messages)


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
            field = forms.ChoiceField(
                label=services.slot_label(slot.starts_at, slot.ends_at),
                choices=Answer.Value.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            # One answer is asked for (see clean), so no time is marked "(optional)".
            field.recommended = True
            field.group_class = "poll-slot"  # a tall target per answer (site.css)
            self.fields[f"slot_{slot.pk}"] = field

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
