from django.contrib import admin

from ressourcenet.lib.admin import BoundedAdmin, BoundedTabularInline
from ressourcenet.plans.models import (
    Board,
    BoardMember,
    Effort,
    HousingArea,
    LocalSteeringGroup,
    Plan,
    Project,
)


class HousingAreaInline(BoundedTabularInline):
    model = HousingArea
    extra = 0


class EffortInline(BoundedTabularInline):
    model = Effort
    extra = 0


@admin.register(Plan)
class PlanAdmin(BoundedAdmin):
    list_display = ["name", "municipality", "starts_on", "ends_on"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [HousingAreaInline, EffortInline]


@admin.register(Project)
class ProjectAdmin(BoundedAdmin):
    list_display = ["name", "effort"]
    list_filter = ["effort__plan"]
    filter_horizontal = ["areas"]


class BoardMemberInline(BoundedTabularInline):
    model = BoardMember
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Board)
class BoardAdmin(BoundedAdmin):
    inlines = [BoardMemberInline]


@admin.register(LocalSteeringGroup)
class LocalSteeringGroupAdmin(BoundedAdmin):
    list_display = ["name", "area"]
    autocomplete_fields = ["members"]
