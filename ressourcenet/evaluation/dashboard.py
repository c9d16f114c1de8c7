"""The dashboard's charts and the API's figures, both made from one `Health`; the
dashboard's figures kept as a rendered fragment under a digest of what they are made of."""

import hashlib

from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ressourcenet.evaluation.charts import Bar, BarGroup, bar_chart, ties_graph
from ressourcenet.evaluation.health import MIN_ANSWERS, Health, Rows, compute
from ressourcenet.evaluation.services import EVALUATION_DAYS, closed_before
from ressourcenet.lib.dates import format_date

# The rendered figures are kept this long at most: what they are made of is their key, so
# nothing has to be forgotten; the bound only limits what a new release of this code or
# its template would still be shown from before it.
FIGURES_CACHE_SECONDS = 10 * 60


def _decimal(value: float) -> str:
    return number_format(value, 1)


def meeting_label(meeting, with_network: bool) -> str:
    when = format_date(meeting.starts_at, "date")
    if with_network:
        return f"{meeting.title} ({meeting.network_name}, {when})"
    return f"{meeting.title} ({when})"


def chart(draw, chart_id: str, title: str, *args, **kwargs) -> dict:
    """A drawing and its title: the figure's visible caption, and the SVG's <title>."""
    return {"title": title, "svg": draw(chart_id, title, *args, **kwargs)}


MEETINGS_SHOWN = 24  # the newest meetings drawn and listed one by one, unless all are asked


def page_context(health: Health, with_network: bool, shown: int | None = MEETINGS_SHOWN) -> dict:
    """The charts and tables of the dashboard. The figures per meeting (charts and table)
    show the newest `shown` meetings (all with None); the totals, quarters and ties are
    always of every meeting."""
    meetings = health.meetings if shown is None else health.meetings[-shown:]
    # Labels only for the meetings drawn and those with suggestions, not the whole history.
    labelled = [*meetings, *(m for m, _texts in health.suggestions)]
    label = {m.id: meeting_label(m, with_network) for m in labelled}
    recorded = [m for m in meetings if m.share is not None]
    charts = {}
    if recorded:
        charts["share"] = chart(
            bar_chart,
            "chart-share",
            _("Share of invitees who came, per meeting"),
            _("One bar per meeting, with the share in per cent written after it."),
            [
                BarGroup(
                    "",
                    [Bar(label[m.id], m.share_percent, f"{m.share_percent} %") for m in recorded],
                )
            ],
            maximum=100,
        )
        charts["people"] = chart(
            bar_chart,
            "chart-people",
            _("Newcomers and returning participants, per meeting"),
            _(
                "Two bars per meeting: newcomers as a plain bar, returning participants as a "
                "hatched bar, each with its number."
            ),
            [
                BarGroup(
                    label[m.id],
                    [
                        Bar(_("Newcomers"), m.newcomers, str(m.newcomers)),
                        Bar(_("Returning"), m.returning, str(m.returning), hatched=True),
                    ],
                )
                for m in recorded
            ],
        )
    rated = [m for m in meetings if m.relevance is not None]
    if rated:
        charts["ratings"] = chart(
            bar_chart,
            "chart-ratings",
            _("Average ratings per meeting (1 to 5)"),
            _(
                "Two bars per meeting: relevance as a plain bar, time well spent as a hatched "
                "bar, each with its average."
            ),
            [
                BarGroup(
                    label[m.id],
                    [
                        Bar(_("Relevant"), m.relevance, _decimal(m.relevance)),
                        Bar(
                            _("Time well spent"),
                            m.time_well_spent,
                            _decimal(m.time_well_spent),
                            hatched=True,
                        ),
                    ],
                )
                for m in rated
            ],
            maximum=5,
        )
    for key, rows, title in (
        ("groups", health.by_group, _("Attendance by stakeholder group, per quarter")),
        ("areas", health.by_area, _("Attendance by housing area, per quarter")),
    ):
        if rows:
            charts[key] = chart(
                bar_chart,
                f"chart-{key}",
                title,
                _("For each quarter, one bar per group with the number who came written after it."),
                [
                    BarGroup(
                        quarter,
                        [Bar(name, n[i], str(n[i])) for name, n in rows if n[i]],
                    )
                    for i, quarter in enumerate(health.quarters)
                ],
            )
    if health.ties:
        charts["ties"] = chart(
            ties_graph,
            "chart-ties",
            _("Cross-sector ties"),
            _(
                "Each dot is an organisation or one of its units, or a group of people without "
                "an organisation, with its name; "
                "a line joins two whose people met at a meeting, with the number of meetings "
                "written on it when there were more than one."
            ),
            health.layout,
            [(tie.a, tie.b, tie.meetings) for tie in health.ties],
        )
    group_rows = [(name, counts, sum(counts)) for name, counts in health.by_group]
    area_rows = [(name, counts, sum(counts)) for name, counts in health.by_area]
    return {
        "health": health,
        "shown_meetings": meetings,
        "all_meetings_shown": len(meetings) == len(health.meetings),
        "charts": charts,
        "suggestion_groups": [(label[m.id], texts) for m, texts in health.suggestions],
        "group_rows": group_rows,
        "area_rows": area_rows,
        "min_answers": MIN_ANSWERS,
        "evaluation_days": EVALUATION_DAYS,
        "with_network": with_network,
    }


def as_json(health: Health, with_suggestions: bool) -> dict:
    """The figures for `GET /api/v1/networks/{id}/health`."""
    return {
        "meetings_held": health.held,
        "invited": health.invited,
        "came": health.came,
        "share_came": round(health.came / health.invited, 3) if health.invited else None,
        "answers": health.answers,
        "min_answers_for_averages": MIN_ANSWERS,
        "evaluation_days": EVALUATION_DAYS,
        "quarters": health.quarters,
        "attendance_by_group": [
            {"group": name, "per_quarter": counts} for name, counts in health.by_group
        ],
        "attendance_by_area": [
            {"area": name, "per_quarter": counts} for name, counts in health.by_area
        ],
        "meetings": [
            {
                "id": m.id,
                "title": m.title,
                "network": m.network_id,
                "starts_at": m.starts_at,
                "quarter": m.quarter,
                "invited": m.invited,
                "came": m.came,
                "attendance_recorded": m.attendance_recorded,
                "share_came": None if m.share is None else round(m.share, 3),
                "newcomers": m.newcomers,
                "returning": m.returning,
                "evaluation_closes_at": m.evaluation_closes_at,
                "evaluation_closed": m.evaluation_closed,
                "answers": m.answers,
                "relevance": m.relevance,
                "time_well_spent": m.time_well_spent,
            }
            for m in health.meetings
        ],
        "ties": [
            {
                "a": tie.a,
                "b": tie.b,
                "meetings": tie.meetings,
                "first_quarter": tie.first_quarter,
                "last_quarter": tie.last_quarter,
            }
            for tie in health.ties
        ],
        "ties_by_quarter": [
            {"quarter": q.quarter, "pairs": q.pairs, "new": q.new} for q in health.ties_by_quarter
        ],
        "suggestions": [
            {"meeting": meeting.id, "texts": texts} for meeting, texts in health.suggestions
        ]
        if with_suggestions
        else None,
    }


def figures_key(rows: Rows, **context) -> str:
    """A digest of everything the figures fragment is made of: the rows read from the
    database (with the suggestions only for a reader who may see them), which evaluations
    have closed by now (the rows' time itself changes at every request), the language and
    the rest of the fragment's `context` (plan, whether the network is named, how many
    meetings are shown, whether suggestions are). Any change to what it shows is a new key;
    whoever may not see something has a different key from whoever may."""
    closed = closed_before(rows.now)
    source = repr(
        (
            get_language(),
            sorted(context.items()),
            [m.id for m in rows.meetings if m.ends_at <= closed],
            rows.meetings,
            rows.attendance,
            rows.came,
            rows.ratings,
            rows.suggestions,
            rows.agenda_runs,
        )
    )
    return "health-figures:" + hashlib.sha256(source.encode()).hexdigest()


def figures(
    request: HttpRequest,
    rows: Rows,
    *,
    plan,
    with_network: bool,
    shown: int | None,
    with_suggestions: bool,
) -> SafeString:
    """The dashboard's figures (all but the page's heading and links), rendered, or from the
    cache when made of the same rows for the same kind of reader."""
    context = {
        "plan_slug": plan.slug,
        "with_network": with_network,
        "shown": shown,
        "with_suggestions": with_suggestions,
    }
    key = figures_key(rows, **context)
    html = cache.get(key)
    if html is None:
        page = page_context(compute(rows), with_network=with_network, shown=shown)
        html = render_to_string(
            "evaluation/_health_figures.html",
            {**page, "plan": plan, "with_suggestions": with_suggestions},
            request,
        )
        cache.set(key, html, FIGURES_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by the template above
