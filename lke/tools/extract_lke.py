"""One-off: extract the LKE (Lampiran III of PermenPAN-RB 90/2021) into fixtures/lke_permenpanrb_90_2021.json.

Usage: python lke/tools/extract_lke.py REGULATION.pdf REGULATION.txt > /tmp/lke_raw.json

The plain .txt conversion of the regulation keeps every word but loses the table's columns: the
names of areas and sub-indikator land at the foot of each page, after the questions. So the
table is read from `pdftotext -layout` of the same PDF (pages 66-87), where each column keeps
its x position, and every piece of text taken from it is then looked up in the .txt: a fragment
missing there is printed on stderr, so nothing is paraphrased on the way. The output is the raw
tree; hand_fixes() below repairs what the conversion broke (each fix says why) and adds what
the table only implies (keys, formulas, answer values, thresholds): its output is the fixture.
"""

import json
import re
import subprocess
import sys
from decimal import Decimal

FIRST_PAGE, LAST_PAGE = 66, 87
ROMAN_UPPER = {"I", "II"}
ROMAN_LOWER = {"i", "ii", "iii", "iv", "v", "vi"}
ANSWER_TYPES = {"Ya/Tidak": "ya_tidak", "A/B/C": "abc", "A/B/C/D": "abcd", "A/B/C/D/E": "abcde", "%": "persen"}
NUMBER = re.compile(r"^\d+,\d\d$")


def layout_pages(pdf: str) -> list[list[str]]:
    text = subprocess.run(
        ["pdftotext", "-layout", "-f", str(FIRST_PAGE), "-l", str(LAST_PAGE), pdf, "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [page.splitlines() for page in text.split("\f")]


def fields(line: str) -> list[tuple[int, str]]:
    """(x, text) of each run of text separated by three or more spaces."""
    return [(m.start(), m.group(0).strip()) for m in re.finditer(r"\S+(?: {1,2}\S+)*", line)]


def columns(page: list[str]) -> tuple[int, int] | None:
    for number, line in enumerate(page):
        if "Bobot" in line and "Penjelasan" in line:
            return line.index("Bobot"), page[number - 1].index("Pilihan")
    return None


def classify(page: list[str]):
    """Yield, per line, a dict column -> text (penilaian, bobot, penjelasan, right)."""
    cols = columns(page)
    if cols is None:
        return
    bobot_x, pilihan_x = cols
    started = False
    for line in page:
        if "Bobot" in line and "Penjelasan" in line:
            started = True
            continue
        if not started or line.strip() in {"Pilihan", "Jawaban"}:
            continue
        row: dict[str, list[str]] = {}
        for x, text in fields(line):
            if x >= pilihan_x - 6:
                column = "right"
            elif x >= bobot_x + 5:
                column = "penjelasan"
            elif x >= bobot_x - 4 and NUMBER.match(text.split()[0]):
                column = "bobot"
            else:
                column = "penilaian"
            row.setdefault(column, []).append(text)
        if row:
            yield {key: " ".join(parts) for key, parts in row.items()}


OPTION = re.compile(r"^[a-e]\.\s?\S")
LIST_ITEM = re.compile(r"^\d\.?\s")


def joiner(text: str) -> str:
    """How a wrapped line joins the previous one: a line ending in a hyphen (masing-/masing,
    e-/performance, target-/target) is a word cut at its hyphen, so no space."""
    return "" if re.search(r"\w-$", text) else " "


HEAD = re.compile(r"^(?P<code>[A-Za-z]{1,3}|\d|-)(?:\.|\s|$)\s*(?P<rest>.*)$")


def parse(pdf: str) -> dict:
    tree = {"komponen": []}
    komponen = sub_komponen = area = sub_indikator = question = None
    last = None  # what a continuation line of the Penilaian column belongs to
    for page in layout_pages(pdf):
        for row in classify(page):
            pen, bobot, right = row.get("penilaian"), row.get("bobot"), row.get("right", "")
            weight = str(Decimal(bobot.split()[0].replace(",", "."))) if bobot else None
            if pen and pen.startswith(("TOTAL", "NILAI EVALUASI")):
                continue
            match = HEAD.match(pen) if pen else None
            code = match.group("code") if match else None
            if code in {"A", "B"} and pen.split()[0] in {"A.", "B."}:
                komponen = {"code": code, "name": match.group("rest"), "bobot": weight, "sub_komponen": []}
                tree["komponen"].append(komponen)
                last, question = komponen, None
            elif code in ROMAN_UPPER:
                sub_komponen = {"code": code, "name": match.group("rest"), "bobot": weight, "areas": []}
                komponen["sub_komponen"].append(sub_komponen)
                area = {"code": "", "name": "", "bobot": weight, "sub_indikator": []}
                if komponen["code"] == "B":  # Hasil has no area level: its items hang off the sub-komponen
                    sub_komponen["areas"].append(area)
                last, question = sub_komponen, None
            elif code and code.isdigit() and pen.split()[0] == code + "." and match.group("rest").isupper():
                area = {"code": code, "name": match.group("rest"), "bobot": weight, "sub_indikator": []}
                sub_komponen["areas"].append(area)
                last, question = area, None
            elif code in ROMAN_LOWER and pen.split()[0] == code + ".":
                sub_indikator = {"code": code, "name": match.group("rest"), "bobot": weight, "pertanyaan": []}
                area["sub_indikator"].append(sub_indikator)
                last, question = sub_indikator, None
            elif (
                code == "-"
                and question
                and question["answer_type"] == "persen"
                and not match.group("rest").startswith("Persentase")
            ):
                # a count the percentage is computed from; its "Jumlah" may sit on the next line
                question["inputs"].append({"label": match.group("rest")})
                last = question["inputs"][-1]
            elif code and (len(code) == 1 and code.islower() or code == "-"):
                if komponen["code"] == "B":  # each Hasil item is its own sub-indikator with its bobot
                    sub_indikator = {"code": code, "name": match.group("rest"), "bobot": weight, "pertanyaan": []}
                    area["sub_indikator"].append(sub_indikator)
                question = {
                    "code": code,
                    "text": match.group("rest"),
                    "penjelasan": "",
                    "answer_type": None,
                    "inputs": [],
                }
                sub_indikator["pertanyaan"].append(question)
                last = question
            elif pen:
                key = "text" if last is question and question else ("label" if "label" in (last or {}) else "name")
                glue = "\n" if LIST_ITEM.match(pen) else joiner(last[key])  # numbered lists stay lines
                last[key] = (last[key] + glue + pen).strip()
            # a heading's bobot printed beside its second line (or on a line of its own)
            if weight and last is not question and last is not None and last.get("bobot", "") is None:
                last["bobot"] = weight
            elif weight and komponen["code"] == "B" and sub_indikator and sub_indikator["bobot"] is None:
                sub_indikator["bobot"] = weight  # a Hasil item's bobot, centred beside its question
            if row.get("penjelasan") and question is not None:
                # one line per answer option (a., b., ...) or list item; wrapped lines rejoined
                glue = (
                    "\n"
                    if OPTION.match(row["penjelasan"]) or LIST_ITEM.match(row["penjelasan"])
                    else joiner(question["penjelasan"])
                )
                question["penjelasan"] = (question["penjelasan"] + glue + row["penjelasan"]).strip()
            token = right.split()[0] if right else ""
            if question is not None and token in ANSWER_TYPES and question["answer_type"] is None:
                question["answer_type"] = ANSWER_TYPES[token]
            if question is not None and token.startswith("Nilai") and question["answer_type"] is None:
                question["answer_type"] = "survei"
    return tree


def check_verbatim(tree: dict, txt: str) -> list[str]:
    """Every question's text, as a run of words, should appear in the .txt; return the misses."""

    def normal(text: str) -> str:  # spacing, and words cut at their hyphen by a line wrap
        return re.sub(r"(\w)- (\w)", r"\1-\2", " ".join(text.split()))

    haystack = normal(txt)
    misses = []
    for k in tree["komponen"]:
        for s in k["sub_komponen"]:
            for a in s["areas"]:
                for si in a["sub_indikator"]:
                    for q in si["pertanyaan"]:
                        for line in [q["text"], *q["penjelasan"].splitlines()]:
                            if normal(line) not in haystack:
                                misses.append(f"{a['code']}.{si['code']}.{q['code']} penjelasan: {line}")
    return misses


# ---- Hand fixes: what the conversion broke, and the structure the text only implies ----------

KEYS = {
    ("A", ""): "pengungkit",
    ("B", ""): "hasil",
    ("A", "I"): "pemenuhan",
    ("A", "II"): "reform",
    ("B", "I"): "bersih",
    ("B", "II"): "prima",
}
HASIL_KEYS = {("I", "a"): "ipak", ("I", "b"): "kinerja", ("II", "a"): "ipkp"}

# Each percentage item: its counts (in the printed order), and how the value is computed from
# them. "on_zero" is the value when the denominator is 0: 1 where nothing was due (no complaint to
# settle, nobody obliged to report), 0 where the count is the unit's own output (no agent of change,
# no target, no service listed), as the 0/0 rule for discipline and our reading of the rest.
PERCENT = {
    ("II", "1", "i", 0): (
        {"agen": None, "perubahan": None},
        {"kind": "ratio", "numerator": ["perubahan"], "denominator": ["agen"], "on_zero": "0"},
    ),
    ("II", "1", "i", 1): (
        {"dibuat": None, "terintegrasi": None},
        {"kind": "ratio", "numerator": ["terintegrasi"], "denominator": ["dibuat"], "on_zero": "0"},
    ),
    ("II", "3", "iii", 0): (
        {"tahun_lalu": None, "tahun_ini": None, "disanksi": None},
        {"kind": "reduction", "previous": "tahun_lalu", "current": "tahun_ini", "on_zero": "1"},
    ),
    ("II", "4", "i", 0): (
        {"sasaran": None, "tercapai": None},
        {"kind": "ratio", "numerator": ["tercapai"], "denominator": ["sasaran"], "on_zero": "0"},
    ),
    ("II", "5", "ii", 0): (
        {"harus": None, "diproses": None, "selesai": None},
        {"kind": "ratio", "numerator": ["selesai"], "denominator": ["harus"], "on_zero": "1"},
    ),
    ("II", "5", "iii", 0): (
        {"wajib": ["kepala", "pejabat", "lainnya"], "kepala": None, "pejabat": None, "lainnya": None, "sudah": None},
        {"kind": "ratio", "numerator": ["sudah"], "denominator": ["wajib"], "on_zero": "1"},
    ),
    ("II", "5", "iii", 1): (
        {
            "wajib": ["administrator", "pengawas", "fungsional"],
            "administrator": None,
            "pengawas": None,
            "fungsional": None,
            "sudah": None,
        },
        {"kind": "ratio", "numerator": ["sudah"], "denominator": ["wajib"], "on_zero": "1"},
    ),
    ("II", "6", "i", 1): (
        {"terdaftar": None, "dipermudah": None},
        {"kind": "ratio", "numerator": ["dipermudah"], "denominator": ["terdaftar"], "on_zero": "0"},
    ),
}

ANSWER_TYPE_TABLE = {
    # The official template's values: its literal 0,67 and 0,33 for A/B/C/D, not 2/3 and 1/3.
    "ya_tidak": {"label": "Ya/Tidak", "options": [["Ya", "1"], ["Tidak", "0"]]},
    "abc": {"label": "A/B/C", "options": [["A", "1"], ["B", "0.5"], ["C", "0"]]},
    "abcd": {"label": "A/B/C/D", "options": [["A", "1"], ["B", "0.67"], ["C", "0.33"], ["D", "0"]]},
    "abcde": {"label": "A/B/C/D/E", "options": [["A", "1"], ["B", "0.75"], ["C", "0.5"], ["D", "0.25"], ["E", "0"]]},
    "persen": {"label": "%", "options": []},
    "survei": {"label": "Nilai (0-4)", "options": [], "max": "4"},
}

# Lampiran II Bab III A.3-6 and Tabel 6: the predicates' thresholds, checked in this order.
PREDIKAT = [
    {
        "code": "wbk",
        "name": "Menuju WBK",
        "requires": None,
        "rules": [
            {"figure": "total", "min": "75", "label": "Nilai Total"},
            {"figure": "pengungkit", "min": "40", "label": "Nilai Minimal Pengungkit"},
            {"figure": "area_ratio", "min": "0.60", "label": "Bobot nilai minimal per area pengungkit"},
            {
                "figure": "bersih",
                "min": "18.25",
                "label": "Nilai komponen hasil \u201cPemerintah yang Bersih dan Akuntabel\u201d",
            },
            {"figure": "ipak", "min": "15.75", "label": "Nilai sub-komponen \u201cSurvei Persepsi Anti Korupsi\u201d"},
            {"figure": "kinerja", "min": "2.50", "label": "Nilai sub-komponen \u201cKinerja Lebih Baik\u201d"},
            {
                "figure": "prima",
                "min": "14.00",
                "label": "Nilai komponen hasil \u201cPelayanan Publik yang prima\u201d",
            },
        ],
    },
    {
        "code": "wbbm",
        "name": "Menuju WBBM",
        "requires": "wbk",
        "rules": [
            {"figure": "total", "min": "85", "label": "Nilai Total"},
            {"figure": "pengungkit", "min": "48", "label": "Nilai Minimal Pengungkit"},
            {"figure": "area_ratio", "min": "0.75", "label": "Bobot nilai minimal per area pengungkit"},
            {
                "figure": "bersih",
                "min": "19.50",
                "label": "Nilai komponen hasil \u201cPemerintah yang Bersih dan Akuntabel\u201d",
            },
            {"figure": "ipak", "min": "15.75", "label": "Nilai sub-komponen \u201cSurvei Persepsi Anti Korupsi\u201d"},
            {"figure": "kinerja", "min": "3.75", "label": "Nilai sub-komponen \u201cKinerja Lebih Baik\u201d"},
            {
                "figure": "prima",
                "min": "15.75",
                "label": "Nilai komponen hasil \u201cPelayanan Publik yang prima\u201d",
            },
        ],
    },
]


def hand_fixes(tree: dict) -> dict:
    reform = tree["komponen"][0]["sub_komponen"][1]
    pengawasan = reform["areas"][4]["sub_indikator"]
    # Reform 5.iii (bobot 2,00) is printed as two parts, "i." LHKPN and an unnumbered LHKASN, each
    # 1,00; the conversion made the first part a sibling. They are the two questions of iii.
    lhkpn = pengawasan.pop(3)
    lhkpn["pertanyaan"][0]["heading"] = "i. " + lhkpn["name"]
    lhkpn["pertanyaan"][1]["heading"] = "Penyampaian Laporan Harta Kekayaan Aparatur Sipil Negara (LHKASN)"
    sudah = lhkpn["pertanyaan"][0]["inputs"][-1]
    sudah["label"] = sudah["label"].replace(" " + lhkpn["pertanyaan"][1]["heading"], "")
    pengawasan[2]["pertanyaan"] = lhkpn["pertanyaan"]
    for k in tree["komponen"]:
        k["key"] = KEYS[(k["code"], "")]
        for s in k["sub_komponen"]:
            s["key"] = KEYS[(k["code"], s["code"])]
            for a in s["areas"]:
                a.pop("bobot")  # an area's bobot is the sum of its sub-indikator (checked by a test)
                for si in a["sub_indikator"]:
                    si["key"] = HASIL_KEYS.get((s["code"], si["code"]), "") if k["code"] == "B" else ""
                    for number, q in enumerate(si["pertanyaan"]):
                        spec = PERCENT.get((s["code"], a["code"], si["code"], number))
                        if spec:
                            keys, q["formula"] = spec
                            for item, (key, sum_of) in zip(q["inputs"], keys.items(), strict=True):
                                item["key"] = key
                                if sum_of:
                                    item["sum_of"] = sum_of
                        elif q["inputs"]:
                            raise ValueError(f"counts without a formula: {a['code']}.{si['code']}.{q['code']}")
    # Hasil items are sub-indikator of their own; the first line of the question is the name.
    for s in tree["komponen"][1]["sub_komponen"]:
        for si in s["areas"][0]["sub_indikator"]:
            si["name"] = si["pertanyaan"][0]["text"]
    return {
        "version": {
            "code": "permenpanrb-90-2021",
            "name": "PermenPAN-RB 90/2021",
            "source": "Peraturan Menteri PANRB Nomor 90 Tahun 2021, Lampiran III (Lembar Kerja Evaluasi)",
            "answer_types": ANSWER_TYPE_TABLE,
            "predikat": PREDIKAT,
        },
        "komponen": tree["komponen"],
    }


if __name__ == "__main__":
    tree = parse(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as handle:
        for miss in check_verbatim(tree, handle.read()):
            print("not in .txt:", miss, file=sys.stderr)
    json.dump(hand_fixes(tree), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
