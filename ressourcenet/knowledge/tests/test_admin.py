"""Ideas in Django's admin: changed through the same service as the pages; network, status
and history shown, not changed; ideas are added on the pages."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from ressourcenet.knowledge.models import Idea, Tag
from ressourcenet.meetings.tests.test_admin import form_of
from ressourcenet.networks.models import Network
from ressourcenet.plans.models import HousingArea, Plan


def change_url(idea: Idea) -> str:
    return reverse("admin:knowledge_idea_change", args=[idea.pk])


def test_the_admin_saves_an_idea_through_the_service(login, admin_user, idea, plan):
    client = login(admin_user)
    data = form_of(client.get(change_url(idea)))
    data["title"] = ["Madklub for alle"]
    data["housing_areas"] = [str(a.pk) for a in plan.areas.all()]
    data["status"] = ["implemented"]  # read-only: not taken

    response = client.post(change_url(idea), data)

    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.title, idea.status) == ("Madklub for alle", "new")
    assert idea.housing_areas.count() == 2
    assert list(idea.tags.values_list("name", flat=True)) == ["familier", "Mad"]
    assert idea.status_changes.count() == 1


def test_the_admin_refuses_an_area_of_another_plan_by_its_field(login, admin_user, idea):
    today = timezone.localdate()
    andeby = Plan.objects.create(
        name="Andeby",
        slug="andeby",
        municipality="Andeby",
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=1),
    )
    far = HousingArea.objects.create(plan=andeby, name="Andeparken")
    Network.objects.create(plan=andeby, name="Andenet", slug="ande")
    client = login(admin_user)
    data = form_of(client.get(change_url(idea)))
    data["housing_areas"] = [str(far.pk)]

    response = client.post(change_url(idea), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["housing_areas"]
    assert [a.name for a in Idea.objects.get(pk=idea.pk).housing_areas.all()] == ["Nordparken"]


def test_ideas_and_tags_are_not_added_in_the_admin(login, admin_user, idea):
    client = login(admin_user)

    assert client.get(reverse("admin:knowledge_idea_add")).status_code == 403
    assert client.get(reverse("admin:knowledge_tag_add")).status_code == 403
    tag = Tag.objects.get(key="mad")
    assert (
        client.post(
            reverse("admin:knowledge_tag_change", args=[tag.pk]), {"name": "Madlavning"}
        ).status_code
        == 403
    )
    assert Tag.objects.get(pk=tag.pk).name == "Mad"


def test_the_admin_shows_a_summary_and_its_proposals_but_changes_nothing(
    login, admin_user, open_summary, volunteer
):
    from ressourcenet.knowledge import summaries
    from ressourcenet.knowledge.tests.conftest import invitation_of

    summaries.propose_amendment(invitation_of(open_summary.meeting, volunteer), "Bænken!")
    client = login(admin_user)
    url = reverse("admin:knowledge_summary_change", args=[open_summary.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Bænken!" in page.content.decode()
    client.post(url, {"body": "Ændret i admin", "state": "final"})
    open_summary.refresh_from_db()
    assert open_summary.state == "open" and open_summary.body.startswith("# Referat")


def test_the_admin_shows_experiences_and_deletes_them_through_the_service(login, admin_user, plan):
    from ressourcenet.knowledge.models import Experience, SearchEntry
    from ressourcenet.knowledge.tests.conftest import make_experience

    experience = make_experience(plan, "Lektiecafé")
    client = login(admin_user)
    assert (
        "Lektiecafé"
        in client.get(reverse("admin:knowledge_experience_changelist")).content.decode()
    )
    delete = reverse("admin:knowledge_experience_delete", args=[experience.pk])

    response = client.post(delete, {"post": "yes"})

    assert response.status_code == 302
    assert not Experience.objects.exists()
    assert not SearchEntry.objects.filter(kind="experience").exists()
