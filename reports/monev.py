"""The monthly or quarterly monitoring report (Laporan Monev) as data, PDF and xlsx."""

from dataclasses import dataclass, field
from io import BytesIO

from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dates import MONTHS
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from accounts.models import Membership
from accounts.permissions import roles_with
from actionplan.models import ItemStatus, Plan, ProgressEntry, plain_text
from actionplan.pdf import html_to_pdf
from actionplan.xlsx import put
from reports import charts
from reports.selectors import AsOf, as_of, dashboard, plan_items, requirement_coverage
from zi_tracker.template_filters import display_name

ROMAN = ["I", "II", "III", "IV"]


@dataclass
class MonevReport:
    plan: Plan
    months: list[int]
    label: str
    slug: str
    at: AsOf
    areas: list = field(default_factory=list)  # [(area, [rows])]
    board: object = None
    coordinator: object = None
    leader: object = None
    printed_on: object = None

    @property
    def charts(self):
        return {
            "area_chart": charts.area_bars(self.board.areas),
            "status_chart": charts.status_bar(self.board.status_counts),
            "line_chart": charts.progress_line(self.board.progress_line),
        }


def _period(plan: Plan, period: str) -> tuple[list[int], str, str]:
    if period.startswith("q"):
        q = int(period[1:])
        months = [3 * q - 2, 3 * q - 1, 3 * q]
        label = f"Triwulan {ROMAN[q - 1]} ({MONTHS[months[0]]} – {MONTHS[months[-1]]} {plan.year})"
        return months, label, f"{plan.year}-tw{q}"
    month = int(period)
    return [month], f"{MONTHS[month]} {plan.year}", f"{plan.year}-{month:02d}"


def monev_report(*, plan: Plan, period: str) -> MonevReport:
    """Rows with realisation, status, evidence and the period's kendala/tindak lanjut: 16 queries."""
    months, label, slug = _period(plan, period)
    at = as_of(plan=plan, month=months[-1], period_report=True)
    # The period's latest report, whenever it was filed (a month's report may come after it ends).
    entries = ProgressEntry.objects.filter(item=OuterRef("pk"), month__in=months).order_by("-month")
    rows = list(
        plan_items(plan=plan, at=at)
        .annotate(
            period_activity=Subquery(entries.values("activity")[:1]),
            period_obstacles=Subquery(entries.values("obstacles")[:1]),
            period_next_steps=Subquery(entries.values("next_steps")[:1]),
        )
        .select_related("area", "section")
        .prefetch_related("pics")
        .order_by("area__order", "number")
    )
    coverage = {r["item_id"]: (r["covered"], r["total"]) for r in requirement_coverage(plan=plan, at=at, by="item_id")}
    grouped: dict = {}
    for row in rows:
        row.covered, row.required = coverage.get(row.pk, (0, 0))
        row.status_label = ItemStatus(row.status).label
        grouped.setdefault(row.area, []).append(row)
    signers = roles_with("coordinates") | roles_with("acknowledges_monev")
    members = Membership.objects.filter(unit=plan.unit, role__in=signers).select_related("user")
    members = sorted(members, key=lambda m: m.pk)
    return MonevReport(
        plan=plan,
        months=months,
        label=label,
        slug=slug,
        at=at,
        areas=list(grouped.items()),
        board=dashboard(plan=plan, at=at),
        coordinator=next((m for m in members if m.role in roles_with("coordinates")), None),
        leader=next((m for m in members if m.role in roles_with("acknowledges_monev")), None),
        printed_on=timezone.localdate(),
    )


def monev_pdf(report: MonevReport) -> bytes:
    html = render_to_string("reports/monev_pdf.html", {"report": report, "plan": report.plan, **report.charts})
    return html_to_pdf(html)


THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
COLUMNS = [
    ("No", 6),
    ("Komponen", 28),
    ("Target Waktu", 16),
    ("PIC", 20),
    ("Realisasi (%)", 11),
    ("Status", 13),
    ("Bukti fisik", 11),
    ("Kegiatan", 34),
    ("Kendala", 28),
    ("Tindak lanjut", 28),
]


def monev_xlsx(report: MonevReport) -> bytes:
    plan = report.plan
    book = Workbook()
    sheet = book.active
    sheet.title = "Monev"
    for index, (_name, width) in enumerate(COLUMNS, 1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    lines = [
        "LAPORAN MONITORING DAN EVALUASI RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS",
        plan.unit.name.upper(),
        f"Keputusan {plan.issuer.title()} Nomor {plan.decree_number} Tahun {plan.year}",
        f"Periode: {report.label}",
    ]
    for row, line in enumerate(lines, 1):
        put(sheet, row, 1, line).font = Font(bold=row == 1)
    board = report.board
    put(
        sheet,
        6,
        1,
        f"Realisasi rata-rata {board.percent} % · bukti fisik {board.req_covered}/{board.req_total} "
        f"({board.coverage} %) · selesai {board.status_counts['selesai']}, berjalan "
        f"{board.status_counts['berjalan']}, terlambat {board.status_counts['terlambat']}, "
        f"belum dimulai {board.status_counts['belum_dimulai']}",
    )
    header_row = 8
    for index, (name, _width) in enumerate(COLUMNS, 1):
        cell = put(sheet, header_row, index, name)
        cell.font, cell.border = Font(bold=True), BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    row = header_row + 1
    for area, rows in report.areas:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(COLUMNS))
        put(sheet, row, 1, f"{area.numeral}. {area.title}").font = Font(bold=True)
        row += 1
        for item in rows:
            values = [
                f"{item.number}.",
                plain_text(item.komponen),
                item.target_text or item.target_period_display,
                ", ".join(display_name(p) for p in item.pics.all()),
                item.latest_percent,
                str(item.status_label),
                f"{item.covered}/{item.required}",
                item.period_activity or "",
                item.period_obstacles or "",
                item.period_next_steps or "",
            ]
            for index, value in enumerate(values, 1):
                cell = put(sheet, row, index, value)
                cell.border, cell.alignment = BOX, Alignment(wrap_text=True, vertical="top")
            row += 1
    row += 1
    put(
        sheet,
        row,
        8,
        f"{plan.signed_place}, {report.printed_on.day} {MONTHS[report.printed_on.month]} {report.printed_on.year}",
    )
    put(sheet, row + 1, 2, "Mengetahui,")
    put(sheet, row + 2, 2, (report.leader.title if report.leader and report.leader.title else "Pimpinan"))
    put(sheet, row + 5, 2, (report.leader.user.get_full_name() if report.leader else ""))
    put(sheet, row + 2, 8, "Koordinator Tim ZI")
    put(sheet, row + 5, 8, (report.coordinator.user.get_full_name() if report.coordinator else ""))
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    output = BytesIO()
    book.save(output)
    return output.getvalue()
