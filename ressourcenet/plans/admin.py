from django.contrib import admin

from ressourcenet.plans.models import (
    Board,
    BoardMember,
    Effort,
    HousingArea,
    LocalSteeringGroup,
    Plan,
    Project,
)


class HousingAreaInline(admin.TabularInline):
    model = HousingArea
    extra = 0


class EffortInline(admin.TabularInline):
    model = Effort
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "starts_on", "ends_on"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [HousingAreaInline, EffortInline]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "effort"]
    list_filter = ["effort__plan"]
    filter_horizontal = ["areas"]


class BoardMemberInline(admin.TabularInline):
    model = BoardMember
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    inlines = [BoardMemberInline]


@admin.register(LocalSteeringGroup)
class LocalSteeringGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "area"]
    autocomplete_fields = ["members"]
