from datetime import datetime

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from ressourcenet.accounts import throttle
from ressourcenet.lib.dates import format_date


def local_time(moment: datetime) -> str:
    return format_date(moment, "time")


class ThrottledLoginMixin:
    """For login forms (the site's and the admin's): see accounts/throttle.py."""

    def clean(self):
        """Refuse while the login or the IP address is blocked; count each wrong password."""
        username = (self.cleaned_data.get("username") or "").strip()
        if not (username and self.cleaned_data.get("password")):
            return super().clean()
        ip = throttle.client_ip(self.request)
        try:
            throttle.check(throttle.LOGIN_PER_ACCOUNT, username)
            throttle.check(throttle.LOGIN_PER_IP, ip)
            try:
                cleaned_data = super().clean()
            except ValidationError:
                self._count_failure(username, ip)
                raise
        except throttle.Throttled as blocked:
            raise ValidationError(
                _("Too many wrong attempts. Try again at %(time)s."),
                code="throttled",
                params={"time": local_time(blocked.until)},
            ) from None
        throttle.clear(throttle.LOGIN_PER_ACCOUNT, username)
        return cleaned_data

    @staticmethod
    def _count_failure(username: str, ip: str) -> None:
        blocks = [
            throttle.record(throttle.LOGIN_PER_ACCOUNT, username),
            throttle.record(throttle.LOGIN_PER_IP, ip),
        ]
        if any(blocks):
            raise throttle.Throttled(max(until for until in blocks if until))


class EmailAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("The e-mail or the password is wrong. Try again."),
        "inactive": _("This login has been closed."),
    }
    # A wrong password or too many attempts is not a field to correct: one alert says it.
    errors_as_alert = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail")
        self.fields["username"].error_messages["required"] = _("Write your e-mail address.")
        self.fields["password"].error_messages["required"] = _("Write your password.")
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "type": "email"})


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin's login form, counted with the site's: it must not be a way round."""


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
