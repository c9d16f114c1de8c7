"""The idea catalogue's workflows: adding one idea or many, changing one, and its status."""

from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from ressourcenet.conftest import make_person
from ressourcenet.knowledge import services
from ressourcenet.knowledge.models import Idea, IdeaStatusChange, Tag
from ressourcenet.knowledge.tests.conftest import make_idea
from ressourcenet.lib import bounds
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings import services as meeting_services
from ressourcenet.meetings.tests.conftest import make_meeting
from ressourcenet.networks.models import Membership, Network
from ressourcenet.plans.models import HousingArea, Plan

Status = Idea.Status


def danish(error: ValidationError, field: str) -> list[str]:
    with translation.override("da"):
        return [str(message) for message in error.message_dict[field]]


def in_danish(text: str, **values) -> str:
    with translation.override("da"):
        return translation.gettext(text) % values


@pytest.fixture
def other_plan(db) -> Plan:
    today = timezone.localdate()
    plan = Plan.objects.create(
        name="Andeby",
        slug="andeby",
        municipality="Andeby",
        starts_on=today - timedelta(days=400),
        ends_on=today + timedelta(days=400),
    )
    HousingArea.objects.create(plan=plan, name="Andeparken")
    Network.objects.create(plan=plan, name="Andenet", slug="ande")
    return plan


# --- one idea ----------------------------------------------------------------------------


def test_a_new_idea_is_saved_with_its_areas_tags_and_first_history_line(
    network, plan, coordinator, held_meeting, volunteer
):
    nordparken = plan.areas.get(name="Nordparken")

    idea = make_idea(
        network,
        "  Madklub for familier  ",
        by=coordinator,
        meeting=held_meeting,
        owner=volunteer,
        housing_areas=[nordparken],
        tags=["Mad", "familier"],
        status=Status.BEING_TRIED,
    )

    idea.refresh_from_db()
    assert idea.title == "Madklub for familier"
    assert idea.meeting == held_meeting and idea.owner == volunteer
    assert list(idea.housing_areas.all()) == [nordparken]
    assert sorted(idea.tags.values_list("name", flat=True)) == ["Mad", "familier"]
    assert idea.created_by == coordinator
    history = list(idea.status_changes.all())
    assert [(h.from_status, h.to_status, h.reason) for h in history] == [
        ("", Status.BEING_TRIED, "")
    ]
    assert history[0].changed_by == coordinator
    assert history[0].changed_at == idea.created_at


def test_tags_are_one_per_name_whatever_the_case_and_spacing(network, plan):
    first = make_idea(network, "Første", tags=["Ældre  borgere", "mad"])
    second = make_idea(network, "Anden", tags=["ældre borgere", "MAD", "Mad"])

    assert Tag.objects.filter(plan=plan).count() == 2
    assert set(first.tags.all()) == set(second.tags.all())
    assert plan.tags.get(key="ældre borgere").name == "Ældre borgere"


@pytest.mark.parametrize("title", ["", "   ", "Idé\x00", "Idé\u2028to linjer"])
def test_an_idea_needs_a_one_line_title(network, title):
    with pytest.raises(ValidationError) as refused:
        make_idea(network, title)

    assert "title" in refused.value.message_dict
    assert not Idea.objects.exists()


def test_the_meeting_must_be_one_of_the_networks_own(network, other_network):
    their_meeting = make_meeting(
        other_network, starts_at=timezone.now() - timedelta(days=2), title="Jobmøde"
    )

    with pytest.raises(ValidationError) as refused:
        make_idea(network, meeting=their_meeting)

    assert danish(refused.value, "meeting") == [
        in_danish("Choose one of the network's own meetings.")
    ]
    assert not Idea.objects.exists()


@pytest.mark.parametrize("kind", ["cancelled", "ahead", "no time"])
def test_ideas_come_only_from_a_meeting_under_way_or_held(network, kind):
    if kind == "no time":
        meeting = make_meeting(network, starts_at=None)
    else:
        days = -3 if kind == "cancelled" else 2
        meeting = make_meeting(network, starts_at=timezone.now() + timedelta(days=days))
    if kind == "cancelled":
        meeting.cancelled_at = timezone.now()
        meeting.save()

    with pytest.raises(ValidationError) as refused:
        make_idea(network, meeting=meeting)

    assert "meeting" in refused.value.message_dict
    assert not services.meetings_taking_ideas([network]).filter(pk=meeting.pk).exists()


def test_a_meeting_that_starts_later_today_takes_ideas(network):
    now = timezone.localtime()
    later_today = now.replace(hour=23, minute=0, second=0, microsecond=0)
    meeting = make_meeting(network, starts_at=later_today, hours=0.5)

    assert services.meeting_takes_ideas(meeting)
    assert make_idea(network, meeting=meeting).meeting == meeting
    assert services.meetings_taking_ideas([network]).filter(pk=meeting.pk).exists()


def test_areas_and_owner_must_belong_to_the_plan(network, other_plan):
    stranger = make_person("Anders And")
    stranger.housing_area = other_plan.areas.get()
    stranger.save()

    with pytest.raises(ValidationError) as refused:
        make_idea(network, owner=stranger, housing_areas=[other_plan.areas.get()])

    assert set(refused.value.message_dict) == {"owner", "housing_areas"}


def test_the_owner_is_a_member_of_one_of_the_plans_networks_today(
    network, other_network, held_meeting, volunteer
):
    guest = meeting_services.invite_guest(held_meeting, "Gert Gæst", "gert@example.org").person

    with pytest.raises(ValidationError) as refused:
        make_idea(network, owner=guest)
    assert list(refused.value.message_dict) == ["owner"]

    idea = make_idea(other_network, owner=volunteer)  # a member of the other network
    assert idea.owner == volunteer


def test_an_owner_whose_membership_ended_stays_but_is_not_chosen_anew(network, volunteer):
    idea = make_idea(network, owner=volunteer)
    Membership.objects.filter(person=volunteer).update(ends_on=timezone.localdate())

    idea.title = "Nyt navn"
    services.update_idea(idea)
    assert Idea.objects.get(pk=idea.pk).owner == volunteer

    with pytest.raises(ValidationError) as refused:
        make_idea(network, "En anden", owner=volunteer)
    assert list(refused.value.message_dict) == ["owner"]
    assert list(services.possible_owners(network.plan, keep=volunteer.pk)) == [volunteer]


@pytest.mark.parametrize(
    "tags",
    [["a" * 51], ["mad, unge"], [""], ["mad\x00"], [f"tag {n}" for n in range(21)]],
    ids=["too long", "comma", "empty", "control character", "too many"],
)
def test_tags_are_bounded(network, tags):
    with pytest.raises(ValidationError) as refused:
        make_idea(network, tags=tags)

    assert "tags" in refused.value.message_dict
    assert not Tag.objects.exists()


# --- quick entry ---------------------------------------------------------------------------


def test_quick_entry_makes_one_idea_per_line_trimmed_and_skips_blank_lines(
    network, held_meeting, member
):
    text = "  Madklub for familier \n\n\t\nByttedag   i gården\r\nLektiecafé om lørdagen\n   "

    ideas = services.create_ideas_from_lines(
        network, text, meeting=held_meeting, tags=["værksted"], by=member
    )

    assert [idea.title for idea in ideas] == [
        "Madklub for familier",
        "Byttedag i gården",
        "Lektiecafé om lørdagen",
    ]
    assert Idea.objects.filter(meeting=held_meeting, created_by=member).count() == 3
    assert IdeaStatusChange.objects.filter(to_status=Status.NEW, from_status="").count() == 3
    assert all(list(i.tags.values_list("name", flat=True)) == ["værksted"] for i in ideas)


def test_quick_entry_refuses_an_over_long_line_by_its_number_and_saves_nothing(network):
    text = "Madklub\n\n" + "x" * 201 + "\nByttedag"

    with pytest.raises(ValidationError) as refused:
        services.create_ideas_from_lines(network, text)

    expected = in_danish(
        "Line %(line)d is longer than %(max)d characters. Shorten it; the rest can go in the "
        "idea's description afterwards.",
        line=3,
        max=200,
    )
    assert danish(refused.value, "lines") == [expected]
    assert "3" in expected and "200" in expected
    assert not Idea.objects.exists()


def test_quick_entry_names_every_line_it_refuses(network):
    text = "God idé\nDårlig\x00idé\n" + "y" * 300

    with pytest.raises(ValidationError) as refused:
        services.create_ideas_from_lines(network, text)

    messages = danish(refused.value, "lines")
    assert len(messages) == 2
    assert messages[0] == in_danish(
        "Line %(line)d holds a control character. Type the line again without it.", line=2
    )
    assert " 3 " in messages[1]


@pytest.mark.parametrize("text", ["", "\n  \n\t"])
def test_quick_entry_needs_at_least_one_idea(network, text):
    with pytest.raises(ValidationError) as refused:
        services.create_ideas_from_lines(network, text)

    assert danish(refused.value, "lines") == [in_danish("Write at least one idea, one per line.")]


def test_quick_entry_takes_at_most_a_hundred_ideas(network):
    with pytest.raises(ValidationError):
        services.create_ideas_from_lines(network, "\n".join(f"Idé {n}" for n in range(101)))

    assert (
        len(services.create_ideas_from_lines(network, "\n".join(f"Idé {n}" for n in range(100))))
        == 100
    )


def test_quick_entry_saves_nothing_when_the_meeting_is_refused(network, other_network):
    their_meeting = make_meeting(other_network, starts_at=timezone.now() - timedelta(days=1))

    with pytest.raises(ValidationError) as refused:
        services.create_ideas_from_lines(network, "En\nTo", meeting=their_meeting)

    assert "meeting" in refused.value.message_dict
    assert not Idea.objects.exists()


# --- changing an idea --------------------------------------------------------------------


def test_update_saves_the_fields_areas_and_tags(idea, plan, volunteer):
    idea.title = "Madklub for alle"
    idea.owner = volunteer
    idea.public = True

    services.update_idea(
        idea, housing_areas=[plan.areas.get(name="Sydparken")], tags=["fællesskab"]
    )

    idea.refresh_from_db()
    assert (idea.title, idea.owner, idea.public) == ("Madklub for alle", volunteer, True)
    assert [a.name for a in idea.housing_areas.all()] == ["Sydparken"]
    assert [t.name for t in idea.tags.all()] == ["fællesskab"]


def test_update_without_areas_and_tags_keeps_them(idea):
    idea.description = "Nu med opskrifter."

    services.update_idea(idea)

    idea.refresh_from_db()
    assert idea.description == "Nu med opskrifter."
    assert [a.name for a in idea.housing_areas.all()] == ["Nordparken"]
    assert sorted(t.name for t in idea.tags.all()) == ["Mad", "familier"]


def test_update_changes_neither_the_status_nor_the_network(idea, other_network):
    idea.status = Status.IMPLEMENTED
    with pytest.raises(ValidationError) as refused:
        services.update_idea(idea)
    assert "status" in refused.value.message_dict

    idea.status = Status.NEW
    idea.network = other_network
    with pytest.raises(ValidationError) as refused:
        services.update_idea(idea)
    assert "network" in refused.value.message_dict

    stored = Idea.objects.get(pk=idea.pk)
    assert stored.status == Status.NEW
    assert stored.network.slug == "familier"


# --- the status ----------------------------------------------------------------------------


def test_a_status_change_is_written_in_the_history_with_its_reason(idea, coordinator):
    services.change_status(idea, Status.BEING_TRIED, "  Vi prøver i Nordparken.  ", coordinator)
    services.change_status(idea, Status.PARKED, "Ingen køkken ledigt.", coordinator)

    idea.refresh_from_db()
    assert idea.status == Status.PARKED
    history = [
        (h.from_status, h.to_status, h.reason, h.changed_by) for h in idea.status_changes.all()
    ]
    assert history == [
        ("", Status.NEW, "", coordinator),
        (Status.NEW, Status.BEING_TRIED, "Vi prøver i Nordparken.", coordinator),
        (Status.BEING_TRIED, Status.PARKED, "Ingen køkken ledigt.", coordinator),
    ]


@pytest.mark.parametrize(
    ("status", "reason", "field"),
    [
        (Status.IMPLEMENTED, "", "reason"),
        (Status.IMPLEMENTED, "   \n ", "reason"),
        ("finished", "Færdig", "status"),
        (Status.NEW, "Igen", "status"),
    ],
    ids=["no reason", "blank reason", "unknown status", "same status"],
)
def test_a_status_change_needs_a_reason_and_a_new_known_status(
    idea, coordinator, status, reason, field
):
    with pytest.raises(ValidationError) as refused:
        services.change_status(idea, status, reason, coordinator)

    assert field in refused.value.message_dict
    assert Idea.objects.get(pk=idea.pk).status == Status.NEW
    assert idea.status_changes.count() == 1


def test_the_owner_is_told_by_e_mail_when_the_status_changes(idea, volunteer, coordinator):
    idea.owner = volunteer
    services.update_idea(idea)

    change, queued, outcome = services.change_status_and_send(
        idea, Status.IMPLEMENTED, "Madklubben kører nu hver måned.", coordinator
    )

    assert (outcome.sent, outcome.failed) == (1, 0)
    message = OutgoingMessage.objects.get()
    assert queued == [message]
    assert message.kind == OutgoingMessage.Kind.IDEA_STATUS
    assert message.status == OutgoingMessage.Status.SENT
    assert message.to_email == volunteer.email
    email = django_mail.outbox[-1]
    assert email.to == [f"{volunteer.name} <{volunteer.email}>"]
    assert "Madklub for familier" in email.subject
    assert "Madklubben kører nu hver måned." in email.body
    assert "Karen Koordinator" in email.body
    # Vera has no login: a link to the page would only ask her to log in.
    assert "/ideas/" not in email.body
    assert change.to_status == Status.IMPLEMENTED


def test_an_owner_with_a_login_gets_the_link_to_the_idea(idea, member, coordinator):
    idea.owner = member.person
    services.update_idea(idea)

    services.change_status_and_send(idea, Status.PARKED, "Vi venter til foråret.", coordinator)

    assert idea.get_absolute_url() in django_mail.outbox[-1].body


def test_no_e_mail_without_an_owner_an_address_or_when_owners_change_their_own(
    idea, volunteer, member
):
    _change, queued, outcome = services.change_status_and_send(
        idea, Status.BEING_TRIED, "Uden ejer.", member
    )
    assert queued == [] and (outcome.sent, outcome.failed) == (0, 0)

    volunteer.email = ""
    volunteer.save()
    idea.owner = volunteer
    services.update_idea(idea)
    _change, queued, _outcome = services.change_status_and_send(
        idea, Status.PARKED, "Ingen adresse.", member
    )
    assert queued == []

    idea.owner = member.person
    services.update_idea(idea)
    _change, queued, _outcome = services.change_status_and_send(
        idea, Status.NEW, "Jeg starter forfra.", member
    )
    assert queued == []
    assert not OutgoingMessage.objects.exists()


def test_change_status_sends_through_the_worker_after_the_commit(
    idea, volunteer, coordinator, django_capture_on_commit_callbacks
):
    idea.owner = volunteer
    services.update_idea(idea)

    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(idea, Status.BEING_TRIED, "Vi går i gang.", coordinator)

    assert OutgoingMessage.objects.get().status == OutgoingMessage.Status.SENT


# --- properties ----------------------------------------------------------------------------


@given(st.text())
def test_a_tags_key_is_its_own_key(name):
    """The catalogue filters by a tag's key: the key must find its own tag again."""
    key = Tag.key_for(name)

    assert Tag.key_for(key) == key
    assert key == key.casefold() and key == " ".join(key.split())


@given(st.lists(st.text(alphabet=st.characters(), max_size=220), max_size=120))
def test_quick_entry_reads_every_line_or_refuses_the_whole(lines):
    text = "\n".join(lines)
    try:
        titles = services.read_lines(text)
    except ValidationError as error:
        assert list(error.message_dict) == ["lines"]
        return
    assert 1 <= len(titles) <= services.QUICK_ENTRY_MAX
    assert len(titles) == sum(1 for line in text.splitlines() if line.split())
    for title in titles:
        assert title == " ".join(title.split()) and 1 <= len(title) <= 200
        assert bounds.one_line_problem(title, "") is None
