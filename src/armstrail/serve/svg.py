"""Graphs drawn on the server as SVG strings: no JavaScript library, nothing fetched from a CDN, and
the pages work with scripts off. Every label and link comes from articles, so every one passes
through ``html.escape`` before it is written into the markup."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from html import escape

from markupsafe import Markup

FONT_WIDTH = 6.6  # px per character at 12px: enough to size boxes without measuring text
NODE_H = 46
GAP = 46


@dataclass(frozen=True)
class Node:
    """One box of the attribution chain."""

    label: str
    kind: str
    href: str | None = None


@dataclass(frozen=True)
class Mark:
    """One report on a story timeline."""

    day: date
    label: str
    href: str | None = None
    scoop: bool = False


@dataclass(frozen=True)
class Partner:
    """Another actor in transfers with the one drawn in the middle of the network."""

    label: str
    href: str | None
    supplies: int  # claims where the partner supplies the actor
    receives: int  # claims where the actor supplies the partner
    types: tuple[str, ...]


def _e(text: object) -> str:
    """Escape for XML text and attribute values (quotes included)."""
    return escape(str(text), quote=True)


def _slug(kind: str) -> str:
    """A kind as a CSS class name: letters, digits and dashes only."""
    return "".join(c if c.isalnum() else "-" for c in kind.lower())


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _link(inner: str, href: str | None) -> str:
    return f'<a href="{_e(href)}">{inner}</a>' if href else inner


def _svg(width: float, height: float, body: list[str], title: str) -> Markup:
    """The document shell; ``role="img"`` and a <title> so screen readers announce the graph."""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="graph" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" role="img">'
        f"<title>{_e(title)}</title>"
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>'
    )
    return Markup(head + "".join(body) + "</svg>")  # every label escaped above


def chain_svg(nodes: list[Node], title: str = "attribution chain") -> Markup:
    """Boxes left to right (article, outlet, cited outlets, original source) joined by arrows."""
    widths = [max(len(_short(n.label)), len(n.kind)) * FONT_WIDTH + 20 for n in nodes]
    body: list[str] = []
    x = 10.0
    for index, (node, width) in enumerate(zip(nodes, widths, strict=True)):
        box = (
            f'<rect class="node node-{_slug(node.kind)}" x="{x:.0f}" y="10" width="{width:.0f}" '
            f'height="{NODE_H}" rx="5"/>'
            f'<text x="{x + 10:.0f}" y="29">{_e(_short(node.label))}</text>'
            f'<text class="kind" x="{x + 10:.0f}" y="46">{_e(node.kind)}</text>'
        )
        body.append(f'<g class="chain-node">{_link(box, node.href)}</g>')
        if index + 1 < len(nodes):
            y = 10 + NODE_H / 2
            body.append(
                f'<line class="edge" x1="{x + width:.0f}" y1="{y:.0f}" x2="{x + width + GAP - 4:.0f}" '
                f'y2="{y:.0f}" marker-end="url(#arrow)"/>'
            )
        x += width + GAP
    return _svg(max(x - GAP + 20, 100), NODE_H + 20, body, title)


@dataclass(frozen=True)
class Band:
    """A stretch of time drawn behind a timeline: a regime's window (``end`` None: open)."""

    start: date
    end: date | None
    label: str


def timeline_svg(
    marks: list[Mark], title: str = "reports over time", width: int = 760, bands: tuple[Band, ...] = ()
) -> Markup:
    """One dot per dated report on a date axis; the scoop (first report) is drawn apart. Bands
    (regime windows) are shaded behind the dots, an open one to the axis' end."""
    left, right, axis_y = 40, width - 40, 60
    days = [m.day.toordinal() for m in marks]
    edges = [d.toordinal() for b in bands for d in (b.start, b.end) if d is not None]
    low, high = (min(days + edges), max(days + edges)) if days or edges else (0, 1)
    span = max(high - low, 1)

    def x_of(day: int) -> float:
        return left + (day - low) / span * (right - left)

    body = []
    for band in bands:
        x1, x2 = x_of(band.start.toordinal()), x_of(band.end.toordinal()) if band.end else right
        body.append(
            f'<rect class="window" x="{x1:.1f}" y="10" width="{max(x2 - x1, 2):.1f}" height="{axis_y - 10}">'
            f"<title>{_e(band.label)}</title></rect>"
        )
    body.append(f'<line class="axis" x1="{left}" y1="{axis_y}" x2="{right}" y2="{axis_y}"/>')
    if marks or bands:
        for day, anchor, tick in ((low, "start", left), (high, "end", right)):
            body.append(
                f'<text class="tick" x="{tick}" y="{axis_y + 24}" text-anchor="{anchor}">'
                f"{_e(date.fromordinal(day).isoformat())}</text>"
            )
    for n, mark in enumerate(marks):
        x = x_of(mark.day.toordinal())
        y = axis_y - 14 - (n % 3) * 12  # stack same-day reports a little so each stays clickable
        dot = (
            f'<circle class="{"scoop" if mark.scoop else "report"}" cx="{x:.1f}" cy="{y}" r="6">'
            f"<title>{_e(mark.day.isoformat())}: {_e(mark.label)}</title></circle>"
        )
        body.append(_link(dot, mark.href))
    return _svg(width, 100, body, title)


def network_svg(centre: str, partners: list[Partner], title: str = "transfer network") -> Markup:
    """The actor in the middle, partners on a circle; arrows run supplier -> recipient, labelled
    with the number of claims and their types."""
    size, radius = 620, 220
    cx = cy = size / 2
    body: list[str] = []
    for n, partner in enumerate(partners):
        angle = 2 * math.pi * n / max(len(partners), 1) - math.pi / 2
        px, py = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        body.extend(_edges(cx, cy, px, py, partner))
        node = (
            f'<circle class="partner" cx="{px:.1f}" cy="{py:.1f}" r="22"/>'
            f'<text x="{px:.1f}" y="{py + 36:.1f}" text-anchor="middle">'
            f"{_e(_short(partner.label, 24))}</text>"
        )
        body.append(_link(node, partner.href))
    body.append(
        f'<circle class="centre" cx="{cx}" cy="{cy}" r="30"/>'
        f'<text x="{cx}" y="{cy + 46}" text-anchor="middle">{_e(_short(centre, 28))}</text>'
    )
    return _svg(size, size, body, title)


def _edges(cx: float, cy: float, px: float, py: float, partner: Partner) -> list[str]:
    """Up to two arrows between the centre and a partner, one per direction, offset apart."""
    dx, dy = px - cx, py - cy
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    types = _e(",".join(partner.types))
    out: list[str] = []
    for count, sign, (x1, y1, x2, y2) in (
        (partner.receives, 1, (cx + ux * 32, cy + uy * 32, px - ux * 24, py - uy * 24)),
        (partner.supplies, -1, (px - ux * 24, py - uy * 24, cx + ux * 32, cy + uy * 32)),
    ):
        if not count:
            continue
        ox, oy = -uy * 6 * sign, ux * 6 * sign
        out.append(
            f'<line class="edge" x1="{x1 + ox:.1f}" y1="{y1 + oy:.1f}" x2="{x2 + ox:.1f}" '
            f'y2="{y2 + oy:.1f}" marker-end="url(#arrow)"/>'
            f'<text class="edge-label" x="{(x1 + x2) / 2 + ox * 2:.1f}" y="{(y1 + y2) / 2 + oy * 2:.1f}" '
            f'text-anchor="middle">{count} {types}</text>'
        )
    return out
