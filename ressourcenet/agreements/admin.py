"""Agreements in Django's admin, read-only: co-financing agreements change only through
agreements/services.py (a new version with a reason, on the agreement's page or in the
API), cooperation agreements are accepted and ended by their parties, and the allocation
is put a year at a time through the API. Key figures of the housing areas are plain
facts that administrators enter here."""

from django.contrib import admin
from django.http import HttpRequest

from ressourcenet.agreements.models import (
    AllocationLine,
    CofinancingAgreement,
    CofinancingAmount,
    CofinancingVersion,
    CooperationAgreement,
    KeyFigure,
    Obligation,
    Party,
)
from ressourcenet.lib.admin import BoundedAdmin, BoundedTabularInline


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class VersionInline(ReadOnly, BoundedTabularInline):
    model = CofinancingVersion
    fields = ["number", "status", "starts_on", "ends_on", "created_at", "created_by", "reason"]
    readonly_fields = fields
    extra = 0


class AmountInline(ReadOnly, BoundedTabularInline):
    model = CofinancingAmount
    fields = ["year", "money", "hours"]
    readonly_fields = fields
    extra = 0


@admin.register(CofinancingAgreement)
class CofinancingAgreementAdmin(ReadOnly, BoundedAdmin):
    list_display = ["title", "plan", "organisation", "unit", "status", "starts_on", "ends_on"]
    list_filter = ["status", "plan"]
    search_fields = ["title", "organisation__name", "unit__name"]
    list_select_related = ["plan", "organisation", "unit"]
    inlines = [VersionInline]


@admin.register(CofinancingVersion)
class CofinancingVersionAdmin(ReadOnly, BoundedAdmin):
    list_display = ["agreement", "number", "status", "created_at", "created_by"]
    search_fields = ["agreement__title", "reason"]
    list_select_related = ["agreement", "created_by"]
    inlines = [AmountInline]


class PartyInline(ReadOnly, BoundedTabularInline):
    model = Party
    fields = ["person", "organisation", "accepted_at", "signed_on", "recorded_by"]
    readonly_fields = fields
    extra = 0


class ObligationInline(ReadOnly, BoundedTabularInline):
    model = Obligation
    fields = ["party", "text"]
    readonly_fields = fields
    extra = 0


@admin.register(CooperationAgreement)
class CooperationAgreementAdmin(ReadOnly, BoundedAdmin):
    list_display = ["title", "network", "state", "starts_on", "ends_on", "renews_on"]
    list_filter = ["state", "network"]
    search_fields = ["title", "purpose"]
    list_select_related = ["network"]
    inlines = [PartyInline, ObligationInline]


@admin.register(AllocationLine)
class AllocationLineAdmin(ReadOnly, BoundedAdmin):
    list_display = ["year", "effort", "housing_area", "money", "hours"]
    list_filter = ["plan", "year"]
    list_select_related = ["effort", "housing_area"]


@admin.register(KeyFigure)
class KeyFigureAdmin(BoundedAdmin):
    list_display = ["housing_area", "name", "value", "year"]
    list_filter = ["housing_area"]
    search_fields = ["name", "housing_area__name"]
    list_select_related = ["housing_area"]
