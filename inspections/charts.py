"""Small charts drawn on the server as inline SVG: no script, print-friendly, numbers as text.

Every value is also written beside its mark, so a chart reads without colour and on paper.
"""

from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.safestring import mark_safe

OWN = "#b3261e"
REFERENCE = "#6c757d"


def _num(value):
    """Two places, as in the tables beside the chart."""
    return format(Decimal(value).quantize(Decimal("0.01")), "f")


def bar_chart(rows, *, own_label, reference_label, width=360):
    """Horizontal bars: per row (label, own value, reference value, maximum).

    Each row has its label on top, then two bars (own, reference) scaled to the row's maximum,
    each with its value written at its end.
    """
    row_height, value_width, top = 58, 56, 26
    bar_area = width - value_width
    height = top + row_height * len(rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="chart chart-bars" '
        f'role="img" aria-label="{escape(own_label)} / {escape(reference_label)}">',
        f'<rect x="0" y="4" width="12" height="10" fill="{OWN}"/>'
        f'<text x="16" y="13" font-size="14">{escape(own_label)}</text>'
        f'<rect x="150" y="4" width="12" height="10" fill="{REFERENCE}"/>'
        f'<text x="166" y="13" font-size="14">{escape(reference_label)}</text>',
    ]
    for i, (label, own, reference, maximum) in enumerate(rows):
        y = top + i * row_height
        parts.append(f'<text x="0" y="{y + 12}" font-size="14" font-weight="600">{escape(label)}</text>')
        for j, (value, colour) in enumerate(((own, OWN), (reference, REFERENCE))):
            if value is None:
                continue
            length = 0 if not maximum else float(Decimal(value) / Decimal(maximum)) * bar_area
            by = y + 18 + j * 17
            parts.append(
                f'<rect x="0" y="{by}" width="{max(length, 1):.1f}" height="14" fill="{colour}"/>'
                f'<text x="{length + 4:.1f}" y="{by + 12}" font-size="12">{_num(value)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def line_chart(points, *, label, positions=None, gap_label=None, width=360, height=170):
    """A line over rounds: points are (x label, value); each value is written above its dot.

    `positions` (integers, one per point, e.g. year × 4 + quarter) place each point at its own
    period, so a period without a figure leaves a gap: the line across it is dashed and the gap's
    period is labelled in grey by `gap_label(position)`."""
    if not points:
        return ""
    # The x labels sit a clear gap under the axis, at a size still readable when a phone scales
    # the chart down (360 units to about 300 px).
    left, right, top, bottom = 40, 20, 26, 40
    positions = list(positions) if positions is not None else list(range(len(points)))
    values = [Decimal(v) for _x, v in points]
    low, high = min(values), max(values)
    if high == low:
        low, high = low - 5, high + 5
    span = high - low
    first, last = positions[0], positions[-1]
    step = (width - left - right) / max(last - first, 1)

    def x_of(position):
        return left + (position - first) * step if last > first else width / 2

    def y_of(v):
        return top + float((high - v) / span) * (height - top - bottom)

    coords = [(x_of(p), y_of(v)) for p, v in zip(positions, values, strict=True)]
    axis = height - bottom
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="chart chart-line" '
        f'role="img" aria-label="{escape(label)}">',
        f'<line x1="{left}" y1="{axis}" x2="{width - right}" y2="{axis}" stroke="#ccc"/>',
    ]
    for (a, (x1, y1)), (b, (x2, y2)) in zip(
        zip(positions, coords, strict=True), list(zip(positions, coords, strict=True))[1:], strict=False
    ):
        dash = "" if b == a + 1 else ' stroke-dasharray="5 4" stroke-opacity=".6"'
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{OWN}" '
            f'stroke-width="2.5"{dash}/>'
        )
    held = set(positions)
    for missing in range(first + 1, last):
        if missing in held:
            continue
        x = x_of(missing)
        parts.append(
            f'<circle cx="{x:.1f}" cy="{axis}" r="4" fill="#fff" stroke="{REFERENCE}" class="chart-gap"/>'
            + (
                f'<text x="{x:.1f}" y="{axis + 22}" font-size="14" text-anchor="middle" '
                f'fill="{REFERENCE}">{escape(gap_label(missing))}</text>'
                if gap_label
                else ""
            )
        )
    for (x, y), (x_label, value) in zip(coords, points, strict=True):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{OWN}"/>'
            f'<text x="{x:.1f}" y="{y - 9:.1f}" font-size="14" text-anchor="middle">{_num(value)}</text>'
            f'<text x="{x:.1f}" y="{axis + 22}" font-size="14" text-anchor="middle">{escape(x_label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def sparkline(values, *, held=None, width=90, height=24):
    """A tiny trend line for a table cell; the numbers are in the neighbouring cells.

    `values` has one slot per period (None where there is no figure), so each mark stands at its
    own period: a period held without a figure for this row is drawn as missing (a hollow mark on
    the baseline, the line across it dashed), never closed up as if it had not been; `held` says
    which periods took place at all (by default, all)."""
    held = held if held is not None else [True] * len(values)
    points = [(i, Decimal(v)) for i, v in enumerate(values) if v is not None]
    if len(points) < 2:
        return ""
    low, high = min(v for _i, v in points), max(v for _i, v in points)
    span = (high - low) or Decimal(1)
    step = (width - 8) / max(len(values) - 1, 1)

    def x(i):
        return 4 + i * step

    def y(v):
        return 3 + float((high - v) / span) * (height - 9)

    parts = []
    for (i, v), (j, w) in zip(points, points[1:], strict=False):
        dash = "" if j == i + 1 else ' stroke-dasharray="2 2" stroke-opacity=".6"'
        parts.append(
            f'<line x1="{x(i):.1f}" y1="{y(v):.1f}" x2="{x(j):.1f}" y2="{y(w):.1f}" stroke="{OWN}" '
            f'stroke-width="1.5"{dash}/>'
        )
    parts += [f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2" fill="{OWN}"/>' for i, v in points]
    first, last = points[0][0], points[-1][0]
    missing = [i for i, v in enumerate(values) if v is None and held[i] and first < i < last]
    parts += [
        f'<circle cx="{x(i):.1f}" cy="{height - 3}" r="2" fill="none" stroke="{REFERENCE}" class="missing"/>'
        for i in missing
    ]
    trend = "↑" if points[-1][1] > points[0][1] else "↓" if points[-1][1] < points[0][1] else "→"
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'class="chart sparkline" role="img" aria-label="{trend}">{"".join(parts)}</svg>'
    )


def comparison_chart(rows, *, mean_label, range_label, width=640):
    """Offices side by side: per row (label, mean, best, worst) a bar for the mean and a line from
    the worst to the best total, each number written beside its mark.

    The axis starts at 0 (written on the axis), so a bar's length is in proportion to its mean
    and a difference of a few points looks like one."""
    rows = [r for r in rows if r[1] is not None]
    if not rows:
        return ""
    label_width, value_width, top, row_height = 150, 150, 30, 40
    high = max(Decimal(r[2]) for r in rows)
    start = Decimal(0)
    end = max(high, start + 1)
    area = width - label_width - value_width

    def x_of(value):
        return label_width + float((Decimal(value) - start) / (end - start)) * area

    height = top + row_height * len(rows) + 22
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="chart chart-compare" '
        f'role="img" aria-label="{escape(mean_label)} / {escape(range_label)}">',
        f'<rect x="{label_width}" y="6" width="12" height="10" fill="{OWN}"/>'
        f'<text x="{label_width + 16}" y="15" font-size="13">{escape(mean_label)}</text>'
        f'<line x1="{label_width + 130}" y1="11" x2="{label_width + 150}" y2="11" stroke="#212529" stroke-width="2"/>'
        f'<text x="{label_width + 156}" y="15" font-size="13">{escape(range_label)}</text>',
    ]
    for i, (label, mean, best, worst) in enumerate(rows):
        y = top + i * row_height
        mean_x, best_x, worst_x = x_of(mean), x_of(best), x_of(worst)
        parts.append(
            f'<text x="0" y="{y + 17}" font-size="14">{escape(str(label))}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{max(mean_x - label_width, 1):.1f}" height="18" '
            f'fill="{OWN}"/>'
            f'<line x1="{worst_x:.1f}" y1="{y + 30}" x2="{best_x:.1f}" y2="{y + 30}" stroke="#212529" '
            f'stroke-width="2"/>'
            f'<line x1="{worst_x:.1f}" y1="{y + 26}" x2="{worst_x:.1f}" y2="{y + 34}" stroke="#212529"/>'
            f'<line x1="{best_x:.1f}" y1="{y + 26}" x2="{best_x:.1f}" y2="{y + 34}" stroke="#212529"/>'
            f'<text x="{width - value_width + 8}" y="{y + 17}" font-size="14" font-weight="600">{_num(mean)}</text>'
            f'<text x="{width - value_width + 8}" y="{y + 34}" font-size="12">{_num(worst)}—{_num(best)}</text>'
        )
    axis_y = top + row_height * len(rows) + 4
    parts.append(
        f'<line x1="{label_width}" y1="{axis_y}" x2="{label_width + area}" y2="{axis_y}" stroke="{REFERENCE}"/>'
        f'<text x="{label_width}" y="{axis_y + 16}" font-size="12">{_num(start)}</text>'
        f'<text x="{label_width + area}" y="{axis_y + 16}" font-size="12" text-anchor="end">{_num(end)}</text>'
        "</svg>"
    )
    return mark_safe("".join(parts))
