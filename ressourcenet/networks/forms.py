from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from ressourcenet.accounts import permissions
from ressourcenet.lib.bounds import BoundsMixin
from ressourcenet.lib.forms import DateInput
from ressourcenet.networks.models import Membership, Network
from ressourcenet.people.models import Person


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person: Person) -> str:
        place = (
            person.organisation.name
            if person.organisation
            else person.get_stakeholder_group_display()
        )
        return f"{person.name} ({place})"


class AddMemberForm(BoundsMixin, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["person", "role", "starts_on"]
        field_classes = {"person": PersonChoiceField}
        widgets = {"starts_on": DateInput()}
        error_messages = {
            "person": {"required": _("Choose a person.")},
            "role": {"required": _("Choose a role.")},
            "starts_on": {"required": _("Write the date the membership starts.")},
        }

    def __init__(self, *args, network: Network, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.network = network
        current = network.memberships.active().values("person_id")
        # Names and organisations only: the plan's members see those in the list of people.
        self.fields["person"].queryset = (
            permissions.people_to_add(user, network)
            .exclude(pk__in=current)
            .select_related("organisation")
        )
        self.fields["person"].empty_label = _("Choose a person")
        if not permissions.roles_of(user).is_administrator:
            self.fields["person"].help_text = _(
                "You can choose people who are only in your networks, and people you added "
                "yourself. Ask the secretariat to add anyone else."
            )

    @property
    def has_choices(self) -> bool:
        return self.fields["person"].queryset.exists()


class MembershipForm(BoundsMixin, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        error_messages = {
            "role": {"required": _("Choose a role.")},
            "starts_on": {"required": _("Write the date the membership starts.")},
        }

    def _update_errors(self, errors: ValidationError) -> None:
        # Membership.clean reports an overlap on "person", which this form has no field for.
        if "person" in getattr(errors, "error_dict", {}):
            overlap = errors.error_dict.pop("person")
            errors.error_dict.setdefault(NON_FIELD_ERRORS, []).extend(overlap)
        super()._update_errors(errors)


class EndMembershipForm(BoundsMixin, forms.Form):
    ends_on = forms.DateField(
        label=_("Ends on"),
        required=False,
        widget=DateInput(),
        help_text=_("From this day they are no longer a member. Leave empty to end it today."),
    )
