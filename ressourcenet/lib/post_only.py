"""Addresses that only take a form's POST, and what a GET on them does.

A reload of the error page a POST answered, or a link to it, arrives as a GET: instead of
Django's 405 with an empty body (a blank page), it is sent on (303) to the page where the
form lives. That page is also `request.form_page`, which the language switcher in
base.html posts as `next` instead of the POST-only address.
"""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect


class SeeOther(HttpResponseRedirect):
    status_code = 303


def post_only(form_page: Callable[..., str]) -> Callable:
    """`@post_only(lambda plan_slug, meeting_id: reverse(...))`: the view takes POST; a GET
    or HEAD is sent to `form_page(**the address's values)`."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            request.form_page = form_page(**kwargs)
            if request.method in ("GET", "HEAD"):
                return SeeOther(request.form_page)
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
