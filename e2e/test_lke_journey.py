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
        "top": answered(catalogue, TOP), "area 5 bottom": answered(catalogue, BOTTOM, area=5),
        "area 2 second": answered(catalogue, SECOND, area=2), "area 1 at 79 %": edge, "area 1 at 60 %": exact,
        "mixed": odd, "empty": {},
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
