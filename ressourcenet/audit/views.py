"""The audit log for administrators: read and filter it; nothing here changes an entry."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ressourcenet.accounts import permissions
from ressourcenet.audit import readable
from ressourcenet.audit.forms import LogFilterForm
from ressourcenet.audit.models import AuditEntry
from ressourcenet.lib import bounds

PAGE_SIZE = 50


@login_required
@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    if not permissions.can_read_audit_log(request.user):
        raise PermissionDenied
    form = LogFilterForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    entries = form.filter(AuditEntry.objects.select_related("object_type"))
    paginator = Paginator(entries, PAGE_SIZE)
    asked = request.GET.get("page", "").strip()
    number = bounds.parse_id(asked)
    # A page past the end (a number of any length): the last page, and a word about it.
    digits = asked.isascii() and asked.isdigit()
    beyond = digits and (len(asked) > 18 or int(asked) > paginator.num_pages)
    page = paginator.get_page(paginator.num_pages if beyond else number or 1)
    rows = [
        (entry, readable.kind_name(entry.object_type.model_class()), readable.changes(entry))
        for entry in page.object_list
    ]
    context = {
        "nav": "audit_log",
        "form": form,
        "page": page,
        "rows": rows,
        "query": form.query() if form.is_bound else "",
        "page_beyond": beyond,
    }
    return render(request, "audit/log.html", context, status=200 if valid else 422)
