"""Django's admin with the same input bounds as the pages and the API (lib/bounds.py).

Every ModelAdmin and inline of the project uses these bases, so that a name with a line
break or a year 9999 is refused by the field there too; a test checks that none forgets.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.http import HttpRequest

from ressourcenet.lib.bounds import BoundsMixin


class BoundedModelForm(BoundsMixin, forms.ModelForm):
    pass


class BoundedAdmin(admin.ModelAdmin):
    form = BoundedModelForm


class ReadOnlyAdmin(BoundedAdmin):
    """Shown and filtered, never added, changed or deleted here, superusers included."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class BoundedTabularInline(admin.TabularInline):
    form = BoundedModelForm


class BoundedUserChangeForm(BoundsMixin, UserChangeForm):
    pass


class BoundedUserCreationForm(BoundsMixin, AdminUserCreationForm):
    pass


class BoundedUserAdmin(UserAdmin):
    form = BoundedUserChangeForm
    add_form = BoundedUserCreationForm
