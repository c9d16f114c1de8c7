from django import forms
from django.utils.translation import gettext_lazy as _

from ressourcenet.evaluation.models import SUGGESTION_MAX
from ressourcenet.lib.bounds import BoundsMixin


def scale(low: str, high: str) -> list[tuple[int, str]]:
    return [(1, f"1 – {low}"), (2, "2"), (3, "3"), (4, "4"), (5, f"5 – {high}")]


class EvaluationForm(BoundsMixin, forms.Form):
    """The three questions; the service checks them again for the API."""

    relevance = forms.TypedChoiceField(
        label=_("How relevant was the meeting for you?"),
        choices=scale(_("not at all"), _("very relevant")),
        coerce=int,
        widget=forms.RadioSelect,
    )
    time_well_spent = forms.TypedChoiceField(
        label=_("Was your time well spent?"),
        choices=scale(_("not at all"), _("very well spent")),
        coerce=int,
        widget=forms.RadioSelect,
    )
    suggestion = forms.CharField(
        label=_("One thing to change"),
        required=False,
        max_length=SUGGESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What should the next meeting do differently? Shown without your name."),
    )
