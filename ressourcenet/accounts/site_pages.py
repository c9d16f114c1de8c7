"""The site's two public statements: the privacy page and the accessibility statement.

The retention periods they name are read from the constants the clean-up code uses, so
the pages cannot promise what the code does not do. Who answers for the data comes from
settings (PRIVACY_*, ACCESSIBILITY_CONTACT); an empty one shows "to be filled in".
"""

from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ressourcenet.blog.models import IP_DAYS, PENDING_DAYS, REFUSED_DAYS
from ressourcenet.evaluation.services import EVALUATION_DAYS
from ressourcenet.live.services import KEEP_FOR
from ressourcenet.ops.retention import INACTIVE_YEARS, OUTBOX_DAYS

# The day the accessibility statement was last reviewed; change it with the statement.
STATEMENT_DATE = date(2026, 11, 30)


def _contacts() -> dict[str, str]:
    return {
        "controller_name": settings.PRIVACY_CONTROLLER_NAME,
        "controller_address": settings.PRIVACY_CONTROLLER_ADDRESS,
        "controller_email": settings.PRIVACY_CONTROLLER_EMAIL,
        "dpo_contact": settings.PRIVACY_DPO_CONTACT,
        "lawful_basis": settings.PRIVACY_LAWFUL_BASIS,
        "accessibility_contact": settings.ACCESSIBILITY_CONTACT,
    }


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/privacy.html",
        {
            **_contacts(),
            "ip_days": IP_DAYS,
            "refused_days": REFUSED_DAYS,
            "pending_days": PENDING_DAYS,
            "live_days": KEEP_FOR.days,
            "evaluation_days": EVALUATION_DAYS,
            "api_token_days": settings.API_TOKEN_DAYS,
            "outbox_days": OUTBOX_DAYS,
            "inactive_years": INACTIVE_YEARS,
            "session_days": settings.SESSION_COOKIE_AGE // (24 * 60 * 60),
        },
    )


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/accessibility.html",
        {**_contacts(), "statement_date": STATEMENT_DATE},
    )
