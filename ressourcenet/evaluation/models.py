"""A meeting's evaluation: three questions to each invitee who came, answered once.

The row points at the invitation only so that one person answers once; no page, e-mail
or API shows who answered what (see evaluation/services.py and evaluation/health.py).
Once the evaluation has closed, `ressourcenet retention` cuts that link: the ratings and
the suggestion stay with the meeting, tied to nobody.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

RATING_MIN = 1
RATING_MAX = 5
SUGGESTION_MAX = 1000
# Fewer answers than this, and an average would come close to telling one person's answer.
MIN_ANSWERS = 3


class Evaluation(models.Model):
    meeting = models.ForeignKey(
        "meetings.Meeting", models.CASCADE, related_name="evaluations", verbose_name=_("meeting")
    )
    # Empty once the evaluation has closed (ops/retention.py): nothing then ties the
    # answer, and its free text, to a person.
    invitation = models.OneToOneField(
        "meetings.Invitation",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluation",
        verbose_name=_("invitation"),
    )
    relevance = models.PositiveSmallIntegerField(
        _("How relevant was the meeting for you?"),
        validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)],
    )
    time_well_spent = models.PositiveSmallIntegerField(
        _("Was your time well spent?"),
        validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)],
    )
    suggestion = models.TextField(_("One thing to change"), max_length=SUGGESTION_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(relevance__gte=RATING_MIN, relevance__lte=RATING_MAX)
                & models.Q(time_well_spent__gte=RATING_MIN, time_well_spent__lte=RATING_MAX),
                name="evaluation_ratings_in_range",
            )
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
