"""Every form of the project, sent empty and then with a wrong value in every field: each
error says what to do in words of its own, never Django's general "This field is
required.", and the error summary lists the message alone, not "Label: message".

The walk takes every form class in the apps' form modules (a new one fails the test until
it is added below). The admin's forms are left out: the admin lays out its own errors,
though its fields get the same messages, from the same renderer."""

import html
import importlib
import importlib.util
import pkgutil
import re
from datetime import timedelta

import pytest
from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.core import validators
from django.forms import fields as django_fields
from django.forms import models as django_models
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

import ressourcenet
import ressourcenet.accounts.views
import ressourcenet.meetings.forms
import ressourcenet.networks.forms
import ressourcenet.people.forms
import ressourcenet.scheduling.forms
from ressourcenet.accounts.forms import AdminLoginForm, ApiTokenForm, EmailAuthenticationForm
from ressourcenet.accounts.views import DanishPasswordResetForm
from ressourcenet.agreements.forms import CofinancingForm, CooperationForm, PaperAcceptanceForm
from ressourcenet.agreements.models import CooperationAgreement, Party
from ressourcenet.audit.forms import LogFilterForm
from ressourcenet.blog.forms import BloggerForm, CommentForm, ModerationForm, PostForm
from ressourcenet.evaluation.forms import EvaluationForm
from ressourcenet.governance.forms import BoardMeetingForm, RecommendationForm, TransitionForm
from ressourcenet.governance.models import BoardMeeting, Recommendation
from ressourcenet.knowledge.forms import (
    AmendmentForm,
    ExperienceForm,
    IdeaForm,
    LeafletIdeasForm,
    OpenForm,
    PublicForm,
    QuickEntryForm,
    RevisionForm,
    StatusForm,
    SummaryDraftForm,
    SummaryForm,
)
from ressourcenet.knowledge.models import Idea
from ressourcenet.knowledge.services import create_idea
from ressourcenet.lib.forms import summary_links
from ressourcenet.meetings.forms import (
    AgendaItemForm,
    AttendanceForm,
    GuestForm,
    InviteMembersForm,
    MeetingForm,
    NewMeetingForm,
    RoleForm,
)
from ressourcenet.meetings.models import Meeting
from ressourcenet.meetings.services import invite_members
from ressourcenet.meetings.tests.conftest import days_ahead, make_meeting
from ressourcenet.networks.forms import AddMemberForm, EndMembershipForm, MembershipForm
from ressourcenet.networks.models import Network
from ressourcenet.people.forms import NewPersonForm, PersonForm
from ressourcenet.scheduling import services
from ressourcenet.scheduling.forms import SLOT_ROWS, AnswerForm, PollForm, SlotForm

# Every app's forms module, found rather than listed: a new app's forms join the walk.
FORM_MODULES = [
    ressourcenet.accounts.views,
    *(
        importlib.import_module(f"ressourcenet.{app.name}.forms")
        for app in pkgutil.iter_modules(ressourcenet.__path__)
        if app.ispkg and importlib.util.find_spec(f"ressourcenet.{app.name}.forms")
    ),
]
# The management form a browser sends with the poll's rows of times.
SLOT_ROWS_SENT = {
    "slots-TOTAL_FORMS": str(SLOT_ROWS),
    "slots-INITIAL_FORMS": "0",
    "slots-MIN_NUM_FORMS": "0",
    "slots-MAX_NUM_FORMS": str(SLOT_ROWS),
}


def project_form_classes() -> set[type]:
    found = set()
    for module in FORM_MODULES:
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                found.add(value)
    return found


@pytest.fixture
def make_form(plan, network, admin_user, member):
    """make_form(cls, data) -> a bound form of that class, made as its page makes it."""
    meeting = make_meeting(network)
    invite_members(meeting)
    start = days_ahead(20)
    poll = services.open_poll(meeting, [(start, start + timedelta(hours=2))])
    membership = network.memberships.get(person=member.person)
    idea = create_idea(Idea(network=network, title="Lektiecafé om lørdagen"), by=admin_user)
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.1")
    networks = Network.objects.filter(plan=plan)
    # A postponed recommendation: its decision form asks for a reason, a date and the later
    # board meeting.
    postponed = Recommendation.objects.create(
        network=network,
        title="Lektiecafé om fredagen",
        state=Recommendation.State.POSTPONED,
        board_meeting=BoardMeeting.objects.create(plan=plan, date=days_ahead(30).date()),
    )
    # A pending cooperation agreement with a party who has not accepted: the coordinator
    # records that they signed on paper.
    agreement = CooperationAgreement.objects.create(
        plan=plan,
        network=network,
        title="Fælles sommerferie",
        purpose="Aktiviteter for børn i sommerferien.",
        starts_on=days_ahead(1).date(),
        ends_on=days_ahead(300).date(),
    )
    Party.objects.create(agreement=agreement, person=member.person)
    makers = {
        EmailAuthenticationForm: lambda data: EmailAuthenticationForm(request, data=data),
        AdminLoginForm: lambda data: AdminLoginForm(request, data=data),
        DanishPasswordResetForm: DanishPasswordResetForm,
        ApiTokenForm: ApiTokenForm,
        PersonForm: lambda data: PersonForm(data, plan=plan),
        NewPersonForm: lambda data: NewPersonForm(data, plan=plan, networks=networks),
        AddMemberForm: lambda data: AddMemberForm(data, network=network, user=admin_user),
        MembershipForm: lambda data: MembershipForm(data, instance=membership),
        EndMembershipForm: EndMembershipForm,
        MeetingForm: lambda data: MeetingForm(data, instance=meeting),
        NewMeetingForm: lambda data: NewMeetingForm(data, instance=Meeting(network=network)),
        AgendaItemForm: lambda data: AgendaItemForm(data, meeting=meeting),
        RoleForm: lambda data: RoleForm(data, meeting=meeting),
        InviteMembersForm: lambda data: InviteMembersForm(data, meeting=meeting),
        GuestForm: GuestForm,
        AttendanceForm: lambda data: AttendanceForm(data, meeting=meeting),
        PollForm: lambda data: PollForm(SLOT_ROWS_SENT | data, meeting=meeting),
        SlotForm: SlotForm,
        AnswerForm: lambda data: AnswerForm(data, poll=poll, person=member.person),
        IdeaForm: lambda data: IdeaForm(data, plan=plan, networks=networks),
        QuickEntryForm: lambda data: QuickEntryForm(data, networks=networks),
        StatusForm: lambda data: StatusForm(data, idea=idea),
        SummaryForm: SummaryForm,
        RevisionForm: RevisionForm,
        OpenForm: OpenForm,
        AmendmentForm: AmendmentForm,
        EvaluationForm: EvaluationForm,
        LeafletIdeasForm: lambda data: LeafletIdeasForm(data, ideas=Idea.objects.all()),
        SummaryDraftForm: SummaryDraftForm,
        PublicForm: PublicForm,
        ExperienceForm: lambda data: ExperienceForm(data, plan=plan),
        RecommendationForm: lambda data: RecommendationForm(data, plan=plan),
        BoardMeetingForm: BoardMeetingForm,
        TransitionForm: lambda data: TransitionForm(
            data, recommendation=postponed, to=Recommendation.State.APPROVED
        ),
        CofinancingForm: lambda data: CofinancingForm(data, plan=plan),
        CooperationForm: lambda data: CooperationForm(data, network=network),
        PaperAcceptanceForm: lambda data: PaperAcceptanceForm(data, agreement=agreement),
        CommentForm: CommentForm,
        ModerationForm: ModerationForm,
        PostForm: PostForm,
        BloggerForm: BloggerForm,
        LogFilterForm: LogFilterForm,
        # Django's own, on the page that sets a new password.
        SetPasswordForm: lambda data: SetPasswordForm(admin_user, data),
    }
    missing = project_form_classes() - set(makers)
    assert not missing, f"add these forms to the walk: {sorted(c.__name__ for c in missing)}"

    def _make(cls, data):
        return makers[cls](data)

    _make.classes = list(makers)
    return _make


def a_wrong_value(field: forms.Field):
    """A value the field refuses, whatever else the form asks for."""
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return ["999999"]
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return "999999"
    if isinstance(field, forms.EmailField):
        return "not an e-mail address"
    if isinstance(field, forms.IntegerField):
        return "-5" if field.min_value is not None else "many"
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return "someday"
    if isinstance(field, forms.CharField) and field.max_length:
        return "x" * (field.max_length + 1)
    return None  # anything goes (a text without a limit, a tick box)


def wrong_data(form: forms.BaseForm) -> dict:
    data = {}
    for subform in [form, *getattr(form, "times", [])]:
        for name, field in subform.fields.items():
            value = a_wrong_value(field)
            if value is not None:
                data[subform.add_prefix(name)] = value
    return data


def generic_patterns() -> list[re.Pattern]:
    """Django's own general messages, in the active language, with their values as wildcards."""
    messages = []
    for module in (django_fields, django_models):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.Field):
                messages += value.default_error_messages.values()
    messages += [validators.EmailValidator.message, validators.URLValidator.message]
    messages += [validators.MinValueValidator.message, validators.MaxValueValidator.message]
    # Django's own msgids, built from parts so that makemessages does not copy them here.
    ensure = "Ensure this value has {} %(limit_value)d {} (it has %(show_value)d)."
    for length in ("at most", "at least"):
        singular, plural = ensure.format(length, "character"), ensure.format(length, "characters")
        messages.append(translation.ngettext(singular, plural, 2))
    placeholder = re.escape("%(") + r"\w+" + re.escape(")") + "[sd]"
    return [
        re.compile(re.sub(placeholder, ".*", re.escape(str(message))), re.DOTALL)
        for message in messages
    ]


def summary_texts(form: forms.BaseForm) -> list[str]:
    summary = render_to_string("forms/_error_summary.html", {"links": summary_links(form)})
    return [
        html.unescape(re.sub(r"<[^>]+>", "", item)).strip()
        for item in re.findall(r"<li>(.*?)</li>", summary, re.DOTALL)
    ]


def field_errors(form: forms.BaseForm) -> list[tuple[str, str]]:
    """(label, message) for every error next to a field, the poll's rows of times included."""
    found = []
    for subform in [form, *getattr(form, "times", [])]:
        for field in subform:
            found += [(str(field.label), str(error)) for error in field.errors]
        found += [("", str(error)) for error in subform.non_field_errors()]
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("sent", ["empty", "wrong"])
def test_every_error_of_every_form_says_what_to_do_without_repeating_its_label(make_form, sent):
    problems = []
    with translation.override("da"):
        generic = generic_patterns()
        for cls in make_form.classes:
            form = make_form(cls, {})
            if sent == "wrong":
                form = make_form(cls, wrong_data(form))
            form.is_valid()
            for label, message in field_errors(form):
                if any(pattern.fullmatch(message) for pattern in generic):
                    problems.append(f"{cls.__name__}: {label!r} says {message!r}")
                if label and message.rstrip(".").lower() == label.lower():
                    problems.append(f"{cls.__name__}: {label!r} only repeats its label")
            texts = summary_texts(form)
            if len(texts) != len(set(texts)):
                problems.append(f"{cls.__name__}: the summary repeats a line: {texts}")
            for text in texts:
                repeated = re.fullmatch(r"(.+?): \1\.?", text)
                labelled = any(text.startswith(f"{label}:") for label, _ in field_errors(form))
                if repeated or labelled:
                    problems.append(f"{cls.__name__}: the summary says {text!r}")

    assert problems == []


@pytest.mark.django_db
def test_the_walk_finds_errors_at_all(make_form):
    """The walk above is no walk if the forms it sends come back without errors."""
    with translation.override("da"):
        required = make_form(GuestForm, {})
        wrong = make_form(AgendaItemForm, wrong_data(make_form(AgendaItemForm, {})))

        assert summary_texts(required)[0] == translation.gettext("Write the guest's name.")
        assert len(summary_texts(wrong)) == len(wrong.errors) > 1


@pytest.mark.django_db
def test_a_generic_message_is_caught(make_form):
    """The check itself: Django's own words for a field are found."""
    with translation.override("da"):
        plain = forms.CharField().error_messages["required"]
        assert any(pattern.fullmatch(str(plain)) for pattern in generic_patterns())
