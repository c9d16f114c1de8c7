"""The co-financing agreement's form: its terms, and money and hours for each year of the
plan (an empty year has no amount). The agreement's period lies within the plan's
(services.plan_period_errors), so these years hold all its amounts. A change needs a
reason."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ressourcenet.agreements import services
from ressourcenet.agreements.models import CofinancingAgreement, CooperationAgreement
from ressourcenet.lib.bounds import BoundedModelMultipleChoiceField, BoundsMixin
from ressourcenet.lib.forms import DateInput
from ressourcenet.networks.models import Network
from ressourcenet.people.models import Person, Unit
from ressourcenet.plans.models import Plan, Project


class CofinancingForm(BoundsMixin, forms.ModelForm):
    reason = forms.CharField(
        label=_("Why it changes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the new version, for everyone who reads the agreement."),
    )
    source = forms.CharField(
        label=_("Approved by"),
        required=False,
        max_length=500,
        help_text=_("The decision behind the change, if there is one: its name or address."),
    )

    class Meta:
        model = CofinancingAgreement
        fields = ["title", "project", "organisation", "unit", "status", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan
        self.fields["project"].queryset = Project.objects.filter(effort__plan=plan)
        self.fields["unit"].queryset = Unit.objects.select_related("organisation")
        self.fields["unit"].help_text = _("A unit of the organisation, if the unit pays.")
        if self.instance.pk is None:
            # A new agreement's reason is "created": no field for it.
            del self.fields["reason"]
            del self.fields["source"]
        else:
            # The partner and project of an agreement stay; a new partner is a new agreement.
            for name in ("project", "organisation", "unit"):
                self.fields[name].disabled = True
        current = (
            {a.year: a for a in services.current_amounts(self.instance)}
            if (self.instance.pk)
            else {}
        )
        # The plan's years hold an agreement's (its period lies within the plan's); a year
        # of older amounts outside them gets its fields too, so saving never drops it.
        self.years = sorted(set(range(plan.starts_on.year, plan.ends_on.year + 1)) | set(current))
        for year in self.years:
            amount = current.get(year)
            self.fields[f"money_{year}"] = forms.IntegerField(
                label=_("Kroner in %(year)d") % {"year": year},
                required=False,
                min_value=0,
                max_value=services.MONEY_MAX,
                initial=amount.money if amount else None,
            )
            self.fields[f"hours_{year}"] = forms.IntegerField(
                label=_("Hours in %(year)d") % {"year": year},
                required=False,
                min_value=0,
                max_value=services.HOURS_MAX,
                initial=amount.hours if amount else None,
            )

    def amounts(self) -> list[services.Amount]:
        """One line per year with money or hours filled in."""
        lines = []
        for year in self.years:
            money = self.cleaned_data.get(f"money_{year}")
            hours = self.cleaned_data.get(f"hours_{year}")
            if money is not None or hours is not None:
                lines.append(services.Amount(year, money or 0, hours or 0))
        return lines

    def add_service_error(self, error: ValidationError, lines: list[services.Amount]) -> None:
        """The service's "amounts.2.money" becomes the field "money_<year>"."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, messages in error.message_dict.items():
            parts = key.split(".")
            if parts[0] == "amounts" and len(parts) == 3:
                year = lines[int(parts[1])].year
                field = f"money_{year}" if parts[2] != "hours" else f"hours_{year}"
                self.add_error(field, messages)
            elif key in self.fields:
                self.add_error(key, messages)
            else:
                self.add_error(None, messages)

    def year_rows(self) -> list[tuple]:
        return [(year, self[f"money_{year}"], self[f"hours_{year}"]) for year in self.years]


class CooperationForm(BoundsMixin, forms.ModelForm):
    """A new cooperation agreement in a network: its parties among the network's members,
    and for each member a box for what they promise (filled in only for parties)."""

    parties = BoundedModelMultipleChoiceField(
        label=_("Parties"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least two. Each signs on behalf of their organisation."),
        error_messages={
            "invalid_choice": _(
                "Only members of the network can be parties: an agreement may not bind others."
            ),
        },
    )

    class Meta:
        model = CooperationAgreement
        fields = ["title", "purpose", "starts_on", "ends_on", "renews_on"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "renews_on": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "renews_on": _("The parties get an e-mail a month before."),
        }

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = network.plan
        self.instance.network = network
        people = Person.objects.filter(
            pk__in=network.active_memberships().values("person")
        ).select_related("organisation")
        self.fields["parties"].queryset = people.order_by("name")
        self.fields["parties"].label_from_instance = lambda p: (
            f"{p.name}, {p.organisation.name}" if p.organisation else p.name
        )
        self.people = list(people.order_by("name"))
        for person in self.people:
            self.fields[f"obligations_{person.pk}"] = forms.CharField(
                label=_("What %(name)s promises") % {"name": person.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("One obligation per line. Only for a party."),
            )

    def obligations(self) -> list[tuple[int, str]]:
        lines = []
        for person in self.people:
            text = self.cleaned_data.get(f"obligations_{person.pk}") or ""
            lines += [(person.pk, line.strip()) for line in text.splitlines() if line.strip()]
        return lines

    def add_service_error(self, error: ValidationError, lines: list[tuple[int, str]]) -> None:
        """The service's "obligations.3.party" becomes the person's box."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, messages in error.message_dict.items():
            parts = key.split(".")
            field = parts[0]
            if field == "obligations" and len(parts) == 3:
                field = f"obligations_{lines[int(parts[1])][0]}"
            if field not in self.fields:
                field = None
            self.add_error(field, messages)


class PaperAcceptanceForm(BoundsMixin, forms.Form):
    """A coordinator records that a party accepted the agreement on paper."""

    person = forms.TypedChoiceField(
        label=_("Party who signed"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the parties who have not accepted.")},
    )
    signed_on = forms.DateField(
        label=_("Date signed"),
        widget=DateInput(),
        help_text=_("The date on the paper. Not before the agreement was made."),
    )

    def __init__(self, *args, agreement: CooperationAgreement, **kwargs):
        super().__init__(*args, prefix="paper", **kwargs)
        self.fields["person"].choices = [
            (p.person_id, p.person.name) for p in agreement.parties.all() if not p.accepted_at
        ]

    def add_service_error(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, messages in error.message_dict.items():
            self.add_error(key if key in self.fields else None, messages)
