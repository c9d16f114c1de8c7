import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ressourcenet.blog.models import BloggerProfile, BlogTag, Post
from ressourcenet.blog.tests.conftest import da
from ressourcenet.knowledge.models import SearchEntry

NEW = "/blog/new/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "#0059b3").save(buffer, "PNG")
    return SimpleUploadedFile("forside.png", buffer.getvalue(), content_type="image/png")


def form_data(blogger, **fields) -> dict:
    return {
        "title": "Sommer i Hedemarken",
        "slug": "sommer-i-hedemarken",
        "teaser": "Kort om sommeren.",
        "body": "Der var **mange** med.",
        "author": blogger.pk,
        "cover_alt": "",
        "state": Post.State.PUBLISHED,
        "publish_at": "",
    } | fields


def test_editor_writes_a_published_post_with_tags(login, editor, blogger, plan):
    tag = BlogTag.objects.create(name="Naboskab", slug="naboskab")
    response = login(editor).post(NEW, form_data(blogger, tags=[tag.pk]))
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"] == "/blog/sommer-i-hedemarken/"
    assert post.is_visible and list(post.tags.all()) == [tag]
    assert SearchEntry.objects.get(kind=SearchEntry.Kind.POST).object_id == post.pk


def test_a_cover_image_without_its_text_is_refused(login, editor, blogger):
    response = login(editor).post(NEW, form_data(blogger, cover_image=png()))
    assert response.status_code == 422
    assert "cover_alt" in response.context["form"].errors
    assert not Post.objects.exists()


def test_a_cover_image_with_its_text_is_shown(client, login, editor, blogger):
    data = form_data(blogger, cover_image=png(), cover_alt="Børn leger på plænen")
    assert login(editor).post(NEW, data).status_code == 302
    page = client.get("/blog/sommer-i-hedemarken/").content.decode()
    assert (
        '<img class="blog-cover" src="/blog/sommer-i-hedemarken/cover" alt="Børn leger på plænen">'
        in page
    )
    cover = client.get("/blog/sommer-i-hedemarken/cover")
    assert cover.status_code == 200 and cover["Content-Type"] == "image/png"
    assert b"".join(cover.streaming_content).startswith(b"\x89PNG")
    cover.close()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"state": Post.State.SCHEDULED}, "publish_at"),
        ({"slug": "moderation"}, "slug"),
        ({"slug": "ikke en adresse"}, "slug"),
        ({"title": "x" * 201}, "title"),
        ({"publish_at": "9999-01-01T10:00"}, "publish_at"),
        ({"title": "nul\x00"}, "title"),
    ],
)
def test_bad_posts_are_refused_by_field(login, editor, blogger, fields, field):
    response = login(editor).post(NEW, form_data(blogger, **fields))
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert not Post.objects.exists()


def test_others_may_not_write(client, login, member, outsider, blogger, post):
    for user in (member, outsider):
        assert login(user).post(NEW, form_data(blogger)).status_code == 403
        assert login(user).get("/blog/lektiecafeen/edit/").status_code == 403
    assert client.get(NEW).status_code in (302, 403)
    assert Post.objects.count() == 1


def test_editor_changes_a_post_to_draft_and_it_leaves_the_blog(client, login, editor, post, plan):
    data = form_data(post.author, title="Lektiecaféen", slug="lektiecafeen", state=Post.State.DRAFT)
    assert login(editor).post("/blog/lektiecafeen/edit/", data).status_code == 302
    assert client.get("/blog/lektiecafeen/").status_code == 404


def test_editor_adds_and_changes_a_blogger_with_a_photo(client, login, editor, member, blogger):
    editor_client = login(editor)
    assert "Berit Blogger" in editor_client.get("/blog/bloggers/").content.decode()
    data = {"name": "Nanna Ny", "presentation": "Frivillig i Blokland.", "photo": png()}
    assert editor_client.post("/blog/bloggers/new/", data).status_code == 302
    new = BloggerProfile.objects.get(name="Nanna Ny")
    bad = editor_client.post(
        f"/blog/bloggers/{blogger.pk}/edit/", {"name": "", "presentation": "x\ny"}
    )
    assert bad.status_code == 422 and set(bad.context["form"].errors) == {"name", "presentation"}
    assert login(member).get("/blog/bloggers/").status_code == 403
    assert login(member).post("/blog/bloggers/new/", data).status_code == 403
    photo = client.get(f"/blog/bloggers/{new.pk}/photo")
    assert photo.status_code == 200
    photo.close()  # last: closing a file answer ends the request (and its connection)


@pytest.mark.parametrize(
    "body",
    ["Se her: ![Børn ved bålet](https://example.org/baal.jpg)", "![Bål][1]\n\n[1]: /baal.jpg"],
)
def test_a_picture_in_the_text_is_refused_by_the_field_with_the_text_kept(
    login, editor, blogger, body
):
    response = login(editor).post(NEW, form_data(blogger, body=body))
    assert response.status_code == 422
    message = (
        "Pictures in the text are not shown. Remove “![…](…)” and use the cover image, with "
        "its text, instead."
    )
    assert response.context["form"].errors["body"] == [da(message)]
    assert response.context["form"]["body"].value() == body
    assert not Post.objects.exists()


def test_an_exclamation_mark_before_a_link_is_no_picture(login, editor, blogger):
    body = "Kom og vær med! [Tilmeld dig her](/blog/)"
    assert login(editor).post(NEW, form_data(blogger, body=body)).status_code == 302
