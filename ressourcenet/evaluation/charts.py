"""Server-drawn SVG charts for the dashboard: no script, no request to anyone else.

Each chart has a <title> and a <desc>, writes every value next to its bar and names every
bar in text, so nothing depends on colour; a second series is hatched, not coloured. The
page puts a table with the same figures beside each chart.
"""

import textwrap
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH = 420  # narrow, so that the text stays readable when a phone shrinks the chart
BAR_AREA = 360  # the rest of the width holds the value after the longest bar
ROW = 38
LINE = 16
HEADING = 28
FONT = 13
CHAR_WIDTH = 7.2  # about the width of a character at FONT, to keep labels inside
GRAPH_WIDTH = 640


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as written next to the bar
    hatched: bool = False


@dataclass(frozen=True)
class BarGroup:
    heading: str
    bars: list[Bar]


def _lines(text: str) -> list[str]:
    """A label in lines that fit the chart's width."""
    return textwrap.wrap(text, width=int(WIDTH / CHAR_WIDTH)) or [""]


def _text(x: float, y: float, text: str, bold: bool = False, size: int = FONT) -> SafeString:
    """Text over as many lines as it needs, the first line at y."""
    spans = format_html_join(
        "",
        '<tspan x="{}" dy="{}">{}</tspan>',
        ((x, 0 if index == 0 else LINE, line) for index, line in enumerate(_lines(text))),
    )
    weight = ' font-weight="bold"' if bold else ""
    return format_html(
        '<text x="{}" y="{}" font-size="{}"{}>{}</text>', x, y, size, mark_safe(weight), spans
    )


def _patterns(chart_id: str) -> SafeString:
    return format_html(
        '<defs><pattern id="{}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"></rect>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#1a1a1a" stroke-width="3"></line>'
        "</pattern></defs>",
        chart_id,
    )


def _heading(chart_id: str, title: str, desc: str) -> SafeString:
    return format_html(
        '<title id="{0}-title">{1}</title><desc id="{0}-desc">{2}</desc>', chart_id, title, desc
    )


def bar_chart(
    chart_id: str, title: str, desc: str, groups: list[BarGroup], maximum: float | None = None
) -> SafeString:
    """Horizontal bars, each with its label above it and its value after it; groups under
    a heading of their own (a quarter, a meeting)."""
    largest = maximum or max((bar.value for g in groups for bar in g.bars), default=0) or 1
    parts, y = [], 8
    for group in groups:
        if group.heading:
            y += HEADING - 8
            parts.append(_text(0, y, group.heading, bold=True, size=FONT + 1))
            y += 8 + LINE * (len(_lines(group.heading)) - 1)
        for bar in group.bars:
            extra = LINE * (len(_lines(bar.label)) - 1)
            label_y, bar_y = y + FONT + 2, y + FONT + 8 + extra
            width = round(BAR_AREA * max(bar.value, 0) / largest, 1)
            fill = f"url(#{chart_id}-hatch)" if bar.hatched else "#0059b3"
            parts.append(_text(0, label_y, bar.label))
            parts.append(
                format_html(
                    '<rect x="0" y="{}" width="{}" height="14" fill="{}" stroke="#1a1a1a">'
                    '</rect><text x="{}" y="{}" font-size="{}" font-weight="bold">{}</text>',
                    bar_y,
                    width,
                    fill,
                    width + 6,
                    bar_y + 12,
                    FONT,
                    bar.text,
                )
            )
            y += ROW + extra
    height = y + 8
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" '
        'role="img" aria-labelledby="{}-title {}-desc" class="health-chart" '
        'font-family="Arial, sans-serif" fill="#1a1a1a">{}{}{}</svg>',
        WIDTH,
        height,
        chart_id,
        chart_id,
        _heading(chart_id, title, desc),
        _patterns(chart_id),
        mark_safe("".join(parts)),  # noqa: S308 (each part built with format_html)
    )


GRAPH_HEIGHT = 440
MARGIN = 40


def _label_x(x: float, label: str) -> float:
    """Keep a label centred under its node, but inside the picture."""
    half = len(label) * CHAR_WIDTH / 2
    return round(min(max(x, half + 4), GRAPH_WIDTH - half - 4), 1)


def ties_graph(
    chart_id: str,
    title: str,
    desc: str,
    nodes: list[tuple[str, float, float, int]],
    edges: list[tuple[str, str, int]],
) -> SafeString:
    """Parties as dots with their names, a line for each pair who met, as thick as the
    number of meetings and with that number written on it."""
    place = {
        label: (
            round(MARGIN + x * (GRAPH_WIDTH - 2 * MARGIN), 1),
            round(MARGIN + y * (GRAPH_HEIGHT - 2 * MARGIN - 20), 1),
        )
        for label, x, y, _degree in nodes
    }
    lines = []
    for a, b, count in edges:
        (x1, y1), (x2, y2) = place[a], place[b]
        lines.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#5c5c5c" stroke-width="{}"></line>',
                x1,
                y1,
                x2,
                y2,
                min(1 + count, 8),
            )
        )
    counts = [
        format_html(
            '<text x="{}" y="{}" font-size="11" text-anchor="middle" stroke="#ffffff" '
            'stroke-width="3" paint-order="stroke">{}</text>',
            round((place[a][0] + place[b][0]) / 2, 1),
            round((place[a][1] + place[b][1]) / 2 + 4, 1),
            count,
        )
        for a, b, count in edges
        if count > 1
    ]
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="7" fill="#1a1a1a"></circle>'
        '<text x="{}" y="{}" font-size="12" text-anchor="middle" stroke="#ffffff" '
        'stroke-width="3" paint-order="stroke">{}</text>',
        ((x, y, _label_x(x, label), y + 22, label) for label, (x, y) in sorted(place.items())),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" '
        'role="img" aria-labelledby="{}-title {}-desc" class="health-chart" '
        'font-family="Arial, sans-serif" fill="#1a1a1a">{}{}{}{}</svg>',
        GRAPH_WIDTH,
        GRAPH_HEIGHT,
        chart_id,
        chart_id,
        _heading(chart_id, title, desc),
        mark_safe("".join(lines)),  # noqa: S308 (format_html parts)
        mark_safe("".join(counts)),  # noqa: S308
        dots,
    )
