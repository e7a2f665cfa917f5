"""The roll-up pages: what each persona of the tree sees, the figures, filters, files and their query cost."""

import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.models import Membership, Role, Unit
from actionplan.models import ActionItem, Plan, ProgressEntry
from reports.selectors import as_of, dashboard
from rollup.models import PreliminaryAssessment, Verdict
from rollup.sample import national_generate
from rollup.selectors import rollup

pytestmark = pytest.mark.django_db
YEAR = 2026  # the frozen day is 2026-06-15: May has ended, rows of this year can be late


def member(username: str, unit: Unit, role: str):
    user = get_user_model().objects.create_user(username, password="x", first_name=username.title())
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


@pytest.fixture
def generator(django_user_model):
    return django_user_model.objects.create_user("generator", password="x")


@pytest.fixture
def banten(generator):
    """Banten's tree (KPU RI, KPU Provinsi Banten and its 8 kabupaten/kota: 10 units), with plans and data."""
    national_generate(user=generator, year=YEAR, provinces=["36"], items=6, evidence_per_plan=3)


def lines_of(response) -> list[str]:
    return [
        line.unit.code
        for group in response.context["groups"]
        for line in ([group.head] if group.head else []) + group.lines
    ]


def test_provincial_pimpinan_sees_its_units_and_no_other_province(banten, generator, client):
    national_generate(user=generator, year=YEAR, provinces=["32"], items=2, evidence_per_plan=1)
    leader = member("ketua-banten", unit("kpu-prov-banten"), Role.PIMPINAN)
    client.force_login(leader)
    assert client.get(reverse("rollup:home")).url == reverse("rollup:unit", args=[unit("kpu-prov-banten").pk])
    response = client.get(reverse("rollup:unit", args=[unit("kpu-prov-banten").pk]))
    assert response.status_code == 200
    assert len(lines_of(response)) == 8 and "kpu-kab-serang" in lines_of(response)
    assert not any(code.startswith("kpu-kab-bogor") for code in lines_of(response))
    for code in ("kpu-ri", "kpu-prov-jawa-barat", "kpu-kab-bogor"):
        assert client.get(reverse("rollup:unit", args=[unit(code).pk])).status_code == 404, code
        assert client.get(reverse("rollup:xlsx", args=[unit(code).pk])).status_code == 404, code
    serang = Plan.objects.get(unit__code="kpu-kab-serang")
    assert client.get(reverse("reports:dashboard", args=[serang.pk])).status_code == 200  # drilling down
    bogor = Plan.objects.get(unit__code="kpu-kab-bogor")
    assert client.get(reverse("reports:dashboard", args=[bogor.pk])).status_code == 404
    assert client.get(reverse("home")).url == reverse("rollup:home")  # leadership of a province lands here


def test_kabupaten_coordinator_sees_only_its_own_line(banten, client):
    coordinator = member("k-serang", unit("kpu-kab-serang"), Role.KOORDINATOR)
    client.force_login(coordinator)
    response = client.get(reverse("rollup:home"), follow=True)
    assert response.context["rollup"].own.unit.code == "kpu-kab-serang" and lines_of(response) == []
    for code in ("kpu-ri", "kpu-prov-banten", "kpu-kota-cilegon"):
        assert client.get(reverse("rollup:unit", args=[unit(code).pk])).status_code == 404, code


def test_provincial_coordinator_sees_its_own_office_only(banten, client):
    """Coordinators never reach below: the province's roll-up has no kabupaten line for them."""
    coordinator = member("k-banten", unit("kpu-prov-banten"), Role.KOORDINATOR)
    client.force_login(coordinator)
    response = client.get(reverse("rollup:unit", args=[unit("kpu-prov-banten").pk]))
    assert response.status_code == 200 and lines_of(response) == []
    assert client.get(reverse("home")).url != reverse("rollup:home")


def test_a_line_agrees_with_the_units_dashboard(banten, django_user_model):
    leader = member("ketua-ri", unit("kpu-ri"), Role.PIMPINAN)
    data = rollup(user=leader, unit=unit("kpu-prov-banten"), today=date(2026, 6, 15))
    line = next(x for x in data.groups[0].lines if x.unit.code == "kpu-kab-serang")
    board = dashboard(plan=line.plan, at=as_of(plan=line.plan, month=None, now=None))
    assert (line.figures["total"], line.figures["done"], line.figures["late"]) == (
        board.total,
        board.status_counts["selesai"],
        board.status_counts["terlambat"],
    )
    assert line.percent == board.percent and line.coverage == board.coverage
    unreported = ActionItem.objects.filter(area__plan=line.plan).unreported_in(5).count()
    assert line.figures["unreported"] == unreported and data.last_month == 5
    latest = ProgressEntry.objects.filter(item__area__plan=line.plan).latest("updated_at").updated_at
    assert line.figures["last_activity"] >= latest


def test_the_national_page_groups_by_province_and_filters(banten, generator, client):
    national_generate(user=generator, year=YEAR, provinces=["32"], items=2, evidence_per_plan=1)
    client.force_login(member("inspektur", unit("kpu-ri"), Role.PENILAI))
    url = reverse("rollup:unit", args=[unit("kpu-ri").pk])
    response = client.get(url)
    data = response.context["rollup"]
    assert data.national and [g.head.unit.code for g in response.context["groups"]] == [
        "kpu-prov-banten",
        "kpu-prov-jawa-barat",
    ]
    assert len(data.lines) == 2 + 8 + 27
    jabar = unit("kpu-prov-jawa-barat").pk
    response = client.get(url, {"group": jabar, "q": "bogor"})
    assert lines_of(response) == ["kpu-prov-jawa-barat", "kpu-kab-bogor", "kpu-kota-bogor"]
    returned = set(
        PreliminaryAssessment.objects.filter(verdict=Verdict.DIKEMBALIKAN).values_list("plan__unit__code", flat=True)
    )
    response = client.get(url, {"verdict": "dikembalikan"})
    shown = {line.unit.code for g in response.context["groups"] for line in g.lines}
    assert shown == returned - {"kpu-ri", "kpu-prov-banten", "kpu-prov-jawa-barat"}
    response = client.get(url, {"group": unit("kpu-prov-banten").pk, "sort": "late", "desc": "1"})
    lates = [line.figures["late"] for line in response.context["groups"][0].lines]
    assert lates == sorted(lates, reverse=True)
    assert client.get(url, {"year": "abc"}).status_code == 200  # a bad filter shows everything, with a message


def test_xlsx_and_pdf_follow_the_filter(banten, client):
    client.force_login(member("ketua-banten", unit("kpu-prov-banten"), Role.PIMPINAN))
    pk = unit("kpu-prov-banten").pk
    response = client.get(reverse("rollup:xlsx", args=[pk]), {"q": "serang"})
    assert response["Content-Disposition"].startswith('attachment; filename="rekap-zi-kpu-prov-banten-2026.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = [row[2] for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert names == [
        "Komisi Pemilihan Umum Provinsi Banten",
        "Komisi Pemilihan Umum Kabupaten Serang",
        "Komisi Pemilihan Umum Kota Serang",
    ]
    response = client.get(reverse("rollup:pdf", args=[pk]))
    pages = PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "REKAPITULASI PEMBANGUNAN ZONA INTEGRITAS 2026" in text and "KPU Kabupaten Lebak" in text


@pytest.mark.parametrize("provinces", [["36"], None], ids=["10-units", "553-units"])
def test_rollups_cost_the_same_whatever_the_number_of_units(provinces, generator, django_assert_num_queries):
    """The national page and a province's, cold (figures computed and cached) then warm, at 10 and 553 units.

    Guards against a query per unit or per plan anywhere: scoping, plans, figures, LKE, verdicts, cache.
    """
    national_generate(user=generator, year=YEAR, provinces=provinces, items=2, evidence_per_plan=1, lke_every=3)
    client = Client()
    client.force_login(member("ketua-ri", unit("kpu-ri"), Role.PIMPINAN))
    province = unit("kpu-prov-banten" if provinces else "kpu-prov-jawa-timur")
    for target, page in [(unit("kpu-ri"), "national"), (province, "province")]:
        url = reverse("rollup:unit", args=[target.pk])
        with django_assert_num_queries(COLD[page]):
            assert client.get(url).status_code == 200
        with django_assert_num_queries(WARM[page]):
            response = client.get(url)
        expected = {("national", True): 9, ("province", True): 8, ("national", False): 552, ("province", False): 38}
        assert len(response.context["rollup"].lines) == expected[page, bool(provinces)]


# Warm: session, user, the menu's caps, the unit, require, years, units, plans, generations, the two
# cached entries, the bell. Cold: the figures' 12 queries, each entry stored (COUNT, SELECT, INSERT in
# a savepoint), the generations started (one INSERT, one read back).
COLD = {"national": 36, "province": 34}  # the province's generations were started by the national page
WARM = {"national": 12, "province": 12}


def test_a_write_below_ends_the_cached_rollup(banten, generator, client, django_capture_on_commit_callbacks):
    client.force_login(member("ketua-banten", unit("kpu-prov-banten"), Role.PIMPINAN))
    url = reverse("rollup:unit", args=[unit("kpu-prov-banten").pk])

    def serang_line():
        response = client.get(url)
        return next(x for g in response.context["groups"] for x in g.lines if x.unit.code == "kpu-kab-serang")

    before = serang_line()
    item = ActionItem.objects.filter(area__plan=before.plan).exclude(progress__is_done=True).first()
    with django_capture_on_commit_callbacks(execute=True):
        ProgressEntry.objects.update_or_create(
            item=item,
            month=6,
            defaults={"is_done": True, "percent": 100, "entered_by": generator, "updated_by": generator},
        )
    assert serang_line().figures["done"] == before.figures["done"] + 1


def test_an_lke_answer_ends_only_the_rollups_lke_entry(banten, generator, django_capture_on_commit_callbacks):
    """The answer's save costs the roll-up no query inside the transaction; after the commit the
    next roll-up shows the new score, and the plans' own figures stay cached."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lke.models import Answer, Pertanyaan
    from lke.services import answers_save, assessment_open

    leader = member("ketua-banten", unit("kpu-prov-banten"), Role.PIMPINAN)
    province = unit("kpu-prov-banten")

    def serang():
        return next(x for x in rollup(user=leader, unit=province).groups[0].lines if x.unit.code == "kpu-kab-serang")

    assessment = assessment_open(plan=serang().plan)
    serang()  # both entries cached, the new assessment's roll-up generation ended and started again
    question = Pertanyaan.objects.filter(
        sub_indikator__sub_komponen__komponen__version=assessment.version, answer_type="ya_tidak"
    ).first()
    Answer.objects.filter(assessment=assessment, pertanyaan=question).delete()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        answers_save(assessment=assessment, column="tpi", rows={question.pk: {"answer": "Ya"}}, by=generator)
    with CaptureQueriesContext(connection) as flush:
        for callback in callbacks:
            callback()
    assert len(flush) <= 3  # the plans of the noted assessments, the generation keys, their delete
    with CaptureQueriesContext(connection) as after:
        line = serang()
    assert line.lke["tpi_answered"] >= 1 and line.lke_tpi is not None
    assert not any("actionplan_progressentry" in q["sql"] for q in after.captured_queries)  # plan figures: cached
