"""LKE in the browser: the simulator computes what lke/scoring.py computes, and a coordinator's journey."""

import json
from decimal import Decimal

import pytest
from django.conf import settings

from lke import scoring
from lke.models import Pertanyaan, Version
from lke.selectors import catalogue_snapshot
from lke.tests.test_scoring import AGEN, BOTTOM, SECOND, TERINTEGRASI, TOP, answered

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
    from lke.models import Answer, ItemLink
    from lke.services import answers_save, assessment_open, seed_links_load

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
    wbk = page.locator("[data-sim-predikat=wbk]")
    assert "Menuju WBK: belum terpenuhi" in wbk.inner_text()
    assert "Survei Persepsi Anti Korupsi" in wbk.inner_text()
    page.click("#sim-section-bersih summary")
    page.fill("#sim-section-bersih input[type=text]", "3,6")
    page.wait_for_function(
        "document.querySelector('[data-sim-predikat=wbk]').innerText.includes('terpenuhi') && "
        "!document.querySelector('[data-sim-predikat=wbk]').innerText.includes('belum')"
    )
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
