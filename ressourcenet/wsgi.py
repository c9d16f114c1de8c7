"""WSGI entry point (gunicorn ressourcenet.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ressourcenet.settings")

application = get_wsgi_application()

from ressourcenet.accounts.demo_guard import refuse_demo_users_in_production  # noqa: E402

refuse_demo_users_in_production()
