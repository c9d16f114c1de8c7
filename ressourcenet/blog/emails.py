"""The guest's e-mail when an editor approves or rejects their comment, with a link that
removes every comment they wrote with that address.

The link holds the comment's id, signed, never the e-mail address (the address would reach
the access log); it is valid for ERASE_LINK_MAX_AGE."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ressourcenet.blog.models import Comment
from ressourcenet.lib.links import make_token
from ressourcenet.mail import services as mail
from ressourcenet.mail.models import OutgoingMessage

ERASE_LINK = "blog-erase"
ERASE_LINK_MAX_AGE = timedelta(days=90)


def erase_url(comment: Comment) -> str:
    return settings.SITE_URL + reverse("blog:erase", args=[make_token(ERASE_LINK, comment.pk)])


def moderation_email(comment: Comment) -> EmailMultiAlternatives:
    approved = comment.state == Comment.State.PUBLISHED
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "comment": comment,
            "post": comment.post,
            "approved": approved,
            "post_url": settings.SITE_URL + comment.get_absolute_url(),
            "erase_url": erase_url(comment),
        }
        if approved:
            subject = _("Your comment on “%(title)s” is published") % {"title": comment.post.title}
        else:
            subject = _("Your comment on “%(title)s” was not published") % {
                "title": comment.post.title
            }
        text = render_to_string("blog/email/moderated.txt", context)
        html = render_to_string("blog/email/moderated.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text)
    message.attach_alternative(html, "text/html")
    return message


def send_moderation_email(comment: Comment) -> None:
    kind = (
        OutgoingMessage.Kind.BLOG_APPROVED
        if comment.state == Comment.State.PUBLISHED
        else OutgoingMessage.Kind.BLOG_REJECTED
    )
    message = mail.queue(kind, moderation_email(comment), comment.email, comment.name)
    mail.send_after_commit([message])
