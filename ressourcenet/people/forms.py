from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ressourcenet.lib.bounds import BoundsMixin
from ressourcenet.networks.models import Membership, Network
from ressourcenet.people.models import Person, Unit
from ressourcenet.people.services import email_in_use
from ressourcenet.plans.models import Plan


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit: Unit) -> str:
        return f"{unit.organisation.name}: {unit.name}"


class PersonForm(BoundsMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "name",
            "email",
            "phone",
            "stakeholder_group",
            "organisation",
            "unit",
            "title",
            "housing_area",
        ]
        field_classes = {"unit": UnitChoiceField}
        error_messages = {
            "name": {"required": _("Write the person's name.")},
            "stakeholder_group": {"required": _("Choose the person's stakeholder group.")},
        }
        help_texts = {
            "email": _(
                "Used for invitations. Only coordinators and administrators see the address."
            ),
            "phone": _("Only coordinators and administrators see the number."),
            "unit": _("For example PPR or the job centre, if they work in a municipality."),
            "housing_area": _("Where they live or work, if it is one of the plan's areas."),
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["housing_area"].queryset = plan.areas.all()
        self.fields["unit"].queryset = Unit.objects.select_related("organisation")
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.fields["phone"].widget.attrs.update({"class": "input-width-m", "inputmode": "tel"})
        self.fields["name"].widget.attrs["autocomplete"] = "off"

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        clash = email_in_use(email, self.plan, self.instance)
        if clash is not None:
            raise ValidationError(clash.error_dict["email"])
        return email


class NewPersonForm(PersonForm):
    """A new person, optionally made a member of one of the networks the user runs."""

    network = forms.ModelChoiceField(
        queryset=Network.objects.none(),
        required=False,
        label=_("Add to network"),
        empty_label=_("Not now"),
    )
    role = forms.ChoiceField(
        choices=Membership.Role.choices, initial=Membership.Role.MEMBER, label=_("Role in network")
    )

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
