"""The floor: the cheapest page the site can serve, for the benchmarks to measure against.

It passes through the whole middleware stack (sessions, language, CSRF, authentication,
messages, security headers, CSP, htmx) like every page, but asks nothing of the database
or the cache, opens no transaction (as ATOMIC_REQUESTS would) and renders no template.
`benchmarks/national.py` prints each key page's time as a multiple of this one, so the
figures say how much a page costs beyond what Django and the middleware cost anyway, on
whatever machine they are measured.
"""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe


@transaction.non_atomic_requests
@require_safe
def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
