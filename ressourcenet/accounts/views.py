from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ressourcenet.accounts import permissions, throttle
from ressourcenet.accounts.demo import DEMO_LOGINS
from ressourcenet.accounts.forms import ApiTokenForm, EmailAuthenticationForm, local_time
from ressourcenet.accounts.models import ApiToken, OutboxMessage
from ressourcenet.mail import services as mail
from ressourcenet.mail.models import OutgoingMessage


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.DEMO_MODE:
            context["demo_logins"] = DEMO_LOGINS
            context["demo_password"] = settings.DEMO_PASSWORD
        return context


class DanishPasswordResetForm(PasswordResetForm):
    errors_as_alert = True  # too many requests: an alert, not a field to correct

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail")
        self.fields["email"].error_messages["required"] = _(
            "Write the e-mail address you log in with."
        )

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
    """Limited per IP address (said on the page) and per address (silently: the answer
    must be the same whether the address has a login or not)."""

    form_class = DanishPasswordResetForm

    def form_valid(self, form):
        ip = throttle.client_ip(self.request)
        email = form.cleaned_data["email"]
        try:
            throttle.check(throttle.RESET_PER_IP, ip)
        except throttle.Throttled as blocked:
            form.add_error(
                None,
                ValidationError(
                    _("Too many requests for a new password. Try again at %(time)s."),
                    code="throttled",
                    params={"time": local_time(blocked.until)},
                ),
            )
            return self.form_invalid(form)
        throttle.record(throttle.RESET_PER_IP, ip)
        try:
            throttle.check(throttle.RESET_PER_ADDRESS, email)
        except throttle.Throttled:
            return HttpResponseRedirect(self.get_success_url())
        throttle.record(throttle.RESET_PER_ADDRESS, email)
        return super().form_valid(form)


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


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's own API tokens; a new one is shown once, right after it is made."""
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    new_token = new_secret = None
    if form.is_bound and form.is_valid():
        new_token, new_secret = ApiToken.objects.create_for(
            request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
        )
        form = ApiTokenForm()
    context = {
        "tokens": request.user.api_tokens.not_revoked(),
        "form": form,
        "new_token": new_token,
        "new_secret": new_secret,
        "nav": "api_tokens",
    }
    return render(request, "accounts/api_tokens.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    # Only the user's own tokens are found: anyone else's is a 404.
    token = get_object_or_404(request.user.api_tokens.not_revoked(), pk=token_id)
    ApiToken.objects.filter(pk=token.pk).revoke()
    messages.success(
        request, _("The token %(prefix)s… no longer works.") % {"prefix": token.prefix}
    )
    return redirect("api_tokens")
