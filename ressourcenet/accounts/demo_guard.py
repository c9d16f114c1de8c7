from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError


def demo_users_exist() -> bool:
    from ressourcenet.accounts.models import User

    try:
        return User.objects.filter(is_demo=True).exists()
    except DatabaseError:
        return False  # not migrated yet: nothing to refuse


def refuse_demo_users_in_production() -> None:
    """Production must never run with the published demo passwords."""
    if settings.PRODUCTION and demo_users_exist():
        raise ImproperlyConfigured(
            "Demo users exist in this database. Delete them (or use another database) "
            "before running with RESSOURCENET_ENV=production."
        )
