"""The co-financing agreement's form: its terms, and money and hours for each year of the
plan (an empty year has no amount). A change needs a reason."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ressourcenet.agreements import services
from ressourcenet.agreements.models import CofinancingAgreement
from ressourcenet.lib.bounds import BoundsMixin
from ressourcenet.lib.forms import DateInput
from ressourcenet.people.models import Unit
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
        self.years = list(range(plan.starts_on.year, plan.ends_on.year + 1))
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
