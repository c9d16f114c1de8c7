from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What is the token for?"),
        help_text=_("For example the name of the spreadsheet or program that uses it."),
        max_length=100,
        required=False,
    )
    days = forms.IntegerField(label=_("Number of days the token works"), min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = self.fields["days"]
        days.initial = settings.API_TOKEN_DAYS
        days.max_value = settings.API_TOKEN_MAX_DAYS
        days.validators.append(MaxValueValidator(settings.API_TOKEN_MAX_DAYS))
        days.widget.attrs["max"] = settings.API_TOKEN_MAX_DAYS
