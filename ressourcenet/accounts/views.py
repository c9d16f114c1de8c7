from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils.translation import gettext_lazy as _
from django.views import defaults

from ressourcenet.accounts.demo import DEMO_LOGINS


class EmailAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("The e-mail or the password is wrong. Try again."),
        "inactive": _("This login has been closed."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail")
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "type": "email"})


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.DEMO_MODE:
            context["demo_logins"] = DEMO_LOGINS
            context["demo_password"] = settings.DEMO_PASSWORD
        return context


class DanishPasswordResetForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = DanishPasswordResetForm


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Ask visitors who are not logged in to log in; tell everyone else they may not."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return defaults.permission_denied(request, exception, template_name="403.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return defaults.page_not_found(request, exception, template_name="404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request context: the failure may lie in what builds it.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
