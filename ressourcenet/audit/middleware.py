from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from ressourcenet.audit.context import acting


class AuditActorMiddleware:
    """Entries written while a request is handled are by the request's user. The user is
    looked up only when an entry is written, so requests that save nothing pay nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting(request):
            return self.get_response(request)
