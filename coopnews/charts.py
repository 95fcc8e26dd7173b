"""Charts: the network page's pictures as inline SVG, drawn at build time — no script, no library.

Why hand-written: the charts are two shapes (horizontal bars, a heat map) whose every mark must be a link to a
page of the site, coloured by the site's CSS custom properties (light, dark and print schemes), and byte-identical
across builds. pygal gives each chart a random id and ships tooltip JavaScript, leather has no heat map and no
links, matplotlib's SVG carries fixed colours and costs a second to import; this module is smaller than any glue.

The SVG is hidden from assistive technology and its links are out of the tab order: the table beside each
chart has the same numbers and the same links, and is what a screen reader or keyboard reaches.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

_ROW = 26  # bar height plus gap, px
_CELL = 34  # heat map cell, px


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its number, and the target of the page it counts (None: nothing to link to)."""

    label: str
    value: int
    target: str | None = None


@dataclass(frozen=True)
class HeatMap:
    """Counts of rows × columns; `targets[r][c]` is the page a cell links to, None where the count is 0."""

    rows: tuple[Bar, ...]  # row labels, each linking to its row's page (value: the row's total)
    columns: tuple[Bar, ...]
    counts: tuple[tuple[int, ...], ...]
    targets: tuple[tuple[str | None, ...], ...]


def bar_chart(bars: Sequence[Bar], url: Callable[[str], str], *, label_width: int = 150) -> Markup:
    """Horizontal bars, one row per bar, the value written after each; widths relative to the largest. Narrow
    enough (390 units) to shrink onto a phone's screen still readable."""
    top = max((bar.value for bar in bars), default=0) or 1
    span = 190
    width = label_width + span + 50
    height = _ROW * len(bars) + 4
    parts = [_open(width, height, "bars")]
    for index, bar in enumerate(bars):
        y = index * _ROW + 2
        length = round(span * bar.value / top, 1)
        mark = (
            f'<text class="chart-label" x="{label_width - 8}" y="{y + 16}" text-anchor="end">'
            f"{_short(bar.label, 22)}</text>"
            f'<rect class="chart-bar" x="{label_width}" y="{y + 3}" width="{length}" height="{_ROW - 8}"/>'
            f'<text class="chart-value" x="{label_width + length + 6}" y="{y + 16}">{bar.value}</text>'
        )
        parts.append(_linked(mark, bar.target, f"{bar.label}: {bar.value}", url))
    parts.append("</svg>")
    return Markup("".join(parts))


def heat_map(heat: HeatMap, url: Callable[[str], str], *, label_width: int = 230, header: int = 170) -> Markup:
    """A matrix of cells shaded by count (opacity of one colour, so both schemes work), the count in each."""
    top = max((count for row in heat.counts for count in row), default=0) or 1
    width = label_width + _CELL * len(heat.columns) + round(header * 0.8)  # room for the last slanted label
    height = header + _CELL * len(heat.rows) + 4
    parts = [_open(width, height, "heat")]
    for c, column in enumerate(heat.columns):
        x = label_width + c * _CELL + _CELL // 2
        mark = (
            f'<text class="chart-label" transform="translate({x + 4},{header - 6}) rotate(-50)">'
            f"{_short(column.label, 28)}</text>"
        )
        parts.append(_linked(mark, column.target, column.label, url))
    for r, row in enumerate(heat.rows):
        y = header + r * _CELL
        mark = (
            f'<text class="chart-label" x="{label_width - 8}" y="{y + 21}" text-anchor="end">'
            f"{_short(row.label, 30)}</text>"
        )
        parts.append(_linked(mark, row.target, row.label, url))
        for c, count in enumerate(heat.counts[r]):
            x = label_width + c * _CELL
            level = count / top
            shade = f' fill-opacity="{0.12 + 0.88 * level:.2f}"' if count else ""
            ink = "chart-on-heat" if level > 0.5 else "chart-value"
            mark = (
                f'<rect class="{"chart-heat" if count else "chart-empty"}" x="{x + 1}" y="{y + 1}" '
                f'width="{_CELL - 2}" height="{_CELL - 2}"{shade}/>'
                + (
                    f'<text class="{ink}" x="{x + _CELL // 2}" y="{y + 22}" text-anchor="middle">{count}</text>'
                    if count
                    else ""
                )
            )
            title = f"{row.label} and {heat.columns[c].label}: {count}"
            parts.append(_linked(mark, heat.targets[r][c], title, url))
    parts.append("</svg>")
    return Markup("".join(parts))


def _open(width: int, height: int, shape: str) -> str:
    return (
        f'<svg class="chart chart-{shape}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-hidden="true" focusable="false">'
    )


def _linked(mark: str, target: str | None, title: str, url: Callable[[str], str]) -> str:
    """`mark` with a tooltip, inside a link to `target` when there is one (out of the tab order; see above)."""
    inner = f"<title>{escape(title)}</title>{mark}"
    if target is None:
        return f"<g>{inner}</g>"
    return f'<a href="{escape(url(target))}" tabindex="-1">{inner}</a>'


def _short(text: str, limit: int) -> Markup:
    """`text` escaped, cut at a word to `limit` characters with "…": the full text is in the tooltip and table."""
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return escape(text)
