from django.contrib import admin

from ressourcenet.lib.admin import BoundedAdmin, BoundedTabularInline
from ressourcenet.networks.models import Membership, Network


class MembershipInline(BoundedTabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Network)
class NetworkAdmin(BoundedAdmin):
    list_display = ["name", "plan", "effort"]
    list_filter = ["plan"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["expected_units"]
    inlines = [MembershipInline]
