from django.conf import settings
from django.core.checks import Error, Tags, register

from ressourcenet.accounts.demo_guard import demo_users_exist


@register(Tags.security, Tags.database, deploy=True)
def no_demo_users_in_production(app_configs, databases=None, **kwargs):
    if settings.PRODUCTION and databases and demo_users_exist():
        return [
            Error(
                "Demo users exist in the database.",
                hint="Delete the users made by `ressourcenet demo` before going live.",
                id="ressourcenet.E001",
            )
        ]
    return []
