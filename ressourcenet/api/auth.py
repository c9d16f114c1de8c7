from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security import HttpBearer

from ressourcenet.accounts.models import ApiToken


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`; callers without the header act as the public.

    A wrong or revoked token is refused (401) rather than treated as anonymous, so a
    client with a broken token notices.
    """

    def __call__(self, request: HttpRequest):
        if not request.headers.get(self.header):
            return AnonymousUser()
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str):
        return ApiToken.objects.user_for(token)
