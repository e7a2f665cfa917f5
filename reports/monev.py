"""The Laporan Monev as one report definition, which the PDF (here) and the workbook (monev_xlsx) both render.

Everything the document says is decided here, once: the kop, the heading lines, the summary, the
table's columns and each row's cells, the meeting's kesimpulan and rekomendasi, what became of the
previous meeting's recommendations, the signing place and date, and the signatures with NIP. The
renderers only lay these out, so the PDF and the xlsx cannot drift apart.
"""

import base64
import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.dates import MONTHS

from accounts.letterhead import logo_bytes
from accounts.models import Membership, Profile
from accounts.permissions import roles_with
from actionplan.models import ItemStatus, Plan, ProgressEntry
from actionplan.pdf import html_to_pdf
from monitoring.models import MonevSession, Recommendation
from monitoring.periods import Period, months_begun, period_of
from monitoring.selectors import carried_recommendations, session_recommendations
from reports import charts
from reports.selectors import AsOf, as_of, dashboard, plan_items, requirement_coverage
from zi_tracker.template_filters import display_name


@dataclass(frozen=True)
class Column:
    """One column of a table, for both renderers: its heading, its share of the PDF's width, its xlsx width.

    `kind` says how a cell reads: "decree" (decree text with *italics*), "percent" (a number, shown
    with %), "long" (free text over several lines), "status" (an ItemStatus value beside its label).
    """

    title: str
    pdf_width: float
    xlsx_width: int
    kind: str = "text"


ROW_COLUMNS = [
    Column("No", 3.5, 6),
    Column("Komponen", 13, 28, "decree"),
    Column("Target Waktu", 8, 16),
    Column("PIC", 8.5, 20),
    Column("Target (%)", 5.5, 10, "percent"),
    Column("Realisasi (%)", 6.5, 11, "percent"),
    Column("Capaian (%)", 6.5, 11, "percent"),
    Column("Status", 7.5, 14, "status"),
    Column("Bukti fisik", 5, 10),
    Column("Kegiatan", 12.5, 34, "long"),
    Column("Kendala", 11.5, 28, "long"),
    Column("Tindak lanjut", 12, 28, "long"),
]
RECOMMENDATION_COLUMNS = [
    Column("No", 4, 6),
    Column("Rekomendasi / arahan pimpinan", 34, 50, "long"),
    Column("Penanggung jawab", 14, 22),
    Column("Batas waktu", 11, 14),
    Column("Status", 10, 12),
    Column("Tindak lanjut", 27, 50, "long"),
]
CARRIED_COLUMNS = [RECOMMENDATION_COLUMNS[0], Column("Rapat", 9, 16)] + [
    Column(c.title, c.pdf_width - (9 if c.title == "Rekomendasi / arahan pimpinan" else 0), c.xlsx_width, c.kind)
    for c in RECOMMENDATION_COLUMNS[1:]
]


@dataclass(frozen=True)
class Cell:
    value: object  # str, int or Decimal; None reads "—"
    kind: str = "text"
    status: str = ""  # for a status cell: the ItemStatus value (the PDF colours by it)


@dataclass
class Signer:
    """One signature block: the line above (Mengetahui, or the place and date), the position, the name, the NIP."""

    top: str
    position: str
    name: str
    nip: str

    @property
    def nip_line(self) -> str:
        return f"NIP. {self.nip}" if self.nip else ""


@dataclass
class Kop:
    lines: list[str]
    address_lines: list[str]
    logo: bytes | None = None
    logo_type: str = ""

    @property
    def logo_data_uri(self) -> str:
        return f"data:{self.logo_type};base64,{base64.b64encode(self.logo).decode('ascii')}" if self.logo else ""


@dataclass
class Section:
    """A lettered section after the table (Kesimpulan, Rekomendasi, …): paragraphs, or a table, or a note."""

    letter: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    note: str = ""


@dataclass
class MonevReport:
    plan: Plan
    period: Period
    at: AsOf
    kop: Kop
    heading: list[str]
    summary: list[tuple[str, str, str]]  # (label, figure, under it)
    columns: list[Column]
    areas: list[tuple[str, list[list[Cell]]]]  # (area heading, rows of cells)
    sections: list[Section]
    signers: list[Signer]
    board: object = None
    session: MonevSession | None = None

    @property
    def label(self) -> str:
        return self.period.label

    @property
    def slug(self) -> str:
        return self.period.slug

    @property
    def charts(self):
        return {
            "area_chart": charts.area_bars(self.board.areas),
            "status_chart": charts.status_bar(self.board.status_counts),
            "line_chart": charts.progress_line(self.board.progress_line),
        }


def indonesian_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month]} {day.year}"


def _percent(value) -> Decimal | int | None:
    """Hundredths as the cell shows them: 33.33, 100 (not 100.00)."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else value


def report_month(*, plan: Plan, period: Period, today: date | None = None) -> int:
    """The month the report is judged at: the period's last, or the latest begun while the period runs."""
    begun = months_begun(year=plan.year, today=today or timezone.localdate())
    inside = [m for m in period.months if m in begun]
    return inside[-1] if inside else period.months[0]


def default_signing_date(*, plan: Plan, period: Period, session: MonevSession | None) -> date:
    """The meeting's date when one is recorded, else the period's last day (today while it runs)."""
    if session is not None:
        return session.held_on
    last = period.months[-1]
    end = date(plan.year, last, calendar.monthrange(plan.year, last)[1])
    return min(end, timezone.localdate())


def signer_choices(*, plan: Plan) -> tuple[list[Membership], list[Membership]]:
    """Who may sign "Mengetahui" and as coordinator: the unit's memberships with those capabilities, 1 query."""
    members = list(
        Membership.objects.filter(
            unit_id=plan.unit_id, role__in=roles_with("acknowledges_monev") | roles_with("coordinates")
        )
        .select_related("user__profile")
        .order_by("pk")
    )
    leaders = [m for m in members if m.role in roles_with("acknowledges_monev")]
    coordinators = [m for m in members if m.role in roles_with("coordinates")]
    return leaders, coordinators


def _signer(membership: Membership | None, *, top: str, position: str) -> Signer:
    if membership is None:
        return Signer(top, position, "", "")
    return Signer(
        top, position, membership.user.get_full_name() or display_name(membership.user), Profile.nip_of(membership.user)
    )


def _rows(*, plan: Plan, period: Period, at: AsOf) -> list[tuple[str, list[list[Cell]]]]:
    """Per area, each row's cells in ROW_COLUMNS' order: 4 queries whatever the plan's size."""
    # The period's latest report, whenever it was filed (a month's report may come after it ends).
    entries = ProgressEntry.objects.filter(item=OuterRef("pk"), month__in=period.months).order_by("-month")
    items = (
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
    for item in items:
        covered, required = coverage.get(item.pk, (0, 0))
        pics = ", ".join(display_name(p) for p in item.pics.all()) or (item.section.short_name if item.section else "—")
        label = str(ItemStatus(item.status).label)
        late = item.status == ItemStatus.TERLAMBAT and item.missing_months > 0
        missing = f" ({item.missing_months} bln tanpa laporan)" if late else ""
        cells = [
            Cell(f"{item.number}."),
            Cell(item.komponen, "decree"),
            Cell(item.target_text or item.target_period_display),
            Cell(pics),
            Cell(_percent(item.target_percent), "percent"),
            Cell(item.latest_percent, "percent"),
            Cell(_percent(item.capaian), "percent"),
            Cell(label + missing, "status", status=item.status),
            Cell(f"{covered}/{required}"),
            Cell(item.period_activity or "", "long"),
            Cell(item.period_obstacles or "", "long"),
            Cell(item.period_next_steps or "", "long"),
        ]
        grouped.setdefault(f"{item.area.numeral}. {item.area.title}", []).append(cells)
    return list(grouped.items())


def _recommendation_cells(recommendation: Recommendation, *, with_session: bool) -> list[Cell]:
    owner = (
        display_name(recommendation.owner_user) if recommendation.owner_user_id else recommendation.owner_section.name
    )
    follow_up = recommendation.follow_up
    files = [d.original_name for d in recommendation.documents.all()]
    if files:
        follow_up = (follow_up + "\n" if follow_up else "") + "Bukti: " + "; ".join(files)
    status = (
        f"Selesai ({indonesian_date(recommendation.done_on)})"
        if recommendation.is_done and recommendation.done_on
        else "Selesai"
        if recommendation.is_done
        else "Belum selesai"
    )
    cells = [
        Cell(f"{recommendation.number}."),
        Cell(recommendation.text, "long"),
        Cell(owner),
        Cell(indonesian_date(recommendation.due_on)),
        Cell(status),
        Cell(follow_up or "—", "long"),
    ]
    if with_session:
        cells.insert(1, Cell(recommendation.session.period_obj.label))
    return cells


def _sections(*, session: MonevSession | None) -> list[Section]:
    """Kesimpulan, Rekomendasi and the previous meeting's recommendations, from the period's meeting: 6 queries."""
    none = "Rapat Monev periode ini belum dicatat."
    if session is None:
        return [
            Section("A", "Kesimpulan", note=none),
            Section("B", "Rekomendasi / Arahan Pimpinan", note=none),
            Section("C", "Tindak Lanjut Rekomendasi Monev Sebelumnya", note=none),
        ]
    conclusions = [line.strip() for line in session.conclusions.splitlines() if line.strip()]
    own = session_recommendations(session=session)
    carried = carried_recommendations(session=session)
    if carried.previous is None:
        carried_note = "Belum ada rapat Monev sebelumnya."
    elif not carried.recommendations:
        carried_note = f"Rapat Monev {carried.previous.period_obj.label} tidak memberikan rekomendasi."
    else:
        carried_note = (
            f"Rapat Monev {carried.previous.period_obj.label}, {indonesian_date(carried.previous.held_on)}: "
            f"{carried.done_count} dari {len(carried.recommendations)} rekomendasi selesai ditindaklanjuti."
        )
    return [
        Section(
            "A",
            "Kesimpulan",
            paragraphs=conclusions,
            note=(
                f"Rapat Monev {indonesian_date(session.held_on)}"
                + (f" di {session.place}" if session.place else "")
                + f", dihadiri {len(session.attendee_lines)} peserta."
            ),
        ),
        Section(
            "B",
            "Rekomendasi / Arahan Pimpinan",
            columns=RECOMMENDATION_COLUMNS,
            rows=[_recommendation_cells(r, with_session=False) for r in own],
            note="" if own else "Rapat tidak memberikan rekomendasi.",
        ),
        Section(
            "C",
            "Tindak Lanjut Rekomendasi Monev Sebelumnya",
            columns=CARRIED_COLUMNS,
            rows=[_recommendation_cells(r, with_session=True) for r in carried.recommendations],
            note=carried_note,
        ),
    ]


def _summary(board) -> list[tuple[str, str, str]]:
    counts = board.status_counts
    return [
        ("Realisasi rata-rata", f"{board.percent:.0f}%", f"dari {board.total} baris"),
        ("Selesai", str(counts.get(ItemStatus.SELESAI, 0)), "baris"),
        ("Berjalan", str(counts.get(ItemStatus.BERJALAN, 0)), "baris"),
        ("Di bawah target", str(counts.get(ItemStatus.DI_BAWAH_TARGET, 0)), "baris"),
        ("Terlambat", str(counts.get(ItemStatus.TERLAMBAT, 0)), "baris"),
        ("Belum dimulai", str(counts.get(ItemStatus.BELUM_DIMULAI, 0)), "baris"),
        ("Bukti fisik diterima", f"{board.coverage}%", f"{board.req_covered} dari {board.req_total} dokumen"),
    ]


def monev_report(
    *,
    plan: Plan,
    period: str,
    signed_place: str = "",
    signed_on: date | None = None,
    leader: Membership | None = None,
    coordinator: Membership | None = None,
) -> MonevReport:
    """The whole report for a period (a code of monitoring.periods): a fixed number of queries, whatever the size.

    Signers default to the unit's first leader and coordinator; the place to the decree's; the
    date to the period's meeting (or the period's end): never the day of the download.
    """
    the_period = period_of(period, plan.year)
    at = as_of(plan=plan, month=report_month(plan=plan, period=the_period), period_report=True)
    session = MonevSession.objects.filter(plan=plan, period=period).select_related("plan__unit").first()  # 1
    if leader is None or coordinator is None:
        leaders, coordinators = signer_choices(plan=plan)  # 1
        leader = leader or next(iter(leaders), None)
        coordinator = coordinator or next(iter(coordinators), None)
    signed_on = signed_on or default_signing_date(plan=plan, period=the_period, session=session)
    place = signed_place or plan.signed_place or plan.unit.city
    unit = plan.unit
    logo = logo_bytes(unit)
    board = dashboard(plan=plan, at=at)
    return MonevReport(
        plan=plan,
        period=the_period,
        at=at,
        kop=Kop(unit.letterhead_lines, unit.address_lines, *(logo or (None, ""))),
        heading=[
            "LAPORAN MONITORING DAN EVALUASI RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS",
            unit.name.upper(),
            f"Keputusan {plan.issuer.title()} Nomor {plan.decree_number} Tahun {plan.year}",
            f"Periode: {the_period.label}",
            f"Keadaan per akhir {indonesian_date(at.today - timedelta(days=1))}",
        ],
        summary=_summary(board),
        columns=ROW_COLUMNS,
        areas=_rows(plan=plan, period=the_period, at=at),
        sections=_sections(session=session),
        signers=[
            _signer(leader, top="Mengetahui,", position=(leader.title if leader and leader.title else "Pimpinan")),
            _signer(
                coordinator, top=f"{place}, {indonesian_date(signed_on)}", position="Koordinator Tim Zona Integritas"
            ),
        ],
        board=board,
        session=session,
    )


def monev_document(*, plan: Plan, data: dict, render, reported=None) -> tuple[MonevReport, bytes]:
    """The report the Monev form's cleaned `data` asks for, laid out by `render` (monev_pdf or monev_xlsx).

    Always in Indonesian: an official document, whatever the UI's language. `reported()`, if
    given, is called between the two (the background export's progress).
    """
    with translation.override("id"):
        report = monev_report(
            plan=plan,
            period=data["period"],
            signed_place=data["signed_place"],
            signed_on=data["signed_on"],
            leader=data["leader"],
            coordinator=data["coordinator"],
        )
        if reported is not None:
            reported()
        return report, render(report)


def monev_pdf(report: MonevReport) -> bytes:
    html = render_to_string("reports/monev_pdf.html", {"report": report, "plan": report.plan, **report.charts})
    return html_to_pdf(html)
