from django import forms
from django.utils.translation import gettext_lazy as _

from ressourcenet.knowledge import experiences, services, summaries
from ressourcenet.knowledge.models import Amendment, Experience, Idea, Summary, SummaryRevision
from ressourcenet.lib import bounds
from ressourcenet.lib.bounds import BoundedModelMultipleChoiceField, BoundsMixin
from ressourcenet.lib.dates import format_date
from ressourcenet.meetings.models import Meeting
from ressourcenet.networks.models import Network
from ressourcenet.people.models import Person
from ressourcenet.plans.models import Plan

TAGS_HELP = _("Words that group ideas across the networks, separated by commas.")


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting: Meeting) -> str:
        return f"{meeting.title} ({format_date(meeting.starts_at, 'date')})"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person: Person) -> str:
        return person.name


class TagsField(forms.CharField):
    """Tags typed as "mad, unge"; cleaned into a list of names, checked by the service."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def clean(self, value) -> list[str]:
        names = services.split_tags(super().clean(value))
        if problems := services.tags_problems(names):
            raise forms.ValidationError(problems)
        return names


class IdeaForm(BoundsMixin, forms.ModelForm):
    """A new idea (with the network to add it to) or an idea's changes (its network stays)."""

    tags = TagsField(label=_("Tags"), required=False, max_length=1000, help_text=TAGS_HELP)

    class Meta:
        model = Idea
        fields = ["network", "title", "description", "meeting", "housing_areas", "owner", "public"]
        field_classes = {
            "meeting": MeetingChoiceField,
            "owner": PersonChoiceField,
            "housing_areas": BoundedModelMultipleChoiceField,
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "housing_areas": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "meeting": _("The meeting the idea came out of, if it did."),
            "housing_areas": _("Where the idea would make a difference."),
        }

    field_order = ["network", "title", "description", "meeting", "housing_areas", "tags"]

    def __init__(self, *args, plan: Plan, networks, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["network"].queryset = networks
            self.fields["network"].empty_label = None if len(networks) == 1 else _("Choose …")
            meeting_networks = networks
        else:
            del self.fields["network"]
            self.initial["tags"] = [tag.name for tag in self.instance.tags.all()]
            meeting_networks = [self.instance.network]
        self.fields["meeting"].queryset = services.meetings_taking_ideas(meeting_networks)
        self.fields["meeting"].empty_label = _("Not from a meeting")
        self.fields["housing_areas"].queryset = plan.areas.all()
        self.fields["owner"].queryset = services.possible_owners(plan, keep=self.instance.owner_id)
        self.fields["owner"].empty_label = _("No one yet")


class QuickEntryForm(BoundsMixin, forms.Form):
    """One idea per line, as a workshop writes them on the wall."""

    network = forms.ModelChoiceField(queryset=Network.objects.none(), label=_("Network"))
    meeting = MeetingChoiceField(
        queryset=Meeting.objects.none(),
        label=_("From the meeting"),
        required=False,
        empty_label=_("Not from a meeting"),
    )
    lines = forms.CharField(
        label=_("Ideas, one per line"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Each line becomes an idea with the line as its title. Empty lines are left out. "
            "You can add a description and more to each idea afterwards."
        ),
        max_length=100_000,
    )
    tags = TagsField(
        label=_("Tags for all of them"), required=False, max_length=1000, help_text=TAGS_HELP
    )

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        self.fields["network"].empty_label = None if len(networks) == 1 else _("Choose …")
        self.fields["meeting"].queryset = services.meetings_taking_ideas(networks)


class StatusForm(BoundsMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=Idea.Status.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why does the status change?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The idea's owner is told, and the reason stays in the idea's history."),
    )

    def __init__(self, *args, idea: Idea, **kwargs):
        super().__init__(*args, **kwargs)
        # The status it has is no change: offer the others.
        self.fields["status"].choices = [
            (value, label) for value, label in Idea.Status.choices if value != idea.status
        ]


# --- summaries -------------------------------------------------------------------------

MARKDOWN_HELP = _(
    "Write in Markdown: # for a heading, - for a list, **bold**, [text](https://…) for a "
    "link. HTML is shown as text."
)


class SummaryForm(BoundsMixin, forms.Form):
    body = forms.CharField(
        label=_("Summary"),
        max_length=bounds.max_length(Summary, "body"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=MARKDOWN_HELP,
    )


def public_summary_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=_("Show the summary to visitors who are not logged in once it is final"),
        required=False,
        help_text=_(
            "They see the text, without names, proposals or comments. Do not tick it if the "
            "text names people."
        ),
    )


class SummaryDraftForm(SummaryForm):
    """The text of a draft or of a summary open for comments, and whether it is public."""

    public = public_summary_field()


class PublicForm(forms.Form):
    """Make a summary public or private again, whatever its state."""

    public = public_summary_field()


class RevisionForm(SummaryForm):
    """A correction to a final summary: the whole new text and why."""

    reason = forms.CharField(
        label=_("Why is it corrected?"),
        max_length=bounds.max_length(SummaryRevision, "reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone who reads the summary sees the correction and its reason."),
    )


class OpenForm(forms.Form):
    days = forms.IntegerField(
        label=_("Days for comments"),
        min_value=summaries.COMMENT_DAYS_MIN,
        max_value=summaries.COMMENT_DAYS_MAX,
        initial=summaries.COMMENT_DAYS,
        help_text=_("Those who came can propose changes and comment until then."),
    )


class AmendmentForm(BoundsMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you want to do?"),
        choices=Amendment.Kind.choices,
        initial=Amendment.Kind.AMENDMENT,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Your proposal or comment"),
        max_length=bounds.max_length(Amendment, "text"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("For a change, write the text as you think it should stand."),
    )


class IdeaLabelField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, idea: Idea) -> str:
        return f"{idea.title} ({idea.get_status_display().lower()})"


class LeafletIdeasForm(BoundsMixin, forms.Form):
    """The ideas on the meeting's leaflet, from the ideas of the meeting's network."""

    ideas = IdeaLabelField(
        queryset=Idea.objects.none(),
        label=_("Ideas on the leaflet"),
        help_text=_("Choose none, and the leaflet says that no ideas were chosen."),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": _("Choose only ideas from this meeting's network."),
            "invalid_pk_value": _("Choose only ideas from this meeting's network."),
        },
    )

    def __init__(self, *args, ideas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ideas"].queryset = ideas


# --- experiences -------------------------------------------------------------------------

ACTIVITY_LIST = "activity-suggestions"


class ExperienceForm(BoundsMixin, forms.ModelForm):
    """A new experience in the plan, or an experience's changes."""

    class Meta:
        model = Experience
        fields = [
            "housing_area",
            "plan_effort",
            "activity",
            "worked",
            "did_not_work",
            "network",
            "meeting",
            "public",
        ]
        field_classes = {"meeting": MeetingChoiceField}
        widgets = {
            "worked": forms.Textarea(attrs={"rows": 5}),
            "did_not_work": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "housing_area": _(
                "Where you made the experience. Choose the whole plan if it holds everywhere."
            ),
            "plan_effort": _(
                "The plan's effort the experience belongs to. Left empty, it is the network's."
            ),
            "worked": _("Fill in this field, the next one, or both."),
            "network": _("The network that talked about it, if one did."),
            "meeting": _("The meeting where the experience was shared, if it was."),
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["housing_area"].queryset = plan.areas.all()
        self.fields["housing_area"].empty_label = _("The whole plan")
        self.fields["plan_effort"].queryset = plan.efforts.all()
        self.fields["plan_effort"].empty_label = _("No effort")
        self.fields["activity"].widget.attrs.update(list=ACTIVITY_LIST, autocomplete="off")
        self.fields["network"].queryset = plan.networks.all()
        self.fields["network"].empty_label = _("No network")
        self.fields["meeting"].queryset = experiences.meetings_for(plan)
        self.fields["meeting"].empty_label = _("Not from a meeting")
        # One of the two is needed: neither is marked "(optional)".
        self.fields["worked"].recommended = True
        self.fields["did_not_work"].recommended = True

    def clean(self):
        data = super().clean()
        empty = not data.get("worked") and not data.get("did_not_work")
        if empty and not (self.has_error("worked") or self.has_error("did_not_work")):
            self.add_error("worked", _("Write what worked, what did not work, or both."))
        return data
