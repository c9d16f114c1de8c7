"""Cover images and bloggers' photos go through the storage API, both ways: with the files
in another storage than the disk (an S3 bucket in production, memory here), the upload
lands there and the blog's views hand it out from there."""

import pytest

from ressourcenet.blog.models import BloggerProfile
from ressourcenet.blog.tests.test_post_form import NEW, form_data, png

IN_MEMORY = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@pytest.fixture(autouse=True)
def _storage_in_memory(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = IN_MEMORY


def read(response) -> bytes:
    try:
        return b"".join(response.streaming_content)
    finally:
        response.close()


def test_a_cover_image_is_stored_and_served_through_the_storage(client, login, editor, blogger):
    data = form_data(blogger, cover_image=png(), cover_alt="Børn leger på plænen")
    assert login(editor).post(NEW, data).status_code == 302

    cover = client.get("/blog/sommer-i-hedemarken/cover")

    assert cover.status_code == 200 and cover["Content-Type"] == "image/png"
    assert read(cover) == png().read()


def test_a_bloggers_photo_is_stored_and_served_through_the_storage(client, login, editor):
    data = {"name": "Nanna Ny", "presentation": "Frivillig i Blokland.", "photo": png()}
    assert login(editor).post("/blog/bloggers/new/", data).status_code == 302
    blogger = BloggerProfile.objects.get(name="Nanna Ny")

    photo = client.get(f"/blog/bloggers/{blogger.pk}/photo")

    assert photo.status_code == 200
    assert read(photo) == png().read()


def test_nothing_is_written_to_the_disk(login, editor, blogger, settings):
    data = form_data(blogger, cover_image=png(), cover_alt="Børn leger på plænen")
    assert login(editor).post(NEW, data).status_code == 302

    assert not settings.MEDIA_ROOT.exists()
