"""django_tasks_db's queue in the admin, in the site's language.

The package names its table and columns in English through gettext; the words below are
listed here so that `make messages` puts them in our catalog, which then translates the
package's own strings (the project's catalog comes first).
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_tasks_db.apps import TasksAppConfig

TABLE_WORDS = [
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("status"),
    gettext_noop("enqueued at"),
    gettext_noop("started at"),
    gettext_noop("finished at"),
    gettext_noop("args kwargs"),
    gettext_noop("priority"),
    gettext_noop("task path"),
    gettext_noop("worker id"),
    gettext_noop("queue name"),
    gettext_noop("backend name"),
    gettext_noop("run after"),
    gettext_noop("return value"),
    gettext_noop("exception class path"),
    gettext_noop("traceback"),
]


class TasksConfig(TasksAppConfig):
    verbose_name = _("Background tasks")
