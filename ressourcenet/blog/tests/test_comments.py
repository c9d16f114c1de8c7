import re
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone, translation
from django.utils.html import escape

from ressourcenet.blog import forms, services
from ressourcenet.blog.forms import started_stamp
from ressourcenet.blog.models import COMMENT_MAX_LENGTH, Comment
from ressourcenet.blog.services import COMMENTS_PER_WINDOW
from ressourcenet.blog.tests.conftest import da, guest_comment
from ressourcenet.lib.tests.threads import at_once

URL = "/blog/lektiecafeen/comments/"


def guest_form(**fields) -> dict:
    return {
        "name": "Gitte Gæst",
        "email": "gitte@example.org",
        "body": "Tak for et godt indlæg.",
        "started": started_stamp(),
        "website": "",
    } | fields


def test_guest_comment_is_held_and_the_guest_told(client, post):
    response = client.post(URL, guest_form(), follow=True, REMOTE_ADDR="10.0.0.1")
    comment = Comment.objects.get()
    assert comment.state == Comment.State.PENDING
    assert (comment.name, comment.email, comment.ip) == (
        "Gitte Gæst",
        "gitte@example.org",
        "10.0.0.1",
    )
    content = response.content.decode()
    assert escape(da("Thank you. Your comment will be shown when an editor has read it. "
                     "We will write to you when that has happened.")) in content  # fmt: skip
    assert "Tak for et godt indlæg." not in content


def test_member_comment_is_published_at_once_without_name_or_email(login, member, post):
    response = login(member).post(URL, {"body": "Fint!", "started": started_stamp()}, follow=True)
    comment = Comment.objects.get()
    assert comment.state == Comment.State.PUBLISHED
    assert comment.name == "Mads Medlem" and comment.email == ""
    assert "Fint!" in response.content.decode()


def test_html_is_shown_as_text_and_links_are_nofollow_ugc(client, post):
    body = "<script>alert('x')</script>\nSe https://example.org/side og <b>fed</b>"
    guest_comment(post, body=body, state=Comment.State.PUBLISHED)
    content = client.get("/blog/lektiecafeen/").content.decode()
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;<br>" in content
    assert (
        '<a href="https://example.org/side" rel="nofollow ugc">https://example.org/side</a>'
        in content
    )
    assert "&lt;b&gt;fed&lt;/b&gt;" in content


def test_missing_name_and_email_are_refused_by_field(client, post):
    response = client.post(URL, guest_form(name="", email="ikke-en-adresse"))
    assert response.status_code == 422
    assert not Comment.objects.exists()
    form = response.context["form"]
    assert set(form.errors) == {"name", "email"}
    assert "Tak for et godt indlæg." in response.content.decode()


def test_a_too_long_comment_is_refused_and_kept(client, post):
    body = "æ" * (COMMENT_MAX_LENGTH + 1)
    response = client.post(URL, guest_form(body=body))
    assert response.status_code == 422
    assert not Comment.objects.exists()
    assert body in response.content.decode()
    assert response.context["form"].errors["body"]


@pytest.mark.parametrize("body", ["nul\x00byte", "   "])
def test_bad_text_is_refused(client, post, body):
    response = client.post(URL, guest_form(body=body))
    assert response.status_code == 422
    assert not Comment.objects.exists()


def test_honeypot_filled_stores_nothing(client, post):
    response = client.post(URL, guest_form(website="http://spam.example"))
    assert response.status_code == 422
    assert not Comment.objects.exists()
    assert "Tak for et godt indlæg." in response.content.decode()


def test_a_form_sent_too_fast_stores_nothing_and_can_be_sent_again(client, post, monkeypatch):
    monkeypatch.setattr(forms, "MIN_FORM_SECONDS", 3)
    response = client.post(URL, guest_form())
    assert response.status_code == 422
    assert not Comment.objects.exists()
    assert escape(da("That was quick. Read your comment through once more and send it "
                     "again.")) in response.content.decode()  # fmt: skip
    old = forms.signing.dumps(time.time() - 10, salt=forms.STARTED_SALT)
    assert client.post(URL, guest_form(started=old)).status_code == 302
    assert client.post(URL, guest_form(started="forged")).status_code == 422


@pytest.mark.parametrize("vary", ["email", "ip"])
def test_five_comments_per_ten_minutes_then_429_and_nothing_stored(client, post, vary):
    for number in range(COMMENTS_PER_WINDOW):
        # The other key changes each time: only the one counted here reaches the limit.
        email = "same@example.org" if vary == "email" else f"g{number}@example.org"
        ip = "10.0.0.9" if vary == "ip" else f"10.0.1.{number}"
        form = guest_form(email=email, body=f"Kommentar {number}")
        assert client.post(URL, form, REMOTE_ADDR=ip).status_code == 302
    email = "same@example.org" if vary == "email" else "new@example.org"
    ip = "10.0.0.9" if vary == "ip" else "10.0.2.1"
    response = client.post(URL, guest_form(email=email, body="Den sjette"), REMOTE_ADDR=ip)
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert Comment.objects.count() == COMMENTS_PER_WINDOW
    content = response.content.decode()
    assert escape(da("You have written many comments in a short time. Wait ten minutes and "
                     "try again.")) in content  # fmt: skip
    assert "Den sjette" in content


def test_addresses_in_one_ipv6_64_share_the_limit(client, post, settings):
    settings.TRUSTED_PROXIES = 1
    for number in range(1, COMMENTS_PER_WINDOW + 1):
        form = guest_form(email=f"g{number}@example.org", body=f"Nummer {number}")
        response = client.post(URL, form, HTTP_X_FORWARDED_FOR=f"2001:db8::{number}")
        assert response.status_code == 302
    form = guest_form(email="g6@example.org", body="Nummer 6")
    response = client.post(URL, form, HTTP_X_FORWARDED_FOR="2001:db8::ff")
    assert response.status_code == 429
    assert Comment.objects.count() == COMMENTS_PER_WINDOW
    assert set(Comment.objects.values_list("ip", flat=True)) == {
        f"2001:db8::{number}" for number in range(1, COMMENTS_PER_WINDOW + 1)
    }


def test_a_double_click_stores_the_comment_once(client, login, member, post):
    first = client.post(URL, guest_form(), REMOTE_ADDR="10.0.0.1")
    second = client.post(URL, guest_form(email="Gitte@Example.org"), REMOTE_ADDR="10.0.0.1")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Comment.objects.count() == 1
    # Another text, another writer or another post is another comment.
    client.post(URL, guest_form(body="Noget andet."))
    client.post(URL, guest_form(email="anden@example.org"))
    assert Comment.objects.count() == 3
    members = login(member)
    one = members.post(URL, {"body": "Godt skrevet.", "started": started_stamp()})
    two = members.post(URL, {"body": "Godt skrevet.", "started": started_stamp()})
    assert one["Location"] == two["Location"] and "#comment-" in one["Location"]
    assert Comment.objects.filter(user=member).count() == 1


def test_the_same_comment_after_two_minutes_is_stored_again(client, post):
    client.post(URL, guest_form())
    Comment.objects.update(created_at=timezone.now() - timezone.timedelta(seconds=121))
    client.post(URL, guest_form())
    assert Comment.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_store_one_comment(blogger):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one at a time; the double click is tested without threads")
    from ressourcenet.blog.tests.conftest import make_post

    post = make_post(blogger, "samtidig")
    data = services.CommentIn(body="To gange?", name="Gitte", email="gitte@example.org")
    got = at_once(lambda: services.post_comment(post, data, ip="10.0.0.1").pk, atomic=True)
    assert len(got) == 2 and got[0] == got[1]
    assert Comment.objects.filter(post=post).count() == 1


def test_closed_post_takes_no_comments(client, post):
    post.comments_closed = True
    post.save()
    response = client.post(URL, guest_form())
    assert response.status_code == 422
    assert not Comment.objects.exists()
    page = client.get("/blog/lektiecafeen/").content.decode()
    assert escape(da("Comments on this post are closed.")) in page
    assert 'name="body"' not in page


def test_replies_go_one_level_deep(client, post):
    parent = guest_comment(post, state=Comment.State.PUBLISHED)
    assert client.post(URL, guest_form(parent=parent.pk)).status_code == 302
    reply = Comment.objects.get(parent=parent)
    reply.state = Comment.State.PUBLISHED
    reply.save()
    response = client.post(URL, guest_form(parent=reply.pk))
    assert response.status_code == 422
    assert Comment.objects.count() == 2
    page = client.get(f"/blog/lektiecafeen/?reply={parent.pk}").content.decode()
    assert f'name="parent" value="{parent.pk}"' in page


def test_purgeblog_clears_ips_after_30_days(post):
    old = guest_comment(
        post, ip="10.0.0.1", created_at=timezone.now() - timezone.timedelta(days=31)
    )
    new = guest_comment(
        post, ip="10.0.0.2", created_at=timezone.now() - timezone.timedelta(days=29)
    )
    call_command("purgeblog", stdout=(out := __import__("io").StringIO()))
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.ip is None and new.ip == "10.0.0.2"
    assert out.getvalue().startswith("1 ")


def test_purgeblog_deletes_rejected_and_spam_comments_30_days_after_moderation(post):
    now = timezone.now()

    def moderated(state, days_ago, email):
        return guest_comment(
            post, state=state, email=email, moderated_at=now - timezone.timedelta(days=days_ago)
        )

    moderated(Comment.State.REJECTED, 31, "afvist@example.org")
    moderated(Comment.State.SPAM, 31, "spam@example.org")
    recent = moderated(Comment.State.REJECTED, 29, "ny@example.org")
    published = moderated(Comment.State.PUBLISHED, 400, "udgivet@example.org")
    pending = guest_comment(post, created_at=now - timezone.timedelta(days=89))
    guest_comment(post, email="glemt@example.org", created_at=now - timezone.timedelta(days=91))
    call_command("purgeblog", stdout=(out := __import__("io").StringIO()))
    assert set(Comment.objects.all()) == {recent, published, pending}
    assert not Comment.objects.filter(email__in=["afvist@example.org", "spam@example.org"])
    assert "3 refused, long-waiting or hidden comments deleted" in out.getvalue()


def test_a_login_without_a_person_does_not_show_its_email(login, outsider, post):
    login(outsider).post(URL, {"body": "Hej", "started": started_stamp()})
    comment = Comment.objects.get()
    assert comment.name == da("A member")
    assert "udenfor" not in comment.name and "example" not in comment.name


def test_a_parent_that_is_no_number_is_named_in_danish(client, post):
    with translation.override("da"):
        response = client.post(URL, guest_form(parent="abc"))
    assert response.status_code == 422
    message = da("You can only reply to a published comment that is not a reply.")
    assert escape(message) in response.content.decode()
    assert "Parent" not in response.content.decode()


def test_the_comment_length_is_written_as_the_site_writes_limits(client, post):
    """Four digits without a separator, as every limit in running text (bounds.grouped)."""
    with translation.override("da"):
        page = client.get("/blog/lektiecafeen/").content.decode()
        response = client.post(URL, guest_form(body="x" * 5001))
    assert "5000" in page and "5.000" not in page
    refused = response.content.decode()
    assert "5000" in refused and "5001" in refused and "5.00" not in refused


def test_a_stamp_older_than_a_day_is_refused_and_renewed(client, post, monkeypatch):
    now = time.time()
    with monkeypatch.context() as patched:
        patched.setattr(time, "time", lambda: now - forms.MAX_FORM_SECONDS - 60)
        old = started_stamp()
    response = client.post(URL, guest_form(started=old))
    assert response.status_code == 422
    assert not Comment.objects.exists()
    content = response.content.decode()
    assert (
        escape(da("The form was opened more than a day ago. Send your comment again.")) in content
    )
    assert "Tak for et godt indlæg." in content
    renewed = re.search(r'name="started" value="([^"]+)"', content).group(1)
    assert renewed != old
    assert client.post(URL, guest_form(started=renewed)).status_code == 302


def test_favicon_is_linked_and_answered(client, post):
    page = client.get("/blog/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page).group(1)
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == icon
    assert client.post("/favicon.ico").status_code == 405
