"""Server-side SVG chart geometry: bars per area, the status bar, the progress line. No JavaScript, no CDN.

Coordinates are formatted here ("%.1f"), never in templates, so that the Indonesian locale's
decimal comma cannot reach an SVG attribute.
"""

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from actionplan.models import ItemStatus

STATUS_COLOURS = {
    ItemStatus.SELESAI: "#198754",
    ItemStatus.BERJALAN: "#0d6efd",
    ItemStatus.TERLAMBAT: "#dc3545",
    ItemStatus.DI_BAWAH_TARGET: "#ffc107",
    ItemStatus.BELUM_DIMULAI: "#adb5bd",
}
STATUS_ORDER = [
    ItemStatus.SELESAI,
    ItemStatus.BERJALAN,
    ItemStatus.DI_BAWAH_TARGET,
    ItemStatus.TERLAMBAT,
    ItemStatus.BELUM_DIMULAI,
]


def f(value: float) -> str:
    return f"{value:.1f}"


def area_bars(areas, *, width: int = 560, label_width: int = 250, href=None) -> dict:
    """Two bars per area (realisation in blue, evidence coverage in green), each 0–100 %."""
    scale = (width - label_width - 70) / 100
    rows, y = [], 6
    for figures in areas:
        link = href(figures) if href else ""
        bars = []
        for offset, (kind, value, colour) in enumerate(
            [(_("realisation"), figures.percent, "#0d6efd"), (_("evidence"), figures.coverage, "#198754")]
        ):
            top = y + 16 + offset * 14
            length = value * scale
            bars.append(
                {
                    "x": f(label_width),
                    "y": f(top),
                    "width": f(length),
                    "colour": colour,
                    "href": link,
                    "text_x": f(label_width + length + 4),
                    "text_y": f(top + 10),
                    "text": f"{round(value)}% {kind}",
                }
            )
        label = f"{figures.area.numeral}. {figures.area.title}"
        label = label if len(label) <= 40 else label[:39] + "…"
        rows.append({"label": label, "label_y": f(y + 11), "bars": bars})
        y += 48
    return {
        "width": width,
        "height": y + 10,
        "rows": rows,
        "grid": [{"x": f(label_width + p * scale), "p": p, "y2": f(y)} for p in (0, 25, 50, 75, 100)],
        "grid_label_y": f(y + 9),
    }


def status_bar(counts: dict, *, width: int = 560, href=None) -> dict:
    """One stacked bar of the rows by status, in the order a leader reads it."""
    total = sum(counts.values()) or 1
    x, segments = 0.0, []
    for status in STATUS_ORDER:
        n = counts.get(status, 0)
        w = width * n / total
        if n:
            segments.append(
                {
                    "label": str(status.label),
                    "n": n,
                    "x": f(x),
                    "width": f(w),
                    "colour": STATUS_COLOURS[status],
                    "text_colour": "#212529" if status == ItemStatus.DI_BAWAH_TARGET else "#fff",
                    "href": href(status) if href else "",
                    "text_x": f(x + w / 2),
                    "narrow": w < 60,
                }
            )
        x += w
    legend = [
        {
            "label": str(s.label),
            "n": counts.get(s, 0),
            "colour": STATUS_COLOURS[s],
            "x": f(i * (width / len(STATUS_ORDER))),
            "text_x": f(i * (width / len(STATUS_ORDER)) + 14),
            "href": href(s) if href else "",
        }
        for i, s in enumerate(STATUS_ORDER)
    ]
    return {"width": width, "segments": segments, "legend": legend}


def progress_line(points: list[dict], *, width: int = 560, height: int = 200) -> dict:
    """Average realisation month by month, Januari to the last month so far, on a 0–100 % axis."""
    left, bottom, top, right = 40, 24, 14, 12
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / 11
    coords = []
    for p in points:
        x, y = left + (p["month"] - 1) * step, top + plot_h * (1 - p["percent"] / 100)
        coords.append(
            {
                "x": f(x),
                "y": f(y),
                "label_y": f(y - 7),
                "text": f"{round(p['percent'])}",
                "title": f"{p['name']}: {p['percent']}%",
            }
        )
    return {
        "width": width,
        "height": height,
        "points": " ".join(f"{c['x']},{c['y']}" for c in coords),
        "coords": coords,
        "y_axis": [
            {"p": p, "y": f(top + plot_h * (1 - p / 100)), "text_y": f(top + plot_h * (1 - p / 100) + 3)}
            for p in (0, 25, 50, 75, 100)
        ],
        "x_axis": [{"name": str(MONTHS[m])[:3], "x": f(left + (m - 1) * step)} for m in range(1, 13)],
        "left": f(left),
        "label_x": f(left - 4),
        "right": f(width - right),
        "x_label_y": f(height - bottom + 14),
    }
