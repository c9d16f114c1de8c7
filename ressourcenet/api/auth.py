from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security import HttpBearer

from ressourcenet.accounts.models import ApiToken

READS = {"GET", "HEAD", "OPTIONS"}


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`; callers without the header read as the public.

    A write without the header is refused (401) here, before ninja reads its body or the
    operation looks anything up: the public is never shown what is wrong with a request
    it may not make. The few writes open to the public (a live board, a guest's blog
    comment) say so with `auth=PUBLIC_WRITE`; their own checks decide.

    A wrong or revoked token is refused (401) rather than treated as anonymous, so a
    client with a broken token notices.
    """

    def __init__(self, public_writes: bool = False):
        super().__init__()
        self.public_writes = public_writes

    def __call__(self, request: HttpRequest):
        if not request.headers.get(self.header):
            if request.method in READS or self.public_writes:
                return AnonymousUser()
            return None  # ninja's AuthenticationError: the API's 401
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str):
        return ApiToken.objects.user_for(token)


# For a write that the public may make without a token.
PUBLIC_WRITE = BearerToken(public_writes=True)
