import pytest
from django.utils import translation
from django.utils.text import capfirst

from ressourcenet.blog.models import Comment, Post
from ressourcenet.blog.services import COMMENTS_PER_WINDOW
from ressourcenet.blog.tests.conftest import da, guest_comment, make_post
from ressourcenet.mail.models import OutgoingMessage

GUEST = {"name": "Gitte Gæst", "email": "gitte@example.org", "body": "Godt skrevet!"}


def test_posts_are_the_visible_ones(client, post, blogger, django_assert_max_num_queries):
    make_post(blogger, "draft", state=Post.State.DRAFT)
    for number in range(5):
        make_post(blogger, f"p{number}").tags.set(post.tags.all())
    with django_assert_max_num_queries(5):
        data = client.get("/api/v1/posts").json()
    assert data["count"] == 6
    assert "draft" not in [item["slug"] for item in data["items"]]
    assert client.get("/api/v1/posts/draft").status_code == 404


def test_post_detail_has_body_and_published_comments(client, post):
    guest_comment(post, body="synlig", state=Comment.State.PUBLISHED)
    guest_comment(post, body="venter")
    data = client.get("/api/v1/posts/lektiecafeen").json()
    assert data["tags"] == ["Lektiecafé"]
    assert "<h2>Mellemrubrik</h2>" in data["body_html"]  # under the page's h1
    assert [c["body"] for c in data["comments"]] == ["synlig"]
    assert "email" not in data["comments"][0]


def test_guest_comment_without_token_is_pending(client, post):
    response = client.post(
        "/api/v1/posts/lektiecafeen/comments", GUEST, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["state"] == "pending"
    assert Comment.objects.get().email == "gitte@example.org"


def test_comment_with_token_is_published(api_client, member, post):
    response = api_client(member).post(
        "/api/v1/posts/lektiecafeen/comments", {"body": "Hej"}, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["state"] == "published"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (GUEST | {"email": ""}, "email"),
        (GUEST | {"name": ""}, "name"),
        (GUEST | {"body": "x" * 5001}, "body"),
        (GUEST | {"body": "nul\x00"}, "body"),
        (GUEST | {"parent": 10**20}, "parent"),
        (GUEST | {"parent": -1}, "parent"),
        (GUEST | {"name": "Linje\nskift"}, "name"),
        ({"name": "x", "email": "x@example.org"}, "body"),
    ],
)
def test_bad_comments_get_422_naming_the_field(client, post, body, field):
    response = client.post(
        "/api/v1/posts/lektiecafeen/comments", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert any(detail["loc"][-1] == field for detail in response.json()["detail"])
    assert not Comment.objects.exists()


def test_closed_post_is_409_and_unknown_404(client, post):
    post.comments_closed = True
    post.save()
    url = "/api/v1/posts/lektiecafeen/comments"
    assert client.post(url, GUEST, content_type="application/json").status_code == 409
    assert (
        client.post(
            "/api/v1/posts/nope/comments", GUEST, content_type="application/json"
        ).status_code
        == 404
    )


def test_sixth_comment_in_ten_minutes_is_429_and_not_stored(client, post):
    url = "/api/v1/posts/lektiecafeen/comments"
    for number in range(COMMENTS_PER_WINDOW):
        guest = GUEST | {"body": f"Kommentar {number}"}
        assert client.post(url, guest, content_type="application/json").status_code == 201
    response = client.post(url, GUEST, content_type="application/json")
    assert response.status_code == 429
    assert "ti minutter" in response.json()["detail"] or "ten minutes" in response.json()["detail"]
    assert Comment.objects.count() == COMMENTS_PER_WINDOW
    assert response["Retry-After"] == "600"


def test_one_ipv6_64_counts_as_one_address(client, post):
    url = "/api/v1/posts/lektiecafeen/comments"
    for number in range(1, COMMENTS_PER_WINDOW + 1):
        guest = GUEST | {"email": f"g{number}@example.org", "body": f"Nummer {number}"}
        response = client.post(
            url, guest, content_type="application/json", REMOTE_ADDR=f"2001:db8::{number}"
        )
        assert response.status_code == 201
    sixth = GUEST | {"email": "g6@example.org", "body": "Nummer 6"}
    response = client.post(url, sixth, content_type="application/json", REMOTE_ADDR="2001:db8::6")
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert Comment.objects.count() == COMMENTS_PER_WINDOW
    other = client.post(
        url, sixth, content_type="application/json", REMOTE_ADDR="2001:db8:0:1::6"
    )  # another /64: another household
    assert other.status_code == 201
    # The address itself is stored, for moderation and the nightly purge.
    assert Comment.objects.get(pk=other.json()["id"]).ip == "2001:db8:0:1::6"


def test_the_same_comment_twice_is_stored_once_and_answered_alike(client, post):
    url = "/api/v1/posts/lektiecafeen/comments"
    first = client.post(url, GUEST, content_type="application/json")
    second = client.post(url, GUEST, content_type="application/json")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Comment.objects.count() == 1


def test_moderation_by_editor_only(
    client, api_client, editor, member, post, django_capture_on_commit_callbacks
):
    comment = guest_comment(post)
    url = f"/api/v1/comments/{comment.pk}/moderate"
    body = {"action": "approve"}
    assert client.post(url, body, content_type="application/json").status_code == 401
    assert api_client(member).post(url, body, content_type="application/json").status_code == 403
    editor_api = api_client(editor)
    reject = editor_api.post(url, {"action": "reject"}, content_type="application/json")
    assert reject.status_code == 422
    assert reject.json()["detail"][0]["loc"][-1] == "reason"
    assert (
        editor_api.post(url, {"action": "delete"}, content_type="application/json").status_code
        == 422
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_api.post(url, body, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "published"
    assert OutgoingMessage.objects.get().kind == OutgoingMessage.Kind.BLOG_APPROVED
    assert editor_api.post(url, body, content_type="application/json").status_code == 409
    assert (
        editor_api.post(
            "/api/v1/comments/999999/moderate", body, content_type="application/json"
        ).status_code
        == 404
    )


def test_control_characters_name_the_comment_in_danish(client, post):
    with translation.override("da"):
        response = client.post(
            "/api/v1/posts/lektiecafeen/comments",
            GUEST | {"body": "nul\x00"},
            content_type="application/json",
        )
    messages = [d["msg"] for d in response.json()["detail"] if d["loc"][-1] == "body"]
    field = capfirst(da("comment"))
    assert messages == [da("“%(field)s” must not contain control characters.") % {"field": field}]


def test_wrong_method_is_a_danish_json_405(client, post):
    with translation.override("da"):
        response = client.get("/api/v1/posts/lektiecafeen/comments")
    assert response.status_code == 405
    assert response.json() == {"detail": da("This address does not take this method.")}
    assert response["Allow"] == "POST"


def test_guest_with_a_wrong_token_gets_the_danish_401(client, post):
    with translation.override("da"):
        response = client.post(
            "/api/v1/posts/lektiecafeen/comments",
            GUEST,
            content_type="application/json",
            headers={"Authorization": "Bearer wrong"},
        )
    assert response.status_code == 401
    assert response.json() == {"detail": da("Send a valid API token.")}
    assert not Comment.objects.exists()
