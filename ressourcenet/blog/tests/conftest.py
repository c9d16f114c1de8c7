from datetime import timedelta

import pytest
from django.utils import timezone, translation

from ressourcenet.blog import forms
from ressourcenet.blog.models import BloggerProfile, BlogTag, Comment, Post


def da(text: str) -> str:
    with translation.override("da"):
        return translation.gettext(text)


@pytest.fixture(autouse=True)
def _no_minimum_form_time(monkeypatch):
    """Tests send the form at once; the minimum time has its own test."""
    monkeypatch.setattr(forms, "MIN_FORM_SECONDS", 0)


@pytest.fixture
def blogger(db) -> BloggerProfile:
    return BloggerProfile.objects.create(
        name="Berit Blogger", presentation="Skriver om frivillige i boligområderne."
    )


def make_post(blogger, slug: str, days_ago: float = 1, **fields) -> Post:
    defaults = {
        "title": slug.replace("-", " ").capitalize(),
        "teaser": f"Kort om {slug}.",
        "body": "Første afsnit.\n\n## Mellemrubrik\n\nAndet afsnit.",
        "state": Post.State.PUBLISHED,
        "publish_at": timezone.now() - timedelta(days=days_ago),
    }
    return Post.objects.create(author=blogger, slug=slug, **(defaults | fields))


@pytest.fixture
def post(blogger) -> Post:
    post = make_post(blogger, "lektiecafeen", title="Lektiecaféen")
    post.tags.add(BlogTag.objects.create(name="Lektiecafé", slug="lektiecafe"))
    return post


def guest_comment(post, **fields) -> Comment:
    values = {"name": "Gitte Gæst", "email": "gitte@example.org", "body": "Godt skrevet."}
    return Comment.objects.create(post=post, **(values | fields))
