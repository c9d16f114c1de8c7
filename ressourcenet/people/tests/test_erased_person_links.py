"""After an erasure: no login, no password reset to the old address, every personal link
answers 410 with the Danish page, and the same address may be used again for a new person."""

import pytest
from django.core import mail
from django.urls import reverse

from ressourcenet.agreements import emails as agreement_emails
from ressourcenet.blog.tests.conftest import da
from ressourcenet.conftest import make_person
from ressourcenet.evaluation import services as evaluation
from ressourcenet.evaluation.models import Evaluation
from ressourcenet.knowledge import emails as knowledge_emails
from ressourcenet.lib.links import make_token
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings import emails as meeting_emails
from ressourcenet.meetings import services as meetings
from ressourcenet.meetings.models import Invitation
from ressourcenet.people import privacy
from ressourcenet.people.models import Person
from ressourcenet.people.tests import privacy_world
from ressourcenet.people.tests.privacy_world import EMAIL, NAME
from ressourcenet.scheduling import emails as poll_emails

pytestmark = pytest.mark.django_db

ERASED_TEXT = (
    "The link no longer works: the person it was sent to has been erased from Ressourcenet."
)


@pytest.fixture
def world(plan, network, municipality):
    world = privacy_world.build(plan, network, municipality, make_person("Ole Anden"))
    world.came = Invitation.objects.get(meeting=world.past, person=world.person)
    world.party = world.agreement.parties.get(person=world.person)
    return world


def personal_links(world) -> dict[str, str]:
    invitation, party = world.came.pk, world.party.pk
    return {
        "invitation": reverse(
            "invitation_answer", args=[make_token(meeting_emails.INVITATION_LINK, invitation)]
        ),
        "poll": reverse("poll_answer", args=[make_token(poll_emails.POLL_LINK, invitation)]),
        "evaluation": reverse(
            "evaluation_personal", args=[make_token(evaluation.EVALUATION_LINK, invitation)]
        ),
        "summary": reverse(
            "summary_personal", args=[make_token(knowledge_emails.SUMMARY_LINK, invitation)]
        ),
        "leaflet": reverse(
            "personal_leaflet_pdf", args=[make_token(knowledge_emails.SUMMARY_LINK, invitation)]
        ),
        "agreement": reverse(
            "cooperation_party", args=[make_token(agreement_emails.PARTY_LINK, party)]
        ),
    }


@pytest.mark.parametrize(
    "link", ["invitation", "poll", "evaluation", "summary", "leaflet", "agreement"]
)
def test_every_personal_link_is_gone_with_a_danish_page(client, world, admin_user, link):
    url = personal_links(world)[link]
    privacy.erase_person(world.person, actor=admin_user)
    response = client.get(url, headers={"accept-language": "da"})
    assert response.status_code == 410
    assert da(ERASED_TEXT) in response.content.decode()
    assert client.post(url, {"relevance": 5, "time_well_spent": 5, "answer": "yes"}).status_code
    assert Evaluation.objects.filter(meeting=world.past).count() == 1  # no second evaluation


def test_the_summary_link_works_before_the_erasure(client, world):
    world.past.summary.state = "published"
    world.past.summary.save()
    assert client.get(personal_links(world)["summary"]).status_code == 200


def test_the_erased_person_cannot_log_in_nor_reset_the_password(client, world, admin_user):
    privacy.erase_person(world.person, actor=admin_user)
    assert client.login(username=EMAIL, password="secret-password-1") is False
    before = OutgoingMessage.objects.count()
    response = client.post(reverse("password_reset"), {"email": EMAIL})
    assert response.status_code == 302
    assert mail.outbox == [] and OutgoingMessage.objects.count() == before


def test_the_same_address_may_be_used_for_a_new_person_afterwards(world, admin_user, plan, network):
    from ressourcenet.conftest import make_user
    from ressourcenet.people import services as people

    privacy.erase_person(world.person, actor=admin_user)
    again = people.create_person(
        Person(name=NAME, email=EMAIL, stakeholder_group="volunteer"), plan=plan, network=network
    )
    assert again.pk != world.person.pk
    assert make_user(EMAIL, again).email == EMAIL
    invitation = meetings.invite_guest(world.future, "Gæst", EMAIL)
    assert invitation.person == again
