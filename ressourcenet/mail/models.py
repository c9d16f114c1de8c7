from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingMessage(models.Model):
    """One e-mail to one recipient, from the moment it is queued until it went (or not)."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Meeting invitation")
        UPDATE = "update", _("Changed meeting")
        CANCELLATION = "cancellation", _("Cancellation")
        POLL = "poll", _("Poll on the time")
        POLL_REMINDER = "poll_reminder", _("Poll reminder")
        PASSWORD_RESET = "password_reset", _("Password reset")
        IDEA_STATUS = "idea_status", _("Idea status changed")
        SUMMARY_OPEN = "summary_open", _("Summary open for comments")
        SUMMARY = "summary", _("Final summary")
        AMENDMENT = "amendment", _("Answer to a proposed change")
        EVALUATION = "evaluation", _("Meeting evaluation")
        RECOMMENDATION = "recommendation", _("Board decision on a recommendation")
        AGREEMENT_RENEWAL = "agreement_renewal", _("Agreement up for renewal")
        AGREEMENT_INVITATION = "agreement_invitation", _("Agreement to accept")
        BLOG_APPROVED = "blog_approved", _("Blog comment published")
        BLOG_REJECTED = "blog_rejected", _("Blog comment not published")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Not sent yet")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be sent")
        DROPPED = "dropped", _("No longer needed")

    class Problem(models.TextChoices):
        ADDRESS = "address", _("The name or e-mail address cannot be used in an e-mail.")
        REFUSED = "refused", _("The recipient's mail server refused the e-mail. Check the address.")
        UNREACHABLE = "unreachable", _("We could not reach the mail server.")
        TEMPORARY = "temporary", _("The mail server asked us to try again later.")
        OTHER = "other", _("Something went wrong while sending.")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    to_name = models.CharField(_("recipient's name"), max_length=200, blank=True)
    to_email = models.CharField(_("recipient's e-mail"), max_length=254)
    subject = models.CharField(_("subject"), max_length=300)
    # The content is kept until the message went, then cleared: no personal links linger.
    body = models.TextField(blank=True)
    html = models.TextField(blank=True)
    attachments = models.JSONField(default=list, blank=True)
    # The meeting invitation this message serves (an invitation, a change, a cancellation,
    # a poll), and for calendar messages the meeting's sequence it carries.
    invitation = models.ForeignKey(
        "meetings.Invitation",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("invitation"),
    )
    sequence = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    problem = models.CharField(_("problem"), max_length=20, choices=Problem.choices, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    expires_at = models.DateTimeField(_("not sent after"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="mail_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.to_email}"
