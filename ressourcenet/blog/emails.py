"""The guest's e-mail when an editor approves or rejects their comment, with a link that
removes every comment they wrote with that address.

The link holds a keyed hash of the address (Comment.email_key), signed, never the address
itself (it would reach the access log): it finds every comment written with that address for
ERASE_LINK_MAX_AGE, also when the comment whose e-mail carried it is gone."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ressourcenet.blog.models import Comment, email_key
from ressourcenet.lib.links import make_token
from ressourcenet.mail import services as mail
from ressourcenet.mail.models import OutgoingMessage

ERASE_LINK = "blog-erase"
ERASE_LINK_MAX_AGE = timedelta(days=90)


def erase_url(comment: Comment) -> str:
    token = make_token(ERASE_LINK, email_key(comment.email))
    return settings.SITE_URL + reverse("blog:erase", args=[token])


def moderation_email(comment: Comment, taken_down: bool = False) -> EmailMultiAlternatives:
    """An approval, a rejection, or (`taken_down`) the removal of a comment that was shown."""
    approved = comment.state == Comment.State.PUBLISHED
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "comment": comment,
            "post": comment.post,
            "approved": approved,
            "taken_down": taken_down,
            "post_url": settings.SITE_URL + comment.get_absolute_url(),
            "erase_url": erase_url(comment),
        }
        if approved:
            subject = _("Your comment on “%(title)s” is published") % {"title": comment.post.title}
        elif taken_down:
            subject = _("Your comment on “%(title)s” is removed") % {"title": comment.post.title}
        else:
            subject = _("Your comment on “%(title)s” was not published") % {
                "title": comment.post.title
            }
        text = render_to_string("blog/email/moderated.txt", context)
        html = render_to_string("blog/email/moderated.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text)
    message.attach_alternative(html, "text/html")
    return message


def send_moderation_email(comment: Comment, taken_down: bool = False) -> None:
    kind = (
        OutgoingMessage.Kind.BLOG_APPROVED
        if comment.state == Comment.State.PUBLISHED
        else OutgoingMessage.Kind.BLOG_REJECTED
    )
    message = mail.queue(kind, moderation_email(comment, taken_down), comment.email, comment.name)
    mail.send_after_commit([message])
