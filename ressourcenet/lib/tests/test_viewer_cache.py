"""The key pages kept for the logged-in user who saw them (lib/viewer_cache.py): served
again only to that user and only while nothing they may show has changed."""

import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ressourcenet.knowledge.models import Idea
from ressourcenet.lib import viewer_cache
from ressourcenet.mail.services import deliver_messages
from ressourcenet.networks.models import Network
from ressourcenet.plans.models import Plan

NETWORK_PAGE = "/plans/testby/networks/familier/"
CATALOGUE = "/plans/testby/ideas/"


def visit(client, url: str, **extra) -> tuple[str, int]:
    """(the page, the number of SQL queries it took)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response.content.decode(), len(queries)


def add_idea(client, network, title: str):
    data = {"network": network.pk, "title": title, "description": "Det prøver vi."}
    return client.post("/plans/testby/ideas/new/", data)


def kept_keys() -> list[str]:
    """The kept pages' keys, in memory or in Redis (`make test` with REDIS_URL)."""
    client = getattr(cache._cache, "get_client", None)
    if client is not None:
        return [key.decode() for key in client().scan_iter(cache.make_key("viewer:page:*"))]
    return [key for key in cache._cache if ":viewer:page:" in key]


@pytest.fixture
def other_plan(db) -> Plan:
    plan = Plan.objects.create(
        name="Helhedsplan Andetby",
        slug="andetby",
        municipality="Andetby",
        starts_on="2020-01-01",
        ends_on="2099-12-31",
    )
    return plan


def test_a_repeated_visit_is_the_same_page_without_rendering(login, coordinator, network):
    client = login(coordinator)
    first, rendering = visit(client, NETWORK_PAGE)
    again, kept = visit(client, NETWORK_PAGE)

    assert kept == 0  # the session from the cache; no user, no page data, no transaction
    assert rendering > 5
    token = re.compile(r"\b[A-Za-z0-9]{64}\b")  # the form's and htmx's CSRF tokens
    assert token.sub("", again) == token.sub("", first)


def test_the_token_in_a_kept_page_is_the_visitors_own_and_works(login, member, network):
    client = login(member)
    client.handler.enforce_csrf_checks = True
    visit(client, CATALOGUE)
    page, kept = visit(client, CATALOGUE)
    assert kept == 0
    assert viewer_cache.page_cache.PLACEHOLDER not in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', page)[1]

    response = client.post(
        "/plans/testby/ideas/new/",
        {"network": network.pk, "title": "Madklub", "description": "Vi laver mad sammen."},
        HTTP_X_CSRFTOKEN=token,
    )

    assert response.status_code == 302
    assert Idea.objects.filter(title="Madklub").exists()


def test_nobody_gets_another_persons_kept_page(login, coordinator, member, volunteer, network):
    coordinators_page, _ = visit(login(coordinator), NETWORK_PAGE)
    members_page, queries = visit(login(member), NETWORK_PAGE)

    assert queries > 1  # rendered for the member, not taken from the coordinator's
    edit = f"/plans/testby/memberships/{volunteer.memberships.get().pk}/edit/"
    assert edit in coordinators_page  # the coordinator's own part
    assert edit not in members_page


def test_a_write_through_the_site_shows_at_once(login, member, network):
    client = login(member)
    visit(client, CATALOGUE)

    add_idea(client, network, "Lektiecafé om lørdagen")
    page, queries = visit(client, CATALOGUE)

    assert queries > 1
    assert "Lektiecafé om lørdagen" in page


def test_a_write_without_a_request_shows_at_once(login, coordinator, network):
    client = login(coordinator)
    visit(client, NETWORK_PAGE)

    Network.objects.filter(pk=network.pk).get().save()  # any model's save
    _, queries = visit(client, NETWORK_PAGE)

    assert queries > 1


def test_a_bulk_update_in_a_write_request_shows_at_once(login, coordinator, network, rf):
    """update() sends no signal: the end of the write request marks the pages out of date."""
    client = login(coordinator)
    visit(client, NETWORK_PAGE)
    middleware = viewer_cache.WriteScopeMiddleware(
        lambda request: Network.objects.filter(pk=network.pk).update(name="Nyt navn") and None
    )

    middleware(rf.post("/plans/testby/networks/familier/edit/"))
    page, queries = visit(client, NETWORK_PAGE)

    assert queries > 1
    assert "Nyt navn" in page


def test_a_post_that_writes_nothing_leaves_them_kept(client, login, coordinator, member, network):
    """A login, a refused form: nothing the pages show was written."""
    kept = login(coordinator)
    visit(kept, NETWORK_PAGE)

    client.post("/accounts/login/", {"username": member.email, "password": "secret-password-1"})
    refused = add_idea(login(member), network, "")
    client.post("/accounts/login/", {"username": member.email, "password": "wrong"})

    assert client.session["_auth_user_id"] == str(member.pk)
    assert refused.status_code == 422
    assert visit(kept, NETWORK_PAGE)[1] == 0


def test_an_update_to_shared_data_under_a_plans_address_reaches_every_plan(
    login, coordinator, volunteer, network, rf
):
    client = login(coordinator)
    visit(client, NETWORK_PAGE)

    def under_another_plan(request):
        middleware.process_view(request, None, (), {"plan_slug": "andetby"})
        volunteer.__class__.objects.filter(pk=volunteer.pk).update(name="Vera Omdøbt")

    middleware = viewer_cache.WriteScopeMiddleware(under_another_plan)
    middleware(rf.post("/plans/andetby/people/1/edit/"))
    page, queries = visit(client, NETWORK_PAGE)

    assert queries > 1
    assert "Vera Omdøbt" in page


def test_a_plans_own_write_leaves_other_plans_pages_kept(
    login, coordinator, member, admin_user, network, other_plan
):
    client = login(coordinator)
    visit(client, NETWORK_PAGE)
    visit(client, "/")  # gathers from every plan
    administrator = login(admin_user)
    other_page = f"/plans/{other_plan.slug}/ideas/"
    visit(administrator, other_page)
    assert visit(administrator, other_page)[1] == 0

    # An idea added under testby's address: testby's pages and those of every plan change.
    add_idea(login(member), network, "Fællesspisning")

    assert visit(administrator, other_page)[1] == 0
    assert visit(client, NETWORK_PAGE)[1] > 1
    assert visit(client, "/")[1] > 1


def test_a_change_to_a_person_reaches_every_plans_pages(login, coordinator, volunteer, network):
    """People, users and organisations are shared between plans: a change to one, even
    under one plan's address, makes every kept page out of date."""
    client = login(coordinator)
    visit(client, NETWORK_PAGE)
    viewer_cache._write_scope.set("andetby")  # as if under another plan's address
    try:
        volunteer.name = "Vera Omdøbt"
        volunteer.save()
    finally:
        viewer_cache._write_scope.set(None)

    page, queries = visit(client, NETWORK_PAGE)

    assert queries > 1
    assert "Vera Omdøbt" in page


def test_a_new_password_elsewhere_ends_the_old_sessions_kept_pages(login, coordinator, network):
    old = login(coordinator)
    visit(old, NETWORK_PAGE)
    coordinator.set_password("another-secret-password")
    coordinator.save()
    new = login(coordinator)
    visit(new, NETWORK_PAGE)  # kept for the new session's hash

    response = old.get(NETWORK_PAGE)

    # Logged out: the network page as anyone sees it, not the kept one.
    assert not response.wsgi_request.user.is_authenticated
    assert "Log ud" not in response.content.decode()


def test_a_page_with_a_message_is_neither_served_from_nor_kept(login, member, network):
    client = login(member)
    visit(client, CATALOGUE)
    visit(client, CATALOGUE)
    told = [str(m) for m in add_idea(client, network, "Byttemarked").wsgi_request._messages]
    assert told  # "the idea was saved", waiting for the next page

    page, queries = visit(client, CATALOGUE)
    assert queries > 1
    assert told[0] in page
    page, queries = visit(client, CATALOGUE)
    assert told[0] not in page  # told once: the page with the message was not kept
    assert visit(client, CATALOGUE)[1] == 0


def test_htmx_requests_and_anonymous_visits_are_never_kept(client, login, member, network):
    visit(login(member), CATALOGUE, HTTP_HX_REQUEST="true")
    client.get("/")

    assert kept_keys() == []


def test_a_task_or_a_command_marks_the_pages_out_of_date(login, coordinator, network):
    client = login(coordinator)
    visit(client, NETWORK_PAGE)
    deliver_messages.enqueue([])  # the immediate backend in tests: done at once
    assert visit(client, NETWORK_PAGE)[1] > 1

    visit(client, NETWORK_PAGE)
    from ressourcenet.__main__ import _pages_out_of_date

    _pages_out_of_date(["retention"])
    assert visit(client, NETWORK_PAGE)[1] > 1
    _pages_out_of_date(["check"])
    assert visit(client, NETWORK_PAGE)[1] == 0
    # A shell is where a bulk update() is typed (a login disabled by hand): no signal.
    _pages_out_of_date(["shell"])
    assert visit(client, NETWORK_PAGE)[1] > 1


def test_a_page_is_kept_a_minute_at_most(login, coordinator, network, monkeypatch):
    kept = {}
    monkeypatch.setattr(
        viewer_cache.cache, "set", lambda key, value, timeout: kept.update({key: timeout})
    )
    visit(login(coordinator), NETWORK_PAGE)

    # (The session is kept in the same cache, for as long as it lasts.)
    assert [timeout for key, timeout in kept.items() if "viewer:page:" in key] == [60]


def test_without_a_cache_the_pages_are_made_as_always(login, coordinator, network, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(viewer_cache.cache, "get_many", down)
    monkeypatch.setattr(viewer_cache.cache, "set_many", down)
    client = login(coordinator)

    assert visit(client, NETWORK_PAGE)[1] > 1
    call_command("check")  # a write's mark is lost, quietly: nothing is served from it
    viewer_cache.changed()


def test_the_setting_turns_it_off(login, coordinator, network, settings):
    settings.VIEWER_PAGE_CACHE = False
    client = login(coordinator)
    visit(client, NETWORK_PAGE)

    assert visit(client, NETWORK_PAGE)[1] > 1
    assert kept_keys() == []


def test_a_transaction_marks_them_again_once_after_its_commit(network):
    """Once per transaction and scope, however many rows it writes (the test's own
    transaction holds the fixtures' writes: one mark for them all)."""
    for n in range(5):
        Network.objects.create(plan=network.plan, name=f"Netværk {n}", slug=f"n-{n}")
    marks = [
        callback
        for _ids, callback, _robust in connection.run_on_commit
        if hasattr(callback, "viewer_cache_scope")
    ]
    before = cache.get("viewer:generation:global")

    assert len(marks) == 1
    marks[0]()
    assert cache.get("viewer:generation:global") != before


def test_a_tie_ended_in_one_plan_reaches_the_pages_of_every_plan(
    login, admin_user, member, volunteer, network, other_plan
):
    """A person's memberships are what they may see in every plan: the coordinator of a
    network in another plan sees the phone of its members on this plan's pages too. When
    that membership ends (under the other plan's address), this plan's kept page must not
    keep showing the phone."""
    from ressourcenet.networks.models import Membership

    elsewhere = Network.objects.create(plan=other_plan, name="Netværk for job", slug="job")
    medlem = member.person
    Membership.objects.create(
        network=elsewhere,
        person=medlem,
        role=Membership.Role.COORDINATOR,
        starts_on=other_plan.starts_on,
    )
    tie = Membership.objects.create(
        network=elsewhere, person=volunteer, starts_on=other_plan.starts_on
    )
    volunteer.phone = "+45 99 88 77 66"
    volunteer.save()
    client = login(member)
    assert volunteer.phone in visit(client, NETWORK_PAGE)[0]

    ended = login(admin_user).post(
        f"/plans/{other_plan.slug}/memberships/{tie.pk}/end/", {"ends_on": ""}
    )
    assert ended.status_code == 302

    page, queries = visit(client, NETWORK_PAGE)
    assert queries > 1
    assert volunteer.phone not in page


def test_a_role_lost_in_one_plan_reaches_the_pages_of_every_plan(
    login, member, volunteer, network, other_plan
):
    """The same for the viewer's own role: a coordinator replaced in another plan."""
    from ressourcenet.networks.models import Membership

    elsewhere = Network.objects.create(plan=other_plan, name="Netværk for job", slug="job")
    role = Membership.objects.create(
        network=elsewhere,
        person=member.person,
        role=Membership.Role.COORDINATOR,
        starts_on=other_plan.starts_on,
    )
    Membership.objects.create(network=elsewhere, person=volunteer, starts_on=other_plan.starts_on)
    volunteer.phone = "+45 99 88 77 66"
    volunteer.save()
    client = login(member)
    assert volunteer.phone in visit(client, NETWORK_PAGE)[0]

    viewer_cache._write_scope.set(other_plan.slug)  # as if under the other plan's address
    try:
        role.role = Membership.Role.MEMBER
        role.save()
    finally:
        viewer_cache._write_scope.set(None)

    page, queries = visit(client, NETWORK_PAGE)
    assert queries > 1
    assert volunteer.phone not in page


def test_a_placeholder_written_by_a_member_never_becomes_the_readers_token(login, member, network):
    """The kept page holds a placeholder where the token was; the same words in what
    someone wrote (an idea's title) must stay words, not turn into each reader's token."""
    client = login(member)
    title = f"Se {viewer_cache.page_cache.PLACEHOLDER} her"
    assert add_idea(client, network, title).status_code == 302
    visit(client, CATALOGUE)  # the message that the idea was added
    visit(client, CATALOGUE)

    page, _ = visit(client, CATALOGUE)

    assert title in page


def test_a_user_cannot_fill_the_cache_with_addresses_of_their_own(
    login, member, network, monkeypatch
):
    """Every query string is a page of its own (`?x=1`, `?x=2`, …): each user keeps a
    bounded number of pages a minute, so that no one fills the cache the sessions are in."""
    monkeypatch.setattr(viewer_cache, "PAGES_MAX", 3)
    client = login(member)
    for n in range(6):
        visit(client, f"{CATALOGUE}?x={n}")

    assert len(kept_keys()) == 3
    assert visit(client, f"{CATALOGUE}?x=0")[1] == 0  # the first ones are still served
    assert visit(client, f"{CATALOGUE}?x=5")[1] > 0
