"""LKE in the browser: the simulator computes what lke/scoring.py computes; the coordinator's, the PIC's journeys."""

import json
import re
from decimal import Decimal

import pytest
from django.conf import settings
from playwright.sync_api import expect

from e2e.conftest import log_in
from evidence.models import Evidence, EvidenceStatus
from evidence.tests.conftest import make_pdf
from lke import scoring
from lke.models import Answer, Pertanyaan, Version
from lke.selectors import catalogue_snapshot
from lke.services import answers_save, assessment_open, seed_links_load
from lke.tests.test_scoring import AGEN, BOTTOM, SECOND, TERINTEGRASI, TOP, answered

DRAWN = re.compile(r"\S")  # some text: the script has drawn the verdict

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
LKE_JS = (settings.BASE_DIR / "static" / "js" / "lke.js").read_text()


@pytest.fixture(autouse=True)
def lke_catalogue():
    """Browser journeys run in transactions that end by emptying the tables, the catalogue the data
    migration loaded included: load it again (a no-op when it is there)."""
    from lke.catalogue import catalogue_load

    catalogue_load()


def qid(text):
    return Pertanyaan.objects.get(text__startswith=text).pk


def cases(catalogue):
    """The worked examples and edges of lke/tests/test_scoring.py, plus bad and missing answers."""
    edge = answered(catalogue, TOP)
    edge[qid(AGEN)] = ("", {"agen": "100", "perubahan": "79"})
    edge[qid(TERINTEGRASI)] = ("", {"dibuat": "5", "terintegrasi": "0"})
    edge[qid("Pimpinan memiliki komitmen terhadap")] = ("E", {})
    edge[qid("Instansi membangun budaya kerja positif")] = ("D", {})
    exact = dict(edge)
    exact[qid(AGEN)] = ("", {"agen": "100", "perubahan": "80"})
    odd = answered(catalogue, SECOND)
    odd[qid("Nilai Survey Persepsi Korupsi")] = ("3,6", {})
    odd[qid("Nilai Persepsi Kualitas Pelayanan")] = ("3.2", {})
    odd[qid("Penentuan anggota Tim")] = ("D", {})  # not an option: an error, counted 0
    odd[qid("Persentase penyampaian LHKPN")] = ("", {"kepala": "1", "pejabat": "1", "lainnya": "1", "sudah": "2"})
    del odd[qid("Unit kerja telah membentuk tim")]
    return {
        "top": answered(catalogue, TOP),
        "area 5 bottom": answered(catalogue, BOTTOM, area=5),
        "area 2 second": answered(catalogue, SECOND, area=2),
        "area 1 at 79 %": edge,
        "area 1 at 60 %": exact,
        "mixed": odd,
        "empty": {},
    }


def test_the_simulator_computes_what_scoring_py_computes(page):
    catalogue = catalogue_snapshot(version=Version.objects.get(code="permenpanrb-90-2021"))
    page.set_content("<html><body></body></html>")
    page.add_script_tag(content=LKE_JS)
    for name, answers in cases(catalogue).items():
        for holds_wbk in (True, False):
            py = scoring.assessment_score(catalogue=catalogue, answers=answers, holds_wbk=holds_wbk)
            js_answers = {str(q): {"answer": a, "counts": c} for q, (a, c) in answers.items()}
            result = page.evaluate(
                "([c, a, h]) => { const s = LKE.assessmentScore(c, a, h);"
                " return {s: s, total: LKE.display(s.figures.total)}; }",
                [json.loads(json.dumps(catalogue)), js_answers, holds_wbk],
            )
            js, js_total = result["s"], result["total"]
            assert js_total == scoring.display(py.total), name
            for key, value in py.figures.items():
                assert abs(Decimal(str(js["figures"][key])) - value) < Decimal("1e-9"), (name, key)
            for number, area in py.areas.items():
                assert abs(Decimal(str(js["areas"][str(number)]["total"])) - area["total"]) < Decimal("1e-9")
            assert sorted(js["unanswered"]) == sorted(py.unanswered), name
            assert sorted(js["errors"]) == sorted(str(q) for q in py.errors), name
            for code, verdict in py.predikat.items():
                theirs = js["predikat"][code]
                assert theirs["met"] == verdict["met"], (name, code)
                assert [(f["figure"], f.get("area")) for f in theirs["fails"]] == [
                    (f["figure"], f.get("area")) for f in verdict["fails"]
                ], (name, code)
                for mine, other in zip(verdict["fails"], theirs["fails"], strict=True):
                    if mine["gap"] is not None:
                        assert scoring.display(mine["gap"]) == page.evaluate("g => LKE.display(g)", other["gap"])


def test_coordinator_answers_tries_what_if_and_links_a_row(page, login, live_server, koordinator, seed_plan):
    """Everything answered at the top but 1.i.a (unanswered) and IPAK at 3,00 (13,125 of 17,50):
    95,375. The coordinator answers 1.i.a (95,625), sees in the simulator that an IPAK of 3,60 would
    make Menuju WBK, without saving it, then links row I.1 and sees the gap list shrink."""
    from conftest import PASSWORD
    from lke.models import ItemLink

    catalogue = catalogue_snapshot(version=Version.objects.get(code="permenpanrb-90-2021"))
    answers = answered(catalogue, TOP)
    tim, ipak = qid("Unit kerja telah membentuk tim"), qid("Nilai Survey Persepsi Korupsi")
    del answers[tim]
    answers[ipak] = ("3", {})
    answers_save(
        assessment=assessment_open(plan=seed_plan),
        column="unit",
        by=koordinator,
        rows={q: {"answer": a, "counts": c, "note": ""} for q, (a, c) in answers.items()},
    )
    seed_links_load()
    ItemLink.objects.filter(item__area__plan=seed_plan, item__area__order=1, item__number=1).delete()

    login(koordinator.username, PASSWORD)
    page.click("#nav-lke")
    page.wait_for_selector("#unit-total")
    assert page.inner_text("#unit-total") == "95,38"
    page.click("#section-pemenuhan-1 >> text=Jawab")
    page.select_option(f"select[name=q{tim}_answer]", "Ya")
    page.fill(f"textarea[name=q{tim}_note]", "SK Tim ZI Nomor 12 Tahun 2025")
    page.click("#section-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    page.click("ul.nav-tabs >> text=LKE")
    page.wait_for_selector("#unit-total")
    assert page.inner_text("#unit-total") == "95,63"

    page.click("#tab-score")
    # the simulator's verdict is drawn by static/js/lke.js once the page has loaded. Waited for with
    # expect(), not wait_for_function(): a string predicate is eval'd, which the page's CSP forbids.
    wbk = page.locator("[data-sim-predikat=wbk]")
    expect(wbk).to_have_text(DRAWN)
    assert "Menuju WBK: belum terpenuhi" in wbk.inner_text()
    assert "Survei Persepsi Anti Korupsi" in wbk.inner_text()
    page.click("#sim-section-bersih summary")
    page.fill("#sim-section-bersih input[type=text]", "3,6")
    expect(wbk).not_to_contain_text("belum")
    expect(wbk).to_contain_text("terpenuhi")
    assert page.inner_text("#sim-total") == "98,25"  # 95,625 + (15,75 − 13,125)
    assert "Telah mendapatkan predikat Menuju WBK" in page.inner_text("[data-sim-predikat=wbbm]")
    assert Answer.objects.get(pertanyaan_id=ipak).unit_answer == "3"  # the simulator saved nothing

    page.click("#tab-gaps")
    uncovered = page.locator("#uncovered tbody tr").count()
    assert "I.1" in page.inner_text("#unlinked")
    page.click("#unlinked >> text=Kaitkan")
    page.select_option("select[name=sub_indikator]", label="i. Penyusunan Tim Kerja (0.50)")
    page.fill("input[name=reason]", "SK Tim Kerja")
    page.click("#links-form button[type=submit]")
    page.wait_for_selector("#uncovered")
    assert page.locator("#uncovered tbody tr").count() == uncovered - 1
    assert "Setiap baris melayani setidaknya satu sub-indikator." in page.inner_text("#unlinked")


def test_pic_uploads_from_an_answer_and_the_coordinator_records_menuju_wbk(
    page, browser, login, live_server, pic, koordinator, outsider, seed_plan, tmp_path
):
    """The PIC answers 3.i.a with a new file, which goes to review linked to the answer; the
    coordinator, with every answer at the top, sees Menuju WBBM fail only on its precondition,
    tries it in the simulator, records the decree, and the verdict turns; the other office's
    coordinator finds no such page."""
    from conftest import PASSWORD

    seed_links_load()
    kebutuhan = qid("Kebutuhan pegawai yang disusun")
    scan = tmp_path / "usulan-kebutuhan.pdf"
    scan.write_bytes(make_pdf("Surat usulan kebutuhan pegawai 2025"))

    login(pic.username, PASSWORD)
    page.goto(f"{live_server.url}/plans/{seed_plan.pk}/lke/")
    page.click("#section-pemenuhan-3 >> text=Jawab")
    page.select_option(f"select[name=q{kebutuhan}_answer]", "Ya")
    page.click(f"#q{kebutuhan} [data-upload] summary")
    page.set_input_files(f"input[name=q{kebutuhan}_upload]", str(scan))
    page.click("#section-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert "1 berkas diajukan untuk dinilai" in page.inner_text("main")
    assert "usulan-kebutuhan.pdf" in page.inner_text(f"#q{kebutuhan} [data-linked-evidence]")
    document = Evidence.objects.get()
    assert document.status == EvidenceStatus.DIAJUKAN and document.submitted_by == pic
    assert list(Answer.objects.get(pertanyaan_id=kebutuhan).evidence.all()) == [document]

    catalogue = catalogue_snapshot(version=Version.objects.get(code="permenpanrb-90-2021"))
    answers_save(
        assessment=assessment_open(plan=seed_plan),
        column="unit",
        by=koordinator,
        rows={q: {"answer": a, "counts": c, "note": ""} for q, (a, c) in answered(catalogue, TOP).items()},
    )
    boss_context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    boss = boss_context.new_page()
    log_in(boss, live_server.url, koordinator.username, PASSWORD)
    boss.goto(f"{live_server.url}/plans/{seed_plan.pk}/lke/score/")
    expect(boss.locator("[data-sim-predikat=wbbm]")).to_have_text(DRAWN)
    unit_wbbm = boss.locator(".card [data-predikat=wbbm]").first
    assert "Menuju WBBM: belum terpenuhi" in unit_wbbm.inner_text()
    assert "Telah mendapatkan predikat Menuju WBK" in unit_wbbm.inner_text()
    boss.check("#sim-holds-wbk")
    expect(boss.locator("[data-sim-predikat=wbbm]")).not_to_contain_text("belum")
    boss.click("#wbk-edit")
    boss.check("input[name=holds_wbk]")
    boss.check("input[name=granted_by][value=tpn]")
    boss.fill("input[name=decree_number]", "B/210/M.RB.06/2024")
    boss.fill("input[name=decree_date]", "2024-12-10")
    boss.click("#wbk-form button[type=submit]")
    boss.wait_for_selector(".alert-success")
    assert "B/210/M.RB.06/2024" in boss.inner_text("[data-wbk-record]")
    assert "Menuju WBBM: terpenuhi" in boss.locator(".card [data-predikat=wbbm]").first.inner_text()

    boss_context.close()
    other_context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    other = other_context.new_page()
    log_in(other, live_server.url, outsider.username, PASSWORD)
    for url in (
        f"/plans/{seed_plan.pk}/lke/menuju-wbk/",
        f"/plans/{seed_plan.pk}/lke/edit/?section=pemenuhan-3&column=unit",
    ):
        assert other.goto(live_server.url + url).status == 404
    other_context.close()
