"""The poll in the administration: listed, and shown with its times."""

from django.urls import reverse

from ressourcenet.meetings.tests.conftest import days_ahead, make_meeting
from ressourcenet.scheduling.tests.helpers import make_poll


def test_administrators_find_the_poll_and_its_times(login, admin_user, network):
    admin_user.is_staff = True
    admin_user.save()
    poll, (slot,) = make_poll(make_meeting(network, title="Høstmøde"), days_ahead(14, 17))
    client = login(admin_user)

    listing = client.get(reverse("admin:scheduling_poll_changelist"))
    change = client.get(reverse("admin:scheduling_poll_change", args=[poll.pk]))

    assert listing.status_code == 200
    assert "Høstmøde" in listing.content.decode()
    assert change.status_code == 200
    assert change.context["inline_admin_formsets"][0].formset.queryset.get() == slot


def test_a_poll_and_its_times_cannot_be_changed_or_added_in_the_admin(login, admin_user, network):
    poll, (slot,) = make_poll(make_meeting(network, title="Høstmøde"), days_ahead(14, 17))
    client = login(admin_user)

    change = client.get(reverse("admin:scheduling_poll_change", args=[poll.pk]))
    post = client.post(
        reverse("admin:scheduling_poll_change", args=[poll.pk]),
        {"closes_at_0": "", "closes_at_1": "", "slots-TOTAL_FORMS": "0"},
    )
    add = client.get(reverse("admin:scheduling_poll_add"))

    content = change.content.decode()
    assert change.status_code == 200
    assert 'name="slots-0-starts_at_0"' not in content
    assert 'name="closes_at_0"' not in content
    assert post.status_code == 403
    assert add.status_code == 403
    slot.refresh_from_db()
    assert slot.starts_at == days_ahead(14, 17)
