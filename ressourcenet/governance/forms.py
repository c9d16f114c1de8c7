from datetime import datetime, time
from itertools import groupby

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ressourcenet.agreements import services as agreements
from ressourcenet.agreements.models import AllocationLine
from ressourcenet.agreements.services import Amount
from ressourcenet.governance import services
from ressourcenet.governance.models import BoardMeeting, Recommendation
from ressourcenet.lib.bounds import BoundedModelMultipleChoiceField, BoundsMixin
from ressourcenet.lib.dates import format_date
from ressourcenet.lib.forms import DateInput
from ressourcenet.meetings.models import Meeting

State = Recommendation.State


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting: Meeting) -> str:
        return f"{meeting.title} ({format_date(meeting.starts_at, 'date')})"


class BoardMeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, board_meeting: BoardMeeting) -> str:
        return _("%(name)s, %(date)s (deadline %(deadline)s)") % {
            "name": str(board_meeting),
            "date": format_date(board_meeting.date, "date"),
            "deadline": format_date(board_meeting.deadline, "date"),
        }


# --- the allocation lines a priority would change ----------------------------------------


class LineGroup(str):
    """A group's legend, knowing whether it is of the network's own effort."""

    own: bool = True


class AllocationLineChoices(ModelChoiceIterator):
    """The lines in groups of one effort in one year, one checkbox per housing area; the
    network's own effort first (a priority is about resources within the effort)."""

    def __iter__(self):
        own = self.field.own_effort_id
        lines = self.queryset.select_related("effort", "housing_area").order_by(
            "effort__position", "effort__name", "year", "housing_area__name", "pk"
        )
        lines = sorted(lines, key=lambda line: own is not None and line.effort_id != own)
        for (effort, year), group in groupby(lines, key=lambda line: (line.effort, line.year)):
            legend = LineGroup(f"{effort.name}, {year}")
            legend.own = own is None or effort.pk == own
            yield legend, [self.choice(line) for line in group]


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """A fieldset per group; the groups of other efforts folded away unless one is chosen
    (templates/governance/_grouped_checkboxes.html)."""

    template_name = "governance/_grouped_checkboxes.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["own_groups"] = [g for g in widget["optgroups"] if getattr(g[0], "own", True)]
        widget["other_groups"] = [g for g in widget["optgroups"] if not getattr(g[0], "own", True)]
        widget["others_open"] = any(
            option["selected"] for group in widget["other_groups"] for option in group[1]
        )
        return context

    def id_for_label(self, id_, index=None):
        # The error summary links to the first checkbox as index "0"; grouped, it is "0_0".
        return super().id_for_label(id_, "0_0" if index == "0" else index)


class AllocationLineField(BoundedModelMultipleChoiceField):
    iterator = AllocationLineChoices
    widget = GroupedCheckboxes
    own_effort_id: int | None = None

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("template_name", "governance/_allocation_lines_field.html")
        super().__init__(*args, **kwargs)

    def label_from_instance(self, line) -> str:
        return _("%(area)s: %(money)s kr. and %(hours)s hours") % {
            "area": line.housing_area.name,
            "money": number_format(line.money, force_grouping=True),
            "hours": number_format(line.hours, force_grouping=True),
        }


class RecommendationForm(BoundsMixin, forms.ModelForm):
    """A draft's texts and links; for a change to a co-financing agreement also the
    agreement and the new kroner and hours for each year of the plan it changes (an empty
    year keeps the agreement's amount)."""

    class Meta:
        model = Recommendation
        fields = ["kind", "title", "background", "proposal", "consequence", "agreement"]
        fields += ["housing_areas", "projects"]
        fields += ["allocation_lines"]
        field_classes = {
            "housing_areas": BoundedModelMultipleChoiceField,
            "projects": BoundedModelMultipleChoiceField,
            "allocation_lines": AllocationLineField,
        }
        widgets = {
            "background": forms.Textarea(attrs={"rows": 4}),
            "proposal": forms.Textarea(attrs={"rows": 4}),
            "consequence": forms.Textarea(attrs={"rows": 3}),
            "housing_areas": forms.CheckboxSelectMultiple,
            "projects": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "background": _("Why the network recommends this."),
            "proposal": _("What the board is asked to decide."),
            "consequence": _("What it costs or saves, in money and hours."),
            "allocation_lines": _(
                "Only for a priority of resources: the planned money and hours it would change."
            ),
        }

    def __init__(self, *args, plan, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["housing_areas"].queryset = plan.areas.all()
        self.fields["projects"].queryset = services.plan_projects(plan)
        self.fields["allocation_lines"].queryset = AllocationLine.objects.filter(plan=plan)
        network = network or (self.instance.network if self.instance.network_id else None)
        self.fields["allocation_lines"].own_effort_id = network and network.effort_id
        agreement = self.fields["agreement"]
        agreement.queryset = services.plan_agreements(plan)
        agreement.help_text = _(
            "Only for a change to a co-financing agreement: the agreement it changes. Then "
            "write the new kroner or hours below for the years that change; an empty field "
            "keeps the agreement's amount."
        )
        now = self._current_amounts(plan, agreement.queryset)
        proposed = (
            {a.year: a for a in services.proposed_amounts_of(self.instance)}
            if self.instance.pk
            else {}
        )
        self.years = list(range(plan.starts_on.year, plan.ends_on.year + 1))
        year_fields = {}
        for year in self.years:
            amount = proposed.get(year)
            year_fields[f"money_{year}"] = forms.IntegerField(
                label=_("New kroner in %(year)d") % {"year": year},
                required=False,
                min_value=0,
                max_value=agreements.MONEY_MAX,
                initial=amount.money if amount else None,
                help_text=self._hint(now, year, "money"),
            )
            year_fields[f"hours_{year}"] = forms.IntegerField(
                label=_("New hours in %(year)d") % {"year": year},
                required=False,
                min_value=0,
                max_value=agreements.HOURS_MAX,
                initial=amount.hours if amount else None,
                help_text=self._hint(now, year, "hours"),
            )
        # The years right after the agreement they belong to.
        fields = {}
        for name, field in self.fields.items():
            fields[name] = field
            if name == "agreement":
                fields.update(year_fields)
        self.fields = fields

    def _current_amounts(self, plan, choices) -> list[tuple[str, dict[int, Amount]]]:
        """The agreements' amounts now, by year: of the chosen agreement when the form
        knows it, otherwise of each of the plan's agreements (in three queries)."""
        chosen = self.data.get(self.add_prefix("agreement")) if self.is_bound else None
        if not self.is_bound:
            chosen = self.instance.agreement_id or self.initial.get("agreement")
        found = [a for a in choices if str(a.pk) == str(chosen)] if chosen else []
        shown = found or list(choices)
        versions = agreements.latest_versions([a.pk for a in shown])
        return [
            (
                a.title,
                {x.year: x for x in versions[a.pk].amounts.all()} if a.pk in versions else {},
            )
            for a in shown
        ]

    @staticmethod
    def _hint(now: list[tuple[str, dict[int, Amount]]], year: int, field: str) -> str:
        """What the agreement has in the year now, beside the field that changes it."""

        def value(amounts) -> str:
            amount = amounts.get(year)
            return number_format(getattr(amount, field) if amount else 0, force_grouping=True)

        if len(now) == 1:
            if field == "money":
                return _("Now %(money)s kr. Empty keeps it.") % {"money": value(now[0][1])}
            return _("Now %(hours)s hours. Empty keeps them.") % {"hours": value(now[0][1])}
        if not now:
            return ""
        if field == "money":
            each = [
                _("%(agreement)s: %(money)s kroner") % {"agreement": t, "money": value(a)}
                for t, a in now
            ]
        else:
            each = [
                _("%(agreement)s: %(hours)s hours") % {"agreement": t, "hours": value(a)}
                for t, a in now
            ]
        return _("Now %(amounts)s. Empty keeps the chosen agreement's amount.") % {
            "amounts": "; ".join(each)
        }

    def proposed_amounts(self) -> list[Amount]:
        """One line per year with kroner or hours filled in; an empty one of the two is
        None: it keeps the agreement's value (resolved at approval, services.resolve)."""
        lines = []
        for year in self.years:
            money = self.cleaned_data.get(f"money_{year}")
            hours = self.cleaned_data.get(f"hours_{year}")
            if money is not None or hours is not None:
                lines.append(Amount(year, money, hours))
        return lines

    def add_service_error(self, error: ValidationError, lines: list[Amount]) -> None:
        """The service's "proposed_amounts.2.money" at the field "money_<year>"; a problem
        with the amounts as a whole at the first year's kroner; the rest as add_errors."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, messages in error.message_dict.items():
            parts = key.split(".")
            if parts[0] == "proposed_amounts" and len(parts) == 3 and parts[1].isdigit():
                year = lines[int(parts[1])].year
                field = f"hours_{year}" if parts[2] == "hours" else f"money_{year}"
            elif parts[0] == "proposed_amounts":
                field = f"money_{self.years[0]}" if self.years else None
            else:
                field = key
            self.add_error(field if field in self.fields else None, messages)


class TransitionForm(BoundsMixin, forms.Form):
    """The fields one move needs: see services.transition."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    meeting = MeetingChoiceField(label=_("Adopted at the meeting"), queryset=Meeting.objects.none())
    board_meeting = BoardMeetingChoiceField(
        label=_("Board meeting"), queryset=BoardMeeting.objects.none()
    )
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DateInput())

    def __init__(self, *args, recommendation: Recommendation, to: str, **kwargs):
        kwargs.setdefault("prefix", to)
        super().__init__(*args, **kwargs)
        self.to = to
        network = recommendation.network
        postponed = recommendation.state == State.POSTPONED
        keep = {"reason"}
        self.fields["reason"].required = to in (*services.DECISIONS, State.WITHDRAWN)
        if not self.fields["reason"].required:
            # The form renderer adds "(optional)" itself.
            self.fields["reason"].label = _("Note")
        if to == State.ADOPTED:
            keep.add("meeting")
            # Held (or begun) since the day the recommendation was drafted.
            drafted = timezone.make_aware(
                datetime.combine(services.drafted_on(recommendation), time())
            )
            self.fields["meeting"].queryset = (
                Meeting.objects.filter(
                    network=network, cancelled_at__isnull=True, starts_at__lte=timezone.now()
                )
                .filter(Q(ends_at__gte=drafted) | Q(ends_at__isnull=True, starts_at__gte=drafted))
                .order_by("-starts_at", "-id")
            )
        if to == State.SUBMITTED or (to in services.DECISIONS and postponed):
            keep.add("board_meeting")
            meetings = services.open_board_meetings(network.plan)
            if postponed and recommendation.board_meeting is not None:
                meetings = meetings.filter(date__gt=recommendation.board_meeting.date)
            self.fields["board_meeting"].queryset = meetings
            if to in services.DECISIONS:
                self.fields["board_meeting"].label = _("The later board meeting that decides it")
                # A board meeting that has been held (or is held today) decides.
                self.fields["board_meeting"].queryset = services.later_deciding_meetings(
                    recommendation
                )
        if to in services.DECISIONS:
            keep.add("decided_on")
            self.fields["decided_on"].initial = timezone.localdate()
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]


class BoardMeetingForm(BoundsMixin, forms.ModelForm):
    class Meta:
        model = BoardMeeting
        fields = ["date", "deadline", "title", "place"]
        widgets = {"date": DateInput(), "deadline": DateInput()}
        help_texts = {
            "deadline": _("Leave it empty for 14 days before the board meeting."),
        }
