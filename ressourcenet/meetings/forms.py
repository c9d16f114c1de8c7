from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ressourcenet.lib import bounds
from ressourcenet.lib.bounds import BoundedModelMultipleChoiceField, BoundsMixin
from ressourcenet.lib.forms import DateTimeInput
from ressourcenet.meetings.models import HALF_TIME, AgendaItem, Capture, Meeting, MeetingRole
from ressourcenet.meetings.services import ensure_item_fits, members_of, people_around
from ressourcenet.people.models import Person, StakeholderGroup


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person: Person) -> str:
        return person.name


class MeetingForm(BoundsMixin, forms.ModelForm):
    capture = forms.MultipleChoiceField(
        label=_("Knowledge capture afterwards"),
        choices=Capture.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("How will you keep what comes out of the meeting?"),
    )

    class Meta:
        model = Meeting
        fields = ["why", "title", "purpose", "starts_at", "ends_at", "location", "capture"]
        widgets = {
            "why": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
        }
        labels = {"why": _("The meeting's why")}
        error_messages = {"title": {"required": _("Write the meeting's title.")}}
        help_texts = {
            "why": _(
                "The most important thing that must come out of the meeting. You can save a "
                "draft without it."
            ),
            "purpose": _("What the participants will do, and who should come."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A draft may be saved without the why and capture, but the method asks for both.
        self.fields["why"].recommended = True
        self.fields["capture"].recommended = True

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if (
            "starts_at" not in self.errors
            and "ends_at" not in self.errors
            and bool(start) != bool(end)
        ):
            self.add_error("ends_at" if start else "starts_at", HALF_TIME)
        return data


class NewMeetingForm(MeetingForm):
    """A new meeting, with the two ways to its time: known now, or found with a poll."""

    KNOWN, POLL = "known", "poll"
    time_way = forms.ChoiceField(
        label=_("When is the meeting?"),
        choices=[
            (KNOWN, _("We know the time")),
            (POLL, _("Find a time with a poll among the invitees")),
        ],
        initial=KNOWN,
        # Left out (a client without the field): the time fields alone decide.
        required=False,
        widget=forms.RadioSelect,
        help_text=_("With a poll, the meeting has no time until you choose one of the poll's."),
    )
    field_order = ["why", "title", "purpose", "time_way", "starts_at", "ends_at"]

    def clean(self) -> dict:
        if self.cleaned_data.get("time_way") == self.POLL:
            # The time comes from the poll: what was typed in the time fields is left out.
            for field in ("starts_at", "ends_at"):
                self.errors.pop(field, None)
                self.cleaned_data[field] = None
            return self.cleaned_data
        data = super().clean()
        if self.cleaned_data.get("time_way") == self.KNOWN:
            for field in ("starts_at", "ends_at"):
                if field not in self.errors and not data.get(field):
                    self.add_error(field, _("Give the time, or choose to find it with a poll."))
        return data

    @property
    def by_poll(self) -> bool:
        return self.cleaned_data.get("time_way") == self.POLL


class AgendaItemForm(BoundsMixin, forms.ModelForm):
    # No item is longer than the longest meeting: a resident typing 10000000000 is told
    # that, not the database's limit.
    minutes = forms.IntegerField(
        label=capfirst(AgendaItem._meta.get_field("minutes").verbose_name),
        min_value=1,
        max_value=bounds.MEETING_MAX_MINUTES,
        widget=forms.NumberInput(attrs={"class": "input-width-xs"}),
        error_messages={"required": _("Write how many minutes the item takes.")},
    )

    class Meta:
        model = AgendaItem
        fields = ["kind", "title", "minutes", "responsible"]
        field_classes = {"responsible": PersonChoiceField}
        error_messages = {
            "kind": {"required": _("Choose the kind of item.")},
            "title": {"required": _("Write the item's title.")},
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["responsible"].queryset = people_around(meeting)
        self.fields["responsible"].empty_label = _("No one in particular")

    def clean_minutes(self) -> int:
        minutes = self.cleaned_data["minutes"]
        self.instance.minutes = minutes
        try:
            ensure_item_fits(self.meeting, self.instance)  # the service's rule, by the field
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["minutes"]) from None
        return minutes


class RoleForm(BoundsMixin, forms.ModelForm):
    class Meta:
        model = MeetingRole
        fields = ["person", "role", "description"]
        field_classes = {"person": PersonChoiceField}
        error_messages = {
            "person": {"required": _("Choose a person.")},
            "role": {"required": _("Choose a role.")},
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["person"].queryset = people_around(meeting)
        self.fields["person"].empty_label = _("Choose a person")


class InviteMembersForm(BoundsMixin, forms.Form):
    people = BoundedModelMultipleChoiceField(
        queryset=Person.objects.none(),
        label=_("Members to invite"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one member.")},
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        invited = meeting.invitations.values("person_id")
        self.fields["people"].queryset = (
            members_of(meeting).exclude(pk__in=invited).order_by("name")
        )
        self.fields["people"].label_from_instance = lambda person: person.name
        if not self.is_bound:
            # For display: the members, read once, for the list and for whether it is empty.
            self.fields["people"].choices = [(p.pk, p.name) for p in self.fields["people"].queryset]


class GuestForm(BoundsMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={"required": _("Write the guest's name.")},
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("The invitation is sent here."),
        error_messages={"required": _("Write the guest's e-mail address.")},
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    stakeholder_group = forms.ChoiceField(
        label=_("Stakeholder group"),
        choices=StakeholderGroup.choices,
        initial=StakeholderGroup.GUEST,
    )


class AttendanceForm(BoundsMixin, forms.Form):
    attended = BoundedModelMultipleChoiceField(
        queryset=Person.objects.none(),
        label=_("Who came?"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = Person.objects.filter(
            invitations__meeting=meeting
        ).order_by("name")
        self.fields["attended"].label_from_instance = lambda person: person.name
