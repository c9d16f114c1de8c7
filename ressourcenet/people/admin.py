from django.contrib import admin

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


@admin.register(Person)
class PersonAdmin(BoundedAdmin):
    list_display = ["name", "organisation", "unit", "stakeholder_group", "housing_area"]
    list_filter = ["stakeholder_group", "housing_area"]
    search_fields = ["name", "email"]
    list_select_related = ["organisation", "unit", "housing_area"]
    autocomplete_fields = ["user"]
    readonly_fields = ["created_by"]

    def save_model(self, request, obj: Person, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
