from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.decorators.http import require_safe

from ressourcenet.accounts import permissions
from ressourcenet.accounts.demo import DEMO_LOGINS
from ressourcenet.accounts.models import OutboxMessage
from ressourcenet.mail import services as mail
from ressourcenet.mail.models import OutgoingMessage


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

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        """Through the one send path: recorded, and retried if the mail server is away."""
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        message = EmailMultiAlternatives(
            subject, render_to_string(email_template_name, context), from_email
        )
        if html_email_template_name:
            message.attach_alternative(
                render_to_string(html_email_template_name, context), "text/html"
            )
        kind = OutgoingMessage.Kind.PASSWORD_RESET
        mail.send_now([mail.queue(kind, message, to_email)])


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


def _require_administrator(request: HttpRequest) -> None:
    if not permissions.roles_of(request.user).is_administrator:
        raise PermissionDenied


@require_safe
def outbox_list(request: HttpRequest) -> HttpResponse:
    """The demo's outbox: e-mails kept instead of sent, for administrators."""
    _require_administrator(request)
    page = Paginator(OutboxMessage.objects.all(), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/outbox_list.html", {"page": page, "nav": "outbox"})


@require_safe
def outbox_detail(request: HttpRequest, message_id: int) -> HttpResponse:
    _require_administrator(request)
    message = get_object_or_404(OutboxMessage, pk=message_id)
    return render(request, "accounts/outbox_detail.html", {"message": message, "nav": "outbox"})
