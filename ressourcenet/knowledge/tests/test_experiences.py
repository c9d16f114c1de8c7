"""Shared experiences: who reads, writes and changes them, the rules of the service, and
the pages (list with filters, detail, add, edit, delete)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from ressourcenet.accounts import permissions
from ressourcenet.conftest import make_person, make_user
from ressourcenet.knowledge import experiences
from ressourcenet.knowledge.models import Experience, SearchEntry
from ressourcenet.knowledge.tests.conftest import HTMX, make_experience
from ressourcenet.lib.forms import CHOOSE_AGAIN
from ressourcenet.meetings.tests.conftest import make_meeting
from ressourcenet.networks.models import Membership

pytestmark = pytest.mark.django_db

READERS = ["admin_user", "coordinator", "member", "board_member", "steering_member"]
NOT_READERS = ["editor", "outsider"]


def da(text: str) -> str:
    with translation.override("da"):
        return gettext(text)


def list_url(plan) -> str:
    return reverse("experience_list", args=[plan.slug])


def post_data(plan, **changes) -> dict:
    data = {
        "housing_area": str(plan.areas.get(name="Sydparken").pk),
        "activity": "Fællesspisning",
        "worked": "Mange familier kom, da vi lavede mad sammen.",
        "did_not_work": "",
        "network": "",
        "meeting": "",
    }
    return data | changes


# --- permissions -------------------------------------------------------------------------


@pytest.mark.parametrize("who", READERS)
def test_the_plans_people_read_and_write_experiences(request, plan, who):
    user = request.getfixturevalue(who)
    assert permissions.can_see_experiences(user, plan)
    assert permissions.can_write_experience(user, plan)


@pytest.mark.parametrize("who", NOT_READERS)
def test_others_neither_read_nor_write(request, plan, who, experience, public_experience):
    user = request.getfixturevalue(who)
    assert not permissions.can_see_experiences(user, plan)
    assert not permissions.can_write_experience(user, plan)
    assert not permissions.can_see_experience(user, experience)
    assert permissions.can_see_experience(user, public_experience)


def test_a_visitor_sees_only_public_experiences(plan, experience, public_experience):
    from django.contrib.auth.models import AnonymousUser

    shown = permissions.visible_experiences(AnonymousUser(), plan.experiences.all(), plan)
    assert list(shown) == [public_experience]


@pytest.mark.parametrize(
    ("who", "changes"),
    [
        ("admin_user", True),
        ("member", True),  # the author
        ("coordinator", True),  # of the experience's network
        ("board_member", False),
        ("steering_member", False),
        ("outsider", False),
    ],
)
def test_who_changes_an_experience(request, experience, who, changes):
    user = request.getfixturevalue(who)
    assert permissions.can_change_experience(user, experience) is changes


def test_the_coordinator_of_another_network_does_not_change_it(plan, other_network, experience):
    person = make_person("Kurt Anden")
    Membership.objects.create(
        network=other_network,
        person=person,
        role=Membership.Role.COORDINATOR,
        starts_on=plan.starts_on,
    )
    user = make_user("kurt@example.org", person)
    assert permissions.can_see_experience(user, experience)
    assert not permissions.can_change_experience(user, experience)


def test_a_member_of_another_plan_sees_only_the_public_ones(
    experience, public_experience, other_plan_member
):
    assert not permissions.can_see_experience(other_plan_member, experience)
    assert permissions.can_see_experience(other_plan_member, public_experience)
    assert not permissions.can_write_experience(other_plan_member, experience.plan)


# --- the service ---------------------------------------------------------------------------


def test_worked_or_did_not_work_is_needed(plan):
    with pytest.raises(Exception) as error:
        make_experience(plan, worked="", did_not_work="  ")
    assert "worked" in error.value.message_dict


def test_only_the_plans_own_area_network_and_meeting(plan, other_plan_member):
    other_plan = other_plan_member.person.memberships.get().network.plan
    foreign_area = other_plan.areas.create(name="Andetstedparken")
    foreign_network = other_plan.networks.get()
    foreign_meeting = make_meeting(
        foreign_network, title="Andetsteds møde", starts_at=timezone.now() - timedelta(days=2)
    )
    with pytest.raises(Exception) as error:
        make_experience(
            plan, housing_area=foreign_area, network=foreign_network, meeting=foreign_meeting
        )
    assert set(error.value.message_dict) == {"housing_area", "network", "meeting"}


def test_the_meeting_must_be_the_networks_and_held(plan, network, other_network):
    held = make_meeting(network, title="Holdt", starts_at=timezone.now() - timedelta(days=2))
    ahead = make_meeting(network, title="Kommende")
    with pytest.raises(Exception) as error:
        make_experience(plan, network=other_network, meeting=held)
    assert "meeting" in error.value.message_dict
    with pytest.raises(Exception) as error:
        make_experience(plan, meeting=ahead)
    assert "meeting" in error.value.message_dict


def test_the_network_follows_the_meeting_when_left_out(plan, network):
    held = make_meeting(network, title="Holdt", starts_at=timezone.now() - timedelta(days=2))
    experience = make_experience(plan, meeting=held)
    assert experience.network == network


def test_activity_is_one_trimmed_line(plan):
    experience = make_experience(plan, activity="  Lektie   café ")
    assert experience.activity == "Lektie café"
    with pytest.raises(Exception) as error:
        make_experience(plan, activity="Lektie\x00café")
    assert "activity" in error.value.message_dict


def test_activity_suggestions_are_the_plans_activities_most_used_first(plan):
    make_experience(plan, "Fællesspisning")
    make_experience(plan, "Lektiecafé")
    make_experience(plan, "Lektiecafé")
    assert experiences.activity_suggestions(plan) == ["Lektiecafé", "Fællesspisning"]


def test_update_keeps_plan_and_author_and_reindexes(experience, member):
    experience.activity = "Lektiehjælp"
    experience.author = None
    experiences.update_experience(experience)
    experience.refresh_from_db()
    assert experience.author == member.person
    entry = SearchEntry.objects.get(kind="experience", object_id=experience.pk)
    assert entry.title.startswith("Lektiehjælp")


def test_delete_removes_the_search_entry(experience):
    experiences.delete_experience(experience)
    assert not SearchEntry.objects.filter(kind="experience").exists()


# --- the list ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", READERS)
def test_readers_see_every_experience_with_names(request, login, plan, who, experience):
    response = login(request.getfixturevalue(who)).get(list_url(plan))
    assert response.status_code == 200
    assert "Lektiecafé" in response.content.decode()
    assert "Mads Medlem" in response.content.decode()


@pytest.mark.parametrize("who", [None, "editor", "outsider"])
def test_others_see_public_experiences_without_names(
    request, login, plan, who, experience, public_experience
):
    user = request.getfixturevalue(who) if who else None
    content = login(user).get(list_url(plan)).content.decode()
    assert "Fællesspisning" in content
    assert "Lektiecafé" not in content
    assert "Vera Frivillig" not in content
    assert reverse("experience_create", args=[plan.slug]) not in content


def test_the_list_filters_by_area_activity_and_network(
    login, plan, network, member, experience, public_experience
):
    client = login(member)
    nord = plan.areas.get(name="Nordparken").pk
    by_area = client.get(list_url(plan), {"area": nord}).content.decode()
    by_activity = client.get(list_url(plan), {"activity": "fællesspisning"}).content.decode()
    by_network = client.get(list_url(plan), {"network": network.pk}).content.decode()
    assert "Lektiecafé – Nordparken" in by_area and "Fællesspisning –" not in by_area
    assert "Fællesspisning –" in by_activity and "Lektiecafé –" not in by_activity
    assert "Lektiecafé –" in by_network and "Fællesspisning –" not in by_network


def test_the_htmx_list_answers_with_the_results_only(login, plan, member, experience):
    response = login(member).get(list_url(plan), {"area": "1"}, **HTMX)
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="results">')
    assert "data-announce" in content


def test_odd_filters_and_pages_are_ignored(login, plan, member, experience):
    client = login(member)
    for query in (
        {"area": "10" + "0" * 30},
        {"network": "\x00"},
        {"activity": "x" * 5000},
        {"effort": "x" * 5000},
        {"page": "99999999999999999999999"},
        {"area": "-1", "page": "abc"},
    ):
        assert client.get(list_url(plan), query).status_code == 200


def test_the_list_pages_in_a_constant_number_of_queries(login, plan, network, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(member)
    held = make_meeting(network, title="Holdt", starts_at=timezone.now() - timedelta(days=2))

    def add(count: int) -> None:
        for _number in range(count):
            make_experience(
                plan,
                f"Indsats {Experience.objects.count()}",
                author=member.person,
                housing_area=plan.areas.get(name="Nordparken"),
                network=network,
                meeting=held,
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(list_url(plan)).status_code == 200
        return len(context)

    add(2)
    few = queries()
    add(30)
    many = queries()
    assert many == few <= 16
    content = client.get(list_url(plan)).content.decode()
    assert content.count('class="experience-card"') == 25


def test_the_menu_links_the_list(login, plan, member):
    content = login(member).get(plan.get_absolute_url()).content.decode()
    assert list_url(plan) in content


# --- the detail ----------------------------------------------------------------------------


def detail_url(experience) -> str:
    return reverse("experience", args=[experience.plan.slug, experience.pk])


def test_a_reader_sees_the_author_and_the_links(login, experience, member):
    content = login(member).get(detail_url(experience)).content.decode()
    assert "Mads Medlem" in content
    assert experience.network.get_absolute_url() in content
    assert reverse("experience_edit", args=[experience.plan.slug, experience.pk]) in content


def test_a_visitor_reads_a_public_experience_without_names(login, public_experience):
    content = login(None).get(detail_url(public_experience)).content.decode()
    assert "Beboerne lavede maden på skift." in content
    assert "Vera Frivillig" not in content
    assert public_experience.network.get_absolute_url() not in content


@pytest.mark.parametrize("who", [None, "outsider", "editor"])
def test_a_private_experience_is_refused_to_others(request, login, experience, who):
    user = request.getfixturevalue(who) if who else None
    response = login(user).get(detail_url(experience))
    if user is None:  # asked to log in
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    else:
        assert response.status_code == 403


def test_an_unknown_or_huge_id_is_not_found(login, plan, member):
    client = login(member)
    assert client.get(f"/plans/{plan.slug}/experiences/999999/").status_code == 404
    assert client.get(f"/plans/{plan.slug}/experiences/{10**30}/").status_code == 404


def test_an_experience_is_not_found_under_another_plan(login, experience, admin_user):
    assert (
        login(admin_user).get(f"/plans/andetsted/experiences/{experience.pk}/").status_code == 404
    )


def test_the_detail_answers_get_only(login, experience, member):
    assert login(member).post(detail_url(experience)).status_code == 405


# --- adding ----------------------------------------------------------------------------


def test_a_member_shares_an_experience(login, plan, member):
    client = login(member)
    form = client.get(reverse("experience_create", args=[plan.slug]))
    assert form.status_code == 200
    response = client.post(reverse("experience_create", args=[plan.slug]), post_data(plan))
    experience = Experience.objects.get()
    assert response.status_code == 302 and response.url == experience.get_absolute_url()
    assert experience.author == member.person
    assert experience.housing_area.name == "Sydparken"
    assert not experience.public
    assert SearchEntry.objects.filter(kind="experience", object_id=experience.pk).exists()


def test_the_steering_group_member_shares_one_for_the_whole_plan(login, plan, steering_member):
    response = login(steering_member).post(
        reverse("experience_create", args=[plan.slug]), post_data(plan, housing_area="")
    )
    assert response.status_code == 302
    experience = Experience.objects.get()
    assert experience.housing_area is None
    assert experience.author == steering_member.person


def test_the_form_offers_earlier_activities(login, plan, member, experience):
    content = login(member).get(reverse("experience_create", args=[plan.slug])).content.decode()
    assert 'list="activity-suggestions"' in content
    assert '<option value="Lektiecafé">' in content


@pytest.mark.parametrize("who", [None, "editor", "outsider"])
def test_others_may_not_share(request, login, plan, who):
    user = request.getfixturevalue(who) if who else None
    response = login(user).post(reverse("experience_create", args=[plan.slug]), post_data(plan))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response.url.startswith(reverse("login")) or response.url == reverse("home")
    assert not Experience.objects.exists()


def test_an_empty_form_keeps_the_input_and_says_what_to_do(login, plan, member):
    response = login(member).post(
        reverse("experience_create", args=[plan.slug]),
        post_data(plan, activity="Lektiecafé", worked="", did_not_work=""),
    )
    content = response.content.decode()
    assert response.status_code == 422
    assert 'value="Lektiecafé"' in content
    assert escape(da("Write what worked, what did not work, or both.")) in content
    assert escape(da("There is a problem")) in content
    assert not Experience.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("activity", "x" * 101),
        ("activity", "Lektie\x00café"),
        ("worked", "x" * 5001),
        ("did_not_work", "Ikke\x00noget"),
        ("housing_area", str(10**30)),
        ("network", "999999"),
        ("meeting", "-1"),
    ],
)
def test_bad_input_gets_a_danish_message_next_to_the_field(login, plan, member, field, value):
    response = login(member).post(
        reverse("experience_create", args=[plan.slug]), post_data(plan, **{field: value})
    )
    assert response.status_code == 422
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Experience.objects.exists()


def test_a_meeting_of_another_network_is_refused_by_the_form(
    login, plan, network, other_network, member
):
    held = make_meeting(network, title="Holdt", starts_at=timezone.now() - timedelta(days=2))
    response = login(member).post(
        reverse("experience_create", args=[plan.slug]),
        post_data(plan, network=str(other_network.pk), meeting=str(held.pk)),
    )
    assert response.status_code == 422
    assert escape(da("Choose one of the network's own meetings.")) in response.content.decode()


# --- editing and deleting ------------------------------------------------------------------


def edit_url(experience) -> str:
    return reverse("experience_edit", args=[experience.plan.slug, experience.pk])


@pytest.mark.parametrize("who", ["member", "coordinator", "admin_user"])
def test_author_coordinator_and_admin_edit(request, login, plan, experience, who):
    client = login(request.getfixturevalue(who))
    assert client.get(edit_url(experience)).status_code == 200
    response = client.post(
        edit_url(experience), post_data(plan, activity="Lektiehjælp", public="on")
    )
    assert response.status_code == 302
    experience.refresh_from_db()
    assert experience.activity == "Lektiehjælp" and experience.public
    assert SearchEntry.objects.get(kind="experience", object_id=experience.pk).public


@pytest.mark.parametrize("who", ["board_member", "steering_member", "outsider"])
def test_others_may_not_edit_or_delete(request, login, plan, experience, who):
    client = login(request.getfixturevalue(who))
    assert client.post(edit_url(experience), post_data(plan)).status_code == 403
    delete = reverse("experience_delete", args=[plan.slug, experience.pk])
    assert client.post(delete).status_code == 403
    experience.refresh_from_db()
    assert experience.activity == "Lektiecafé"


def test_delete_asks_first_then_deletes(login, plan, experience, member):
    client = login(member)
    delete = reverse("experience_delete", args=[plan.slug, experience.pk])
    assert client.get(delete).status_code == 200
    assert Experience.objects.exists()
    response = client.post(delete)
    assert response.status_code == 302 and response.url == list_url(plan)
    assert not Experience.objects.exists()
    assert not SearchEntry.objects.filter(kind="experience").exists()


def test_an_old_experience_is_not_shown_as_changed_until_it_is(login, plan, member):
    from datetime import datetime

    when = timezone.make_aware(datetime(timezone.localdate().year - 3, 5, 4, 12))
    experience = experiences.create_experience(
        Experience(plan=plan, activity="Gårdfest", worked="Mange kom."), member.person, at=when
    )
    client = login(member)
    changed = escape(da("changed %(when)s").split("%")[0].strip())
    assert changed not in client.get(detail_url(experience)).content.decode()
    experience.worked = "Mange kom, også de unge."
    experiences.update_experience(experience)
    assert changed in client.get(detail_url(experience)).content.decode()


# --- the plan's effort and the activity ---------------------------------------------------


@pytest.fixture
def jobs(plan, other_network):
    """The plan's second effort, the job network's."""
    from ressourcenet.plans.models import Effort

    effort = Effort.objects.create(plan=plan, name="Uddannelse/Beskæftigelse", position=2)
    other_network.effort = effort
    other_network.save(update_fields=["effort"])
    return effort


def test_the_effort_is_the_networks_unless_one_is_chosen(plan, network, jobs):
    from_network = make_experience(plan, network=network)
    assert from_network.plan_effort == network.effort
    chosen = make_experience(plan, "Jobcafé", network=network, plan_effort=jobs)
    assert chosen.plan_effort == jobs
    neither = make_experience(plan, "Gårdfest")
    assert neither.plan_effort is None


def test_another_plans_effort_is_refused_by_the_service(plan, foreign_effort):
    with pytest.raises(Exception) as error:
        make_experience(plan, plan_effort=foreign_effort)
    assert set(error.value.message_dict) == {"plan_effort"}
    assert not Experience.objects.exists()


def test_another_plans_effort_is_refused_next_to_the_field(login, plan, member, foreign_effort):
    response = login(member).post(
        reverse("experience_create", args=[plan.slug]),
        post_data(plan, plan_effort=str(foreign_effort.pk)),
    )
    content = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_plan_effort_error"' in content
    # Django's own "Select a valid choice" is replaced by the project's Danish message.
    assert escape(da(CHOOSE_AGAIN).split("%")[0]) in content
    assert not Experience.objects.exists()


def test_the_form_offers_only_the_plans_efforts(login, plan, member, network, foreign_effort):
    content = login(member).get(reverse("experience_create", args=[plan.slug])).content.decode()
    assert 'name="plan_effort"' in content and 'name="activity"' in content
    assert network.effort.name in content
    assert foreign_effort.name not in content


def test_the_form_saves_the_chosen_effort(login, plan, member, jobs):
    response = login(member).post(
        reverse("experience_create", args=[plan.slug]),
        post_data(plan, plan_effort=str(jobs.pk), activity="Jobcafé"),
    )
    assert response.status_code == 302
    assert Experience.objects.get().plan_effort == jobs


def test_the_list_filters_by_the_plans_effort(
    login, plan, network, jobs, member, experience, public_experience
):
    client = login(member)
    families = client.get(list_url(plan), {"effort": network.effort_id}).content.decode()
    job = client.get(list_url(plan), {"effort": jobs.pk}).content.decode()
    assert "Lektiecafé –" in families and "Fællesspisning –" not in families
    # The public one came from the job network, whose effort it took.
    assert "Lektiecafé –" not in job and "Fællesspisning –" in job
    both = client.get(list_url(plan), {"effort": network.effort_id, "activity": "LEKTIECAFÉ"})
    assert "Lektiecafé –" in both.content.decode()
    assert client.get(list_url(plan), {"effort": "x" * 50}).status_code == 200


def test_the_card_and_the_detail_show_effort_and_activity(login, plan, network, member, experience):
    client = login(member)
    card = client.get(list_url(plan)).content.decode()
    assert "Lektiecafé – Nordparken" in card and network.effort.name in card
    detail = client.get(detail_url(experience)).content.decode()
    assert network.effort.name in detail
    assert f"?effort={network.effort_id}" in detail
    assert "?activity=Lektiecaf%C3%A9" in detail
    assert escape(da("Activity")) in detail


def test_the_search_finds_an_experience_by_its_effort(plan, network, experience):
    entry = SearchEntry.objects.get(kind="experience", object_id=experience.pk)
    assert network.effort.name in entry.body


# --- visitors -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", [None, "editor", "other_plan_member"])
def test_visitors_reach_only_public_experiences_without_names(
    request, login, plan, who, experience, public_experience
):
    client = login(request.getfixturevalue(who) if who else None)
    listed = client.get(list_url(plan)).content.decode()
    assert detail_url(public_experience) in listed and detail_url(experience) not in listed
    assert "Vera Frivillig" not in listed and "Mads Medlem" not in listed
    detail = client.get(detail_url(public_experience))
    assert detail.status_code == 200 and "Vera Frivillig" not in detail.content.decode()
    private = client.get(detail_url(experience))
    # A visitor is asked to log in; someone logged in is refused.
    assert private.status_code in (302, 403, 404)
    assert "Lektiecafé" not in private.content.decode()
