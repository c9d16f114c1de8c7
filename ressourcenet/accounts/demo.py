"""The demo logins: one per role, all with settings.DEMO_PASSWORD."""

from django.utils.translation import gettext_lazy as _

DEMO_LOGINS = [
    ("admin@example.dk", _("Administrator (the plan's secretariat)")),
    ("koordinator@example.dk", _("Network coordinator")),
    ("medlem@example.dk", _("Member")),
    ("bestyrelse@example.dk", _("Board member")),
    ("redaktoer@example.dk", _("Editor")),
]
