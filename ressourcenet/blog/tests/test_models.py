from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ressourcenet.blog.models import Post
from ressourcenet.blog.tests.conftest import make_post


def test_visible_posts_are_published_or_scheduled_and_due(blogger):
    shown = make_post(blogger, "shown")
    due = make_post(blogger, "due", state=Post.State.SCHEDULED)
    make_post(blogger, "later", days_ago=-1, state=Post.State.SCHEDULED)
    make_post(blogger, "draft", state=Post.State.DRAFT)
    assert set(Post.objects.visible()) == {shown, due}


def test_a_cover_image_needs_a_text(blogger):
    post = make_post(blogger, "cover")
    post.cover_image = SimpleUploadedFile("cover.png", b"x")
    with pytest.raises(ValidationError) as error:
        post.clean()
    assert "cover_alt" in error.value.message_dict
    post.cover_alt = "Børn ved et bord med lektier"
    post.clean()


def test_the_blogs_own_addresses_are_not_slugs(blogger):
    post = make_post(blogger, "moderation")
    with pytest.raises(ValidationError) as error:
        post.clean()
    assert "slug" in error.value.message_dict


def test_a_scheduled_post_needs_a_time_and_a_published_one_gets_now(blogger):
    post = make_post(blogger, "soon", state=Post.State.SCHEDULED, publish_at=None)
    with pytest.raises(ValidationError):
        post.clean()
    post.state = Post.State.PUBLISHED
    post.clean()
    assert abs(post.publish_at - timezone.now()) < timedelta(seconds=5)


def test_the_body_is_sanitised_markdown(blogger):
    post = make_post(blogger, "x", body="**fed** <script>alert(1)</script> [a](javascript:x)")
    html = str(post.body_html)
    assert "<strong>fed</strong>" in html
    assert "<script>" not in html
    assert 'href="javascript' not in html
