"""The idea catalogue in Django's admin.

Ideas are added on the pages (one or many at once). Here an idea's own fields are saved
through knowledge/services.py, which checks them as the pages do; its network and status
are shown, not changed (a status changes on the idea's page, with a reason, and its
owner is told), and its history is shown as it is.

Summaries are written and answered on their pages (knowledge/summaries.py holds the
states and sends the e-mails); the admin shows them, their proposals and corrections,
read-only. Experiences are shown, and deleted through knowledge/experiences.py.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from ressourcenet.knowledge import experiences, services
from ressourcenet.knowledge.models import (
    Amendment,
    Experience,
    Idea,
    IdeaStatusChange,
    Summary,
    SummaryRevision,
    Tag,
)
from ressourcenet.lib.admin import BoundedAdmin, BoundedModelForm, BoundedTabularInline


class StatusChangeInline(BoundedTabularInline):
    model = IdeaStatusChange
    fields = ["changed_at", "from_status", "to_status", "reason", "changed_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class IdeaAdminForm(BoundedModelForm):
    def _post_clean(self) -> None:
        super()._post_clean()
        # What update_idea would refuse (an area of another plan, a meeting of another
        # network) is shown by the field, not as a server error.
        if self.instance.pk is None or self.errors:
            return
        try:
            services.check_idea(
                self.instance,
                list(self.cleaned_data.get("housing_areas", [])),
                [tag.name for tag in self.cleaned_data.get("tags", [])],
            )
        except ValidationError as error:
            self._update_errors(error)


@admin.register(Idea)
class IdeaAdmin(BoundedAdmin):
    form = IdeaAdminForm
    list_display = ["title", "network", "status", "public", "created_at"]
    list_filter = ["network__plan", "network", "status", "public"]
    list_select_related = ["network"]
    search_fields = ["title", "description"]
    readonly_fields = [
        "network",
        "status",
        "origin_table",
        "plus_ones",
        "created_by",
        "created_at",
    ]
    autocomplete_fields = ["owner"]
    inlines = [StatusChangeInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Idea, form, change: bool) -> None:
        services.update_idea(
            obj,
            housing_areas=form.cleaned_data["housing_areas"],
            tags=[tag.name for tag in form.cleaned_data["tags"]],
        )

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        # The areas and tags were saved by update_idea; the history is read-only.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Tag)
class TagAdmin(BoundedAdmin):
    """Tags are made by naming them on an idea; here they are seen, and deleted."""

    list_display = ["name", "plan"]
    list_filter = ["plan"]
    search_fields = ["name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Tag | None = None) -> bool:
        return False


class ReadOnlyInline(BoundedTabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class AmendmentInline(ReadOnlyInline):
    model = Amendment
    fields = ["created_at", "invitation", "kind", "text", "state", "decided_by", "decided_at"]
    readonly_fields = fields


class RevisionInline(ReadOnlyInline):
    model = SummaryRevision
    fields = ["created_at", "reason", "body", "created_by"]
    readonly_fields = fields


@admin.register(Summary)
class SummaryAdmin(BoundedAdmin):
    """Seen, not changed: every step goes through the summary's pages."""

    list_display = ["meeting", "state", "public", "comments_close_at", "finalised_at"]
    list_filter = ["state", "meeting__network__plan"]
    list_select_related = ["meeting"]
    search_fields = ["meeting__title", "body"]
    inlines = [AmendmentInline, RevisionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Summary | None = None) -> bool:
        return False


@admin.register(Experience)
class ExperienceAdmin(BoundedAdmin):
    """Seen and deleted here; written and changed on the pages, whose service checks the
    plan's areas, networks and meetings. Deleting goes through it too (the search index)."""

    list_display = [
        "activity",
        "plan_effort",
        "housing_area",
        "plan",
        "network",
        "public",
        "created_at",
    ]
    list_filter = ["plan", "public", "housing_area"]
    list_select_related = ["housing_area", "plan_effort", "plan", "network"]
    search_fields = ["activity", "worked", "did_not_work"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Experience | None = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Experience) -> None:
        experiences.delete_experience(obj)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        for experience in queryset:
            experiences.delete_experience(experience)
