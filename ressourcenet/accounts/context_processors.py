from django.conf import settings


def site(request) -> dict:
    # SITE_URL: absolute addresses (canonical links) on the configured address, never on
    # the request's Host header, which a client chooses.
    return {"DEMO_MODE": settings.DEMO_MODE, "SITE_URL": settings.SITE_URL}
