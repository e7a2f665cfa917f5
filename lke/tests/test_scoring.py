"""lke.scoring against the loaded catalogue: each answer type, each percentage formula, totals, predicates."""

from decimal import Decimal

import pytest

from lke import scoring
from lke.models import Pertanyaan, Version
from lke.selectors import catalogue_snapshot

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def catalogue():
    return catalogue_snapshot(version=Version.objects.get(code="permenpanrb-90-2021"))


def qid(text: str) -> int:
    return Pertanyaan.objects.get(text__startswith=text).pk


def value(catalogue, text, answer="", **counts):
    return scoring.question_value(
        answer_types=catalogue["answer_types"],
        question=catalogue["questions"][qid(text)],
        answer=answer,
        counts=counts,
    )


TOP = {"ya_tidak": "Ya", "abc": "A", "abcd": "A", "abcde": "A", "survei": "4"}
BOTTOM = {"ya_tidak": "Tidak", "abc": "C", "abcd": "D", "abcde": "E", "survei": "0"}
SECOND = {"ya_tidak": "Tidak", "abc": "B", "abcd": "B", "abcde": "B", "survei": "3"}


def answered(catalogue, choice: dict, *, area: int | None = None, rest: dict = TOP) -> dict:
    """Every question answered from `choice` (in `area` only, if given; `rest` elsewhere). Percentage
    items: all done (10 of 10, no violation this year) for TOP, none done for BOTTOM."""
    answers = {}
    for si in catalogue["sub_indikator"]:
        table = choice if area is None or si["area"] == area else rest
        for q in si["questions"]:
            question = catalogue["questions"][q]
            if question["answer_type"] == "persen":
                done = table is not BOTTOM
                counts = {i["key"]: "10" for i in question["inputs"] if "sum_of" not in i}
                formula = question["formula"]
                if formula["kind"] == "reduction":
                    counts[formula["current"]] = "0" if done else "10"
                elif not done:
                    for key in formula["numerator"]:
                        counts[key] = "0"
                elif "sum_of" in str(question["inputs"]):
                    counts["sudah"] = "30"
                answers[q] = ("", counts)
            else:
                answers[q] = (table[question["answer_type"]], {})
    return answers


# ---- answer types ------------------------------------------------------------------------------


def test_option_values_as_the_official_template(catalogue):
    assert value(catalogue, "Unit kerja telah membentuk tim", "Ya") == 1
    assert value(catalogue, "Unit kerja telah membentuk tim", "tidak") == 0
    assert [value(catalogue, "Penentuan anggota Tim", x) for x in "ABC"] == [1, D("0.5"), 0]
    assert [value(catalogue, "Seluruh kegiatan pembangunan", x) for x in "ABCD"] == [1, D("0.67"), D("0.33"), 0]
    assert [value(catalogue, "Prosedur operasional tetap (SOP) telah diterapkan", x) for x in "ABCDE"] == [
        1,
        D("0.75"),
        D("0.5"),
        D("0.25"),
        0,
    ]


def test_an_answer_outside_the_options_is_refused(catalogue):
    with pytest.raises(scoring.AnswerError, match="A/B/C"):
        value(catalogue, "Penentuan anggota Tim", "D")
    with pytest.raises(scoring.AnswerError, match="Ya/Tidak"):
        value(catalogue, "Unit kerja telah membentuk tim", "A")


def test_survey_is_score_over_four_and_capaian_kinerja_is_a_to_e_times_five(catalogue):
    assert value(catalogue, "Nilai Survey Persepsi Korupsi", "3,6") == D("0.9")  # × 17,50 = 15,75
    assert value(catalogue, "Nilai Persepsi Kualitas Pelayanan", "3.2") * D("17.5") == D("14.00")
    with pytest.raises(scoring.AnswerError, match="0–4"):
        value(catalogue, "Nilai Survey Persepsi Korupsi", "4.5")
    with pytest.raises(scoring.AnswerError, match="bukan angka"):
        value(catalogue, "Nilai Survey Persepsi Korupsi", "tinggi")
    assert value(catalogue, "Capaian Kinerja Lebih Baik", "B") * 5 == D("3.75")


# ---- percentage items: each formula, 0/0, above 100 % ------------------------------------------

AGEN = "Agen perubahan telah membuat perubahan"
TERINTEGRASI = "Perubahan yang dibuat Agen Perubahan"
DISIPLIN = "Penurunan pelanggaran disiplin"
SASARAN = "Persentase Sasaran dengan capaian"
PENGADUAN = "Persentase penanganan pengaduan"
LHKPN, LHKASN = "Persentase penyampaian LHKPN", "Persentase penyampaian LHKASN"
PERIJINAN = "Upaya dan/atau inovasi pada perijinan"


@pytest.mark.parametrize(
    "text, counts, expected",
    [
        (AGEN, {"agen": "4", "perubahan": "3"}, D("0.75")),
        (AGEN, {"agen": "2", "perubahan": "5"}, 1),  # more changes than agents: capped at 100 %
        (AGEN, {"agen": "0", "perubahan": "0"}, 0),  # no agent of change: nothing achieved
        (TERINTEGRASI, {"dibuat": "4", "terintegrasi": "1"}, D("0.25")),
        (TERINTEGRASI, {"dibuat": "0", "terintegrasi": "0"}, 0),
        (TERINTEGRASI, {"dibuat": "1", "terintegrasi": "3"}, 1),
        (DISIPLIN, {"tahun_lalu": "4", "tahun_ini": "1", "disanksi": "1"}, D("0.75")),
        (DISIPLIN, {"tahun_lalu": "0", "tahun_ini": "0", "disanksi": "0"}, 1),  # none then, none now: 100 %
        (DISIPLIN, {"tahun_lalu": "0", "tahun_ini": "2", "disanksi": "2"}, 0),
        (DISIPLIN, {"tahun_lalu": "2", "tahun_ini": "5", "disanksi": "0"}, 0),  # more violations: not below 0
        (SASARAN, {"sasaran": "8", "tercapai": "6"}, D("0.75")),
        (SASARAN, {"sasaran": "0", "tercapai": "0"}, 0),
        (SASARAN, {"sasaran": "5", "tercapai": "7"}, 1),
        (PENGADUAN, {"harus": "4", "diproses": "1", "selesai": "3"}, D("0.75")),  # settled / due
        (PENGADUAN, {"harus": "0", "diproses": "0", "selesai": "0"}, 1),  # no complaint due: none unsettled
        (PENGADUAN, {"harus": "2", "diproses": "0", "selesai": "3"}, 1),
        (LHKPN, {"kepala": "1", "pejabat": "2", "lainnya": "1", "sudah": "3"}, D("0.75")),  # filed / (1+2+1)
        (LHKPN, {"kepala": "0", "pejabat": "0", "lainnya": "0", "sudah": "0"}, 1),
        (LHKPN, {"kepala": "1", "pejabat": "0", "lainnya": "0", "sudah": "2"}, 1),
        (LHKASN, {"administrator": "1", "pengawas": "1", "fungsional": "2", "sudah": "1"}, D("0.25")),
        (LHKASN, {"administrator": "0", "pengawas": "0", "fungsional": "0", "sudah": "0"}, 1),
        (PERIJINAN, {"terdaftar": "4", "dipermudah": "2"}, D("0.5")),
        (PERIJINAN, {"terdaftar": "0", "dipermudah": "0"}, 0),
        (PERIJINAN, {"terdaftar": "3", "dipermudah": "9"}, 1),
    ],
)
def test_percentage_formulas(catalogue, text, counts, expected):
    assert value(catalogue, text, **counts) == expected


def test_percentage_with_a_blank_count_is_unanswered_and_text_is_refused(catalogue):
    assert value(catalogue, AGEN, agen="3") is None
    with pytest.raises(scoring.AnswerError, match="bukan angka"):
        value(catalogue, AGEN, agen="tiga", perubahan="1")
    with pytest.raises(scoring.AnswerError, match="0 atau lebih"):
        value(catalogue, AGEN, agen="-1", perubahan="1")


def test_full_precision_kept_until_display(catalogue):
    assert value(catalogue, LHKPN, kepala="1", pejabat="1", lainnya="1", sudah="2") == D(2) / D(3)
    assert scoring.display(D(2) / D(3) * 2) == "1,33"
    assert scoring.display(D("75")) == "75,00"
    assert scoring.display(D("0.005")) == "0,01"  # half up, not banker's rounding
    assert scoring.display(D("1234.5")) == "1.234,50"


# ---- totals: the worked examples -----------------------------------------------------------------


def test_every_answer_at_the_top_gives_60_plus_40(catalogue):
    """Every option at A/Ya, every percentage at 100 %, both surveys at 4:
    each question is worth 1, so each sub-indikator is 1 × bobot and the sums are the weights:
    Pengungkit 30 + 30 = 60, Hasil 17,50 + 5 + 17,50 = 40, total 100; every area at 100 %."""
    score = scoring.assessment_score(catalogue=catalogue, answers=answered(catalogue, TOP), holds_wbk=True)
    assert (score.figures["pengungkit"], score.figures["hasil"], score.total) == (60, 40, 100)
    assert score.figures["pemenuhan"] == score.figures["reform"] == 30
    assert {n: a["ratio"] for n, a in score.areas.items()} == dict.fromkeys(range(1, 7), 1)
    assert score.unanswered == [] and score.errors == {}
    assert score.predikat["wbk"]["met"] and score.predikat["wbbm"]["met"]


def test_one_area_at_the_bottom(catalogue):
    """Area 5 (Penguatan Pengawasan) answered Tidak/C/D/E and no count done, the rest at the top.

    Every bottom option is worth 0 and so is each of its percentages (no complaint settled, nobody
    filed LHKPN/LHKASN, as many violations as last year), so area 5 scores 0 of its 7,50 + 7,50:
    Pengungkit 60 − 15 = 45, Hasil 40, total 85. Menuju WBK fails on one threshold only, area 5
    below 60 % of 15 (0 against 9,00: gap 9,00); Menuju WBBM on the Pengungkit (45 against 48: gap
    3,00) and on area 5 (0 against 75 % of 15 = 11,25).
    """
    score = scoring.assessment_score(catalogue=catalogue, answers=answered(catalogue, BOTTOM, area=5), holds_wbk=True)
    assert (score.figures["pengungkit"], score.figures["hasil"], score.total) == (45, 40, 85)
    assert score.areas[5] == {"pemenuhan": 0, "reform": 0, "total": 0, "bobot": 15, "ratio": 0}
    assert score.predikat["wbk"]["fails"] == [
        {
            "figure": "area_ratio",
            "area": 5,
            "label": "Bobot nilai minimal per area pengungkit",
            "min": D("9.00"),
            "value": 0,
            "gap": D("9.00"),
        }
    ]
    assert [(f["figure"], f.get("area"), f["gap"]) for f in score.predikat["wbbm"]["fails"]] == [
        ("pengungkit", None, D("3")),
        ("area_ratio", 5, D("11.25")),
    ]


def test_one_area_at_the_second_option(catalogue):
    """Area 2 (Penataan Tatalaksana) answered B everywhere (the rest at the top), by hand:

    Pemenuhan 2.i  (1,00): A/B/C/D B 0,67, A–E B 0,75, A–E B 0,75 → mean 2,17/3 × 1,00 = 0,72333…
              2.ii (2,00): four A/B/C B 0,5 → 0,5 × 2,00 = 1,00
              2.iii (0,50): two A/B/C B 0,5 → 0,25
    Reform    2.i  (0,50): A/B/C/D B 0,67 → 0,335
              2.ii (1,00): two A/B/C B 0,5 → 0,50
              2.iii (2,00): three A–E B 0,75 → 1,50
    Area 2 = 1,97333… + 2,335 = 4,30833… of 7,00 (61,55 %, above 60 %, below 75 %);
    total = 100 − 7 + 4,30833… = 97,30833… → "97,31". WBK met; WBBM fails area 2 by 5,25 − 4,30833….
    """
    score = scoring.assessment_score(catalogue=catalogue, answers=answered(catalogue, SECOND, area=2), holds_wbk=True)
    area = score.areas[2]
    assert area["pemenuhan"] == D("2.17") / 3 + D("1.25")
    assert area["reform"] == D("2.335")
    assert score.total == 93 + D("2.17") / 3 + D("1.25") + D("2.335")
    assert scoring.display(score.total) == "97,31"
    assert score.predikat["wbk"]["met"]
    assert [(f["area"], f["gap"]) for f in score.predikat["wbbm"]["fails"]] == [(2, D("5.25") - area["total"])]


def test_a_missing_answer_scores_zero_and_is_listed(catalogue):
    answers = answered(catalogue, TOP)
    gone = qid("Unit kerja telah membentuk tim")
    del answers[gone]
    score = scoring.assessment_score(catalogue=catalogue, answers=answers, holds_wbk=True)
    assert score.unanswered == [gone]
    # 1.i has two questions, bobot 0,50: the unanswered one takes half of it
    assert score.total == D("99.75")


# ---- thresholds at their edges -------------------------------------------------------------------


def verdict(catalogue, *, holds_wbk=True, **figures):
    base = {
        "total": D(100),
        "pengungkit": D(60),
        "hasil": D(40),
        "pemenuhan": D(30),
        "reform": D(30),
        "bersih": D("22.5"),
        "prima": D("17.5"),
        "ipak": D("17.5"),
        "kinerja": D(5),
        "ipkp": D("17.5"),
    }
    base.update({k: D(v) for k, v in figures.items()})
    areas = {n: {"total": D(b), "bobot": D(b), "ratio": D(1)} for n, b in enumerate((8, 7, 10, 10, 15, 10), 1)}
    return scoring.predikat_verdict(
        predikat=catalogue["predikat"], score=scoring.Score(figures=base, areas=areas), holds_wbk=holds_wbk
    )


def test_total_74_99_fails_and_75_00_passes(catalogue):
    fails = verdict(catalogue, total="74.99")["wbk"]["fails"]
    assert [(f["figure"], f["gap"]) for f in fails] == [("total", D("0.01"))]
    assert verdict(catalogue, total="75.00")["wbk"]["met"]
    assert verdict(catalogue, total="84.99")["wbbm"]["fails"][0]["gap"] == D("0.01")


def test_every_threshold_of_tabel_6(catalogue):
    wbk = verdict(catalogue, pengungkit="39.99", bersih="18.24", ipak="15.74", kinerja="2.49", prima="13.99")
    assert [f["figure"] for f in wbk["wbk"]["fails"]] == ["pengungkit", "bersih", "ipak", "kinerja", "prima"]
    edge = verdict(catalogue, pengungkit="48", bersih="19.5", ipak="15.75", kinerja="3.75", prima="15.75")
    assert edge["wbk"]["met"] and edge["wbbm"]["met"]
    assert [f["figure"] for f in verdict(catalogue, holds_wbk=False)["wbbm"]["fails"]] == ["requires"]


def test_an_area_at_exactly_60_percent_passes(catalogue):
    """Area 1 (8,00): Pemenuhan all A (4,00); Reform 1.i at 80 % and 0 % (mean 0,4 × 2,00 = 0,80),
    1.ii E and 1.iii D (0): 4,80 = 60 % of 8,00 exactly. At 79 % it is 4,79: short by 0,01."""

    def with_agents(done: str):
        answers = answered(catalogue, TOP)
        answers[qid(AGEN)] = ("", {"agen": "100", "perubahan": done})
        answers[qid(TERINTEGRASI)] = ("", {"dibuat": "5", "terintegrasi": "0"})
        answers[qid("Pimpinan memiliki komitmen terhadap")] = ("E", {})
        answers[qid("Instansi membangun budaya kerja positif")] = ("D", {})
        return scoring.assessment_score(catalogue=catalogue, answers=answers, holds_wbk=True)

    exact = with_agents("80")
    assert exact.areas[1]["total"] == D("4.8") and exact.areas[1]["ratio"] == D("0.6")
    assert exact.predikat["wbk"]["met"]
    short = with_agents("79")
    assert short.predikat["wbk"]["fails"] == [
        {
            "figure": "area_ratio",
            "area": 1,
            "label": "Bobot nilai minimal per area pengungkit",
            "min": D("4.800"),
            "value": D("4.79"),
            "gap": D("0.010"),
        }
    ]
