from django.contrib import admin

from ressourcenet.scheduling.models import Poll, Slot


class SlotInline(admin.TabularInline):
    model = Slot
    extra = 0


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    list_display = ["meeting", "closes_at", "finalised_at", "created_at"]
    list_filter = ["meeting__network__plan", "meeting__network"]
    search_fields = ["meeting__title"]
    autocomplete_fields = ["meeting", "key_persons"]
    readonly_fields = ["finalised_at", "chosen_slot", "created_at"]
    inlines = [SlotInline]
