"""`loaddemo`: the Albertslund demo, safe to run again."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone

from ressourcenet.accounts import permissions
from ressourcenet.accounts.models import User
from ressourcenet.knowledge.models import Experience, Idea, IdeaStatusChange, Tag
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings.models import Meeting
from ressourcenet.networks.models import Membership, Network
from ressourcenet.people.models import Organisation, Person, Unit
from ressourcenet.plans.models import BoardMember, HousingArea, Plan
from ressourcenet.scheduling.models import Answer, Poll, Slot

DEMO_EMAILS = [
    "admin@example.dk",
    "koordinator@example.dk",
    "medlem@example.dk",
    "bestyrelse@example.dk",
    "redaktoer@example.dk",
]
MODELS = [
    Plan,
    HousingArea,
    Network,
    Organisation,
    Unit,
    Person,
    Membership,
    BoardMember,
    User,
    Idea,
    IdeaStatusChange,
    Tag,
    Experience,
]


def load(*args) -> str:
    out = StringIO()
    call_command("loaddemo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def demo(db) -> Plan:
    load()
    return Plan.objects.get()


def test_demo_has_three_networks_and_the_four_albertslund_areas(demo):
    assert demo.networks.count() == 3
    assert sorted(demo.areas.values_list("name", flat=True)) == sorted(
        ["Hedemarken", "Kanalens Kvarter", "Blokland", "Albertslund Nord"]
    )


def test_demo_has_about_sixty_people(demo):
    assert 55 <= Person.objects.in_plan(demo).count() <= 70


def test_every_network_has_a_coordinator_and_members(demo):
    for network in demo.networks.all():
        active = network.memberships.active()
        assert active.filter(role=Membership.Role.COORDINATOR).exists(), network.name
        assert active.count() >= 10, network.name


@pytest.mark.parametrize("email", DEMO_EMAILS)
def test_each_demo_login_works_with_the_demo_password(demo, email):
    user = authenticate(username=email, password="ressourcenet")

    assert user is not None
    assert user.email == email
    assert user.is_demo


def test_demo_logins_have_the_roles_they_are_named_for(demo):
    def roles(email):
        return permissions.roles_of(User.objects.get(email=email))

    familier = demo.networks.get(slug="familier-forebyggelse")
    assert roles("admin@example.dk").is_administrator
    assert roles("koordinator@example.dk").coordinator_of == {familier.pk}
    assert roles("medlem@example.dk").member_of == {familier.pk}
    assert not roles("medlem@example.dk").coordinator_of
    assert roles("bestyrelse@example.dk").plans_on_board == {demo.pk}
    assert roles("redaktoer@example.dk").is_editor
    assert not permissions.can_see_people(User.objects.get(email="redaktoer@example.dk"), demo)


def test_loading_twice_changes_nothing(demo):
    before = counts()
    emails_before = set(Person.objects.values_list("email", "phone"))

    load()

    assert counts() == before
    assert set(Person.objects.values_list("email", "phone")) == emails_before


def test_summary_names_the_plan_and_the_logins(db):
    output = load()

    assert "Boligsocial helhedsplan Albertslund 2017–2020" in output
    assert "3 networks" in output
    for email in DEMO_EMAILS:
        assert email in output


@pytest.mark.django_db
def test_if_empty_loads_into_an_empty_database_and_then_does_nothing():
    load("--if-empty")
    plan = Plan.objects.get()
    plan.name = "Omdøbt af en administrator"
    plan.save()
    before = counts()

    load("--if-empty")

    assert counts() == before
    assert Plan.objects.get().name == "Omdøbt af en administrator"


def test_loading_again_restores_the_demo_text(demo):
    Plan.objects.update(name="Omdøbt")

    load()

    assert Plan.objects.get().name == "Boligsocial helhedsplan Albertslund 2017–2020"


COMING = "Lektiehjælp der virker"


def days_until(meeting: Meeting) -> int:
    return (timezone.localtime(meeting.starts_at).date() - timezone.localdate()).days


def demo_loaded_weeks_ago() -> Meeting:
    """The demo's coming meeting, as if the demo had been loaded five weeks ago."""
    meeting = Meeting.objects.get(title=COMING)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at - timedelta(weeks=5),
        ends_at=meeting.ends_at - timedelta(weeks=5),
    )
    return meeting


def test_the_coming_meeting_is_three_weeks_ahead_at_four(demo):
    meeting = Meeting.objects.get(title=COMING)

    assert days_until(meeting) == 21
    assert timezone.localtime(meeting.starts_at).hour == 16
    assert meeting.ends_at > meeting.starts_at


@pytest.mark.parametrize("args", [["--if-empty"], []])
def test_a_passed_coming_meeting_moves_three_weeks_ahead_again(demo, args):
    meeting = demo_loaded_weeks_ago()
    length = meeting.ends_at - meeting.starts_at

    output = load(*args)

    meeting.refresh_from_db()
    assert days_until(meeting) == 21
    assert timezone.localtime(meeting.starts_at).hour == 16
    assert meeting.ends_at - meeting.starts_at == length
    if args:
        assert "coming meeting now takes place on" in output


def test_a_coming_meeting_whose_invitations_went_out_stays_where_it_is(demo):
    meeting = demo_loaded_weeks_ago()
    Meeting.objects.filter(pk=meeting.pk).update(invitations_sent_at=timezone.now())
    meeting.refresh_from_db()

    output = load("--if-empty")

    assert Meeting.objects.get(pk=meeting.pk).starts_at == meeting.starts_at
    assert output.strip() == "The database already has data; the demo was not loaded."


def test_a_coming_meeting_whose_time_waits_for_a_poll_is_left_without_one(demo):
    meeting = demo_loaded_weeks_ago()
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=None, ends_at=None)

    load("--if-empty")

    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.ends_at) == (None, None)


# --- the coming meeting whose time a poll is still finding ---------------------------------

POLL_MEETING = "Sådan når vi de familier, vi ikke ser"


def demo_poll() -> Poll:
    return Poll.objects.select_related("meeting").get(meeting__title=POLL_MEETING)


def test_the_demo_has_a_coming_meeting_with_an_open_poll(demo):
    poll = demo_poll()
    slots = list(poll.slots.order_by("starts_at"))

    assert not poll.meeting.has_time
    assert poll.is_open and poll.closes_at > timezone.now() + timedelta(days=7)
    assert len(slots) == 4
    assert all(poll.closes_at < slot.starts_at for slot in slots)
    assert {timezone.localtime(slot.starts_at).weekday() for slot in slots} <= {0, 1, 2, 3, 4}
    assert poll.meeting.agenda_items.exists()


def test_some_demo_people_have_answered_but_not_the_member_login(demo, mailoutbox):
    poll = demo_poll()
    invited = poll.meeting.invitations.count()
    answered = set(Answer.objects.filter(slot__poll=poll).values_list("person_id", flat=True))

    assert invited >= 15
    assert invited // 2 <= len(answered) < invited
    member = Person.objects.get(email="medlem@example.dk")
    assert poll.meeting.invitations.filter(person=member).exists()
    assert member.pk not in answered
    assert set(Answer.objects.values_list("value", flat=True)) == {"yes", "if_need_be", "no"}
    # The demo sends no e-mail: the coordinator's reminder does, when they choose.
    assert mailoutbox == []
    assert not OutgoingMessage.objects.exists()


def test_loading_twice_keeps_the_poll_and_its_answers(demo):
    before = (Slot.objects.count(), Answer.objects.count(), Poll.objects.count())

    load()

    assert (Slot.objects.count(), Answer.objects.count(), Poll.objects.count()) == before


def demo_poll_loaded_weeks_ago(weeks: int = 3) -> Poll:
    """The demo poll as if the demo had been loaded `weeks` ago: closed or closing soon."""
    poll = demo_poll()
    Poll.objects.filter(pk=poll.pk).update(closes_at=poll.closes_at - timedelta(weeks=weeks))
    for slot in poll.slots.all():
        Slot.objects.filter(pk=slot.pk).update(
            starts_at=slot.starts_at - timedelta(weeks=weeks),
            ends_at=slot.ends_at - timedelta(weeks=weeks),
        )
    return demo_poll()


@pytest.mark.parametrize("weeks", [2, 3, 10])
def test_a_closing_demo_poll_moves_whole_weeks_ahead_with_its_answers(demo, weeks):
    poll = demo_poll_loaded_weeks_ago(weeks)
    before = [
        (timezone.localtime(s.starts_at), s.answers.count()) for s in poll.slots.order_by("pk")
    ]

    output = load("--if-empty")

    poll = demo_poll()
    assert poll.is_open and poll.closes_at >= timezone.now() + timedelta(days=7)
    after = [
        (timezone.localtime(s.starts_at), s.answers.count()) for s in poll.slots.order_by("pk")
    ]
    for (old, answers_before), (new, answers_after) in zip(before, after, strict=True):
        assert (new - old).days % 7 == 0 and new > old
        assert (new.weekday(), new.time()) == (old.weekday(), old.time())
        assert answers_after == answers_before
    assert "poll now closes on" in output


def test_an_open_demo_poll_stays_where_it_is(demo):
    before = demo_poll().closes_at

    output = load("--if-empty")

    assert demo_poll().closes_at == before
    assert "poll" not in output


def test_a_demo_poll_whose_time_was_chosen_stays_where_it_is(demo):
    poll = demo_poll_loaded_weeks_ago()
    Poll.objects.filter(pk=poll.pk).update(finalised_at=timezone.now())

    load("--if-empty")

    assert demo_poll().closes_at == poll.closes_at


# --- the idea catalogue ----------------------------------------------------------------


def test_the_demo_has_about_thirty_ideas_in_every_status_and_network(demo):
    ideas = Idea.objects.in_plan(demo)

    assert 25 <= ideas.count() <= 35
    assert set(ideas.values_list("status", flat=True)) == set(Idea.Status.values)
    for network in demo.networks.all():
        assert ideas.filter(network=network).count() >= 8, network.name
    past = Meeting.objects.filter(network__plan=demo).past()
    assert all(meeting.ideas.exists() for meeting in past)
    assert ideas.filter(meeting__isnull=True).exists()


def test_the_demo_ideas_have_dated_histories_that_end_in_their_status(demo):
    for idea in Idea.objects.in_plan(demo).prefetch_related("status_changes"):
        history = list(idea.status_changes.all())
        assert history[0].from_status == "" and history[0].to_status == "new", idea.title
        assert history[-1].to_status == idea.status, idea.title
        assert all(
            later.from_status == earlier.to_status
            for earlier, later in zip(history, history[1:], strict=False)
        )
        assert all(change.reason for change in history[1:]), idea.title
        dates = [change.changed_at for change in history]
        assert dates == sorted(dates) and dates[0].year >= 2017 and dates[-1].year <= 2020
    assert IdeaStatusChange.objects.filter(from_status="").count() == Idea.objects.count()


def test_the_demo_member_owns_ideas_and_loading_e_mails_no_one(demo):
    member = Person.objects.get(email="medlem@example.dk")

    assert Idea.objects.filter(owner=member).exists()
    assert not OutgoingMessage.objects.exists()
    # The meeting that planned an idea catalogue has it, and its final summary and the
    # leaflet printed from it: the rule is met.
    jobs = Meeting.objects.get(title="Idéer til den socialøkonomiske virksomhed")
    assert jobs.delivered_capture == {"ideas", "summary", "leaflet"}


# --- summaries -----------------------------------------------------------------------


def test_the_past_meetings_have_summaries_one_open_with_proposals_waiting(demo):
    from ressourcenet.knowledge.models import Amendment, Summary

    states = sorted(
        Summary.objects.filter(meeting__network__plan=demo).values_list("state", flat=True)
    )
    assert states == ["final", "final", "open"]
    open_summary = Summary.objects.get(state="open")
    assert open_summary.takes_comments()
    assert open_summary.amendments.filter(state=Amendment.State.PENDING).count() == 2
    assert "nabo" in open_summary.body.lower()
    assert not OutgoingMessage.objects.exists()  # the demo e-mails no one


def test_a_final_summary_has_ideas_chosen_for_its_leaflet(demo):
    from ressourcenet.knowledge import leaflets
    from ressourcenet.knowledge.models import Summary

    jobs = Summary.objects.get(meeting__title="Idéer til den socialøkonomiske virksomhed")
    assert jobs.is_final and jobs.leaflet_chosen_at is not None
    titles = [idea.title for idea in leaflets.ideas_on_leaflet(jobs)]
    assert len(titles) == 4 and "Cykelværksted i Kanalens Kvarter" in titles
    assert {idea.network_id for idea in jobs.leaflet_ideas.all()} == {jobs.meeting.network_id}


# --- experiences -----------------------------------------------------------------------


def test_every_housing_area_has_a_few_experiences_some_public(demo):
    from django.contrib.auth.models import AnonymousUser

    from ressourcenet.knowledge import search
    from ressourcenet.knowledge.models import Summary

    for area in demo.areas.all():
        assert area.experiences.count() >= 2, area.name
    assert Experience.objects.filter(plan=demo, housing_area__isnull=True).exists()
    assert (
        0 < Experience.objects.filter(plan=demo, public=True).count() < Experience.objects.count()
    )
    assert Experience.objects.filter(author__user__email="medlem@example.dk").exists()
    # One final summary is public, and a public experience leads a visitor to it.
    [public] = Summary.objects.filter(meeting__network__plan=demo, public=True)
    assert public.is_final and permissions.can_see_summary(AnonymousUser(), public)
    assert Experience.objects.filter(public=True, meeting=public.meeting).exists()
    # Visitors find the public experience (and the demo blog's public posts), nothing else.
    kinds = [e.kind for e in search.find(AnonymousUser(), "lektiecaféen")]
    assert kinds.count("experience") == 1 and set(kinds) == {"experience", "post"}


def test_every_demo_experience_has_the_plans_effort(demo):
    """Through its network, or named when it has none; found by the effort's name."""
    from django.contrib.auth.models import AnonymousUser

    from ressourcenet.knowledge import search

    assert not Experience.objects.filter(plan=demo, plan_effort__isnull=True).exists()
    assert not Experience.objects.filter(plan=demo).exclude(plan_effort__plan=demo).exists()
    for experience in Experience.objects.filter(network__isnull=False):
        assert experience.plan_effort_id == experience.network.effort_id
    found = {e.kind for e in search.find(AnonymousUser(), "Uddannelse/Beskæftigelse")}
    assert found >= {"experience"}
