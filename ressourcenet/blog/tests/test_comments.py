import re
import time

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.html import escape

from ressourcenet.blog import forms
from ressourcenet.blog.forms import started_stamp
from ressourcenet.blog.models import COMMENT_MAX_LENGTH, Comment
from ressourcenet.blog.services import COMMENTS_PER_WINDOW
from ressourcenet.blog.tests.conftest import da, guest_comment

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
        assert client.post(URL, guest_form(email=email), REMOTE_ADDR=ip).status_code == 302
    email = "same@example.org" if vary == "email" else "new@example.org"
    ip = "10.0.0.9" if vary == "ip" else "10.0.2.1"
    response = client.post(URL, guest_form(email=email, body="Den sjette"), REMOTE_ADDR=ip)
    assert response.status_code == 429
    assert Comment.objects.count() == COMMENTS_PER_WINDOW
    content = response.content.decode()
    assert escape(da("You have written many comments in a short time. Wait ten minutes and "
                     "try again.")) in content  # fmt: skip
    assert "Den sjette" in content


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


def test_a_login_without_a_person_does_not_show_its_email(login, outsider, post):
    login(outsider).post(URL, {"body": "Hej", "started": started_stamp()})
    assert Comment.objects.get().name == "udenfor"


def test_a_parent_that_is_no_number_is_named_in_danish(client, post):
    with translation.override("da"):
        response = client.post(URL, guest_form(parent="abc"))
    assert response.status_code == 422
    message = da("Write a whole number in “%(field)s”.") % {"field": da("Reply to")}
    assert escape(message) in response.content.decode()
    assert "Parent" not in response.content.decode()


def test_the_comment_length_is_written_with_a_thousands_separator(client, post):
    with translation.override("da"):
        page = client.get("/blog/lektiecafeen/").content.decode()
        response = client.post(URL, guest_form(body="x" * 5001))
    assert "5.000" in page and "5000" not in page
    assert "5.000" in response.content.decode() and "5.001" in response.content.decode()


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
