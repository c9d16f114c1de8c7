from ressourcenet.blog.demo import load_blog
from ressourcenet.blog.models import BloggerProfile, Comment, Post


def test_demo_blog_has_six_posts_by_two_bloggers_and_a_comment_waiting(
    editor, member, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    load_blog()
    load_blog()  # safe to run again
    visible = Post.objects.visible()
    assert visible.count() >= 6
    assert visible.values("author").distinct().count() == 2
    assert Comment.objects.published().count() >= 3
    assert Comment.objects.pending().count() == 1
    assert Post.objects.filter(state=Post.State.DRAFT).exists()
    assert Comment.objects.exclude(parent=None).exists()
    assert all(blogger.photo for blogger in BloggerProfile.objects.all())
