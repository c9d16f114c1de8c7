from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ressourcenet.accounts import permissions
from ressourcenet.lib.admin import BoundedAdmin, BoundedTabularInline
from ressourcenet.people.models import Organisation, Person, Unit


class UnitInline(BoundedTabularInline):
    model = Unit
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(BoundedAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [UnitInline]


class ProposedForErasureFilter(admin.SimpleListFilter):
    """People with no membership or activity for three years (`ressourcenet retention`
    lists them too): for an administrator to look at and erase, or keep."""

    title = _("proposed for erasure")
    parameter_name = "inactive"

    def lookups(self, request, model_admin):
        return [("yes", _("No membership or activity for three years"))]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        from ressourcenet.ops.retention import people_to_propose_for_erasure

        return queryset.filter(pk__in=people_to_propose_for_erasure().values("pk"))


@admin.register(Person)
class PersonAdmin(BoundedAdmin):
    list_display = ["name", "organisation", "unit", "stakeholder_group", "housing_area"]
    list_filter = [ProposedForErasureFilter, "stakeholder_group", "housing_area"]
    search_fields = ["name", "email"]
    list_select_related = ["organisation", "unit", "housing_area"]
    autocomplete_fields = ["user"]
    readonly_fields = ["created_by", "erased_at"]
    actions = ["export_data", "erase"]

    def get_actions(self, request):
        """Export and erasure are for administrators only (the pages refuse others too):
        staff who may change people do not see them."""
        actions = super().get_actions(request)
        if not permissions.can_export_or_erase(request.user):
            actions.pop("export_data", None)
            actions.pop("erase", None)
        return actions

    def _privacy_page(self, request, queryset, name: str):
        """The same pages (and services) as in the app; one person at a time."""
        if not permissions.can_export_or_erase(request.user):
            self.message_user(
                request, _("Only administrators may export or erase a person."), messages.ERROR
            )
            return None
        if queryset.count() != 1:
            self.message_user(request, _("Choose one person."), messages.WARNING)
            return None
        from ressourcenet.plans.models import Plan

        person = queryset.get()
        plan = Plan.objects.filter(networks__memberships__person=person).first()
        plan = plan or Plan.objects.order_by("pk").first()
        if plan is None:
            self.message_user(request, _("There is no plan yet."), messages.WARNING)
            return None
        return redirect(reverse(name, args=[plan.slug, person.pk]))

    @admin.action(description=_("Export the person's data (GDPR)"))
    def export_data(self, request, queryset):
        return self._privacy_page(request, queryset, "person_export")

    @admin.action(description=_("Erase the person (GDPR)"))
    def erase(self, request, queryset):
        return self._privacy_page(request, queryset, "person_erase")

    def has_change_permission(self, request, obj: Person | None = None) -> bool:
        """An erased person is shown, never edited: a name typed in again would undo the
        erasure (people/privacy.py)."""
        if obj is not None and obj.is_erased:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj: Person, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
