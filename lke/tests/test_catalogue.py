"""The LKE catalogue as the data migration loads it: every scored item of Lampiran III, weights to 100."""

from decimal import Decimal

import pytest
from django.db.models import Count, Sum

from lke.models import Komponen, Pertanyaan, SubIndikator, SubKomponen, Version

pytestmark = pytest.mark.django_db

# Lampiran III, counted on the printed table: questions per area of Pemenuhan and of Reform.
PEMENUHAN = {1: 12, 2: 9, 3: 18, 4: 11, 5: 18, 6: 19}
REFORM = {1: 4, 2: 6, 3: 3, 4: 3, 5: 4, 6: 3}
AREA_WEIGHT = {1: "4.00", 2: "3.50", 3: "5.00", 4: "5.00", 5: "7.50", 6: "5.00"}  # each of Pemenuhan and Reform


@pytest.fixture
def version():
    return Version.objects.get(code="permenpanrb-90-2021")


def test_113_scored_items_87_pemenuhan_23_reform_3_hasil(version):
    items = Pertanyaan.objects.filter(sub_indikator__sub_komponen__komponen__version=version)
    assert items.count() == 113
    for key, expected in (("pemenuhan", PEMENUHAN), ("reform", REFORM)):
        per_area = dict(
            items.filter(sub_indikator__sub_komponen__key=key)
            .values_list("sub_indikator__area__number")
            .annotate(n=Count("id"))
        )
        assert per_area == expected, key
    assert items.filter(sub_indikator__sub_komponen__komponen__key="hasil").count() == 3


def test_weights_sum_to_100_and_to_every_heading(version):
    sub_indikator = SubIndikator.objects.filter(sub_komponen__komponen__version=version)
    assert sub_indikator.aggregate(total=Sum("bobot"))["total"] == Decimal("100.00")
    for komponen in Komponen.objects.filter(version=version):
        assert sub_indikator.filter(sub_komponen__komponen=komponen).aggregate(t=Sum("bobot"))["t"] == komponen.bobot
    weights = {s.key: s.bobot for s in SubKomponen.objects.filter(komponen__version=version)}
    assert weights == {
        "pemenuhan": Decimal("30"),
        "reform": Decimal("30"),
        "bersih": Decimal("22.5"),
        "prima": Decimal("17.5"),
    }
    for key in ("pemenuhan", "reform"):
        per_area = dict(
            sub_indikator.filter(sub_komponen__key=key).values_list("area__number").annotate(t=Sum("bobot"))
        )
        assert per_area == {n: Decimal(w) for n, w in AREA_WEIGHT.items()}, key
    # Lampiran II Tabel 3: an area's share of the Pengungkit is its Pemenuhan plus its Reform part.
    assert {a.number: sum(si.bobot for si in a.sub_indikator.all()) for a in version.areas.all()} == {
        1: 8,
        2: 7,
        3: 10,
        4: 10,
        5: 15,
        6: 10,
    }
    hasil = dict(sub_indikator.exclude(key="").values_list("key", "bobot"))
    assert hasil == {"ipak": Decimal("17.5"), "kinerja": Decimal("5"), "ipkp": Decimal("17.5")}


def test_answer_types_as_printed(version):
    types = dict(
        Pertanyaan.objects.filter(sub_indikator__sub_komponen__komponen__version=version)
        .values_list("answer_type")
        .annotate(n=Count("id"))
    )
    # counted independently in the regulation's .txt: `grep -c "A/B/C/D A"` etc. over Lampiran III
    assert types == {"ya_tidak": 17, "abc": 36, "abcd": 33, "abcde": 17, "persen": 8, "survei": 2}
    values = {t: [v for _, v in spec["options"]] for t, spec in version.answer_types.items()}
    assert values["abcd"] == ["1", "0.67", "0.33", "0"]  # the template's literals, not 2/3
    assert values["abcde"] == ["1", "0.75", "0.5", "0.25", "0"]


def test_questions_verbatim_first_last_and_a_percentage(version):
    items = list(Pertanyaan.objects.filter(sub_indikator__sub_komponen__komponen__version=version))
    first, last = items[0], items[-1]
    assert first.text == "Unit kerja telah membentuk tim untuk melakukan pembangunan Zona Integritas"
    assert first.penjelasan == "Ya, jika Tim telah dibentuk di dalam unit kerja."
    assert last.text == "Nilai Persepsi Kualitas Pelayanan (Survei Eksternal)"
    lhkpn = Pertanyaan.objects.get(text="Persentase penyampaian LHKPN")
    assert [i["label"] for i in lhkpn.inputs] == [
        "Jumlah yang harus melaporkan",
        "Kepala satuan kerja",
        "Pejabat yang diwajibkan menyampaikan LHKPN",
        "Lainnya",
        "Jumlah yang sudah melaporkan",
    ]
    assert lhkpn.sub_indikator.numbering == "A.II.5.iii" and lhkpn.sub_indikator.bobot == 2
    smart = Pertanyaan.objects.get(text="Indikator kinerja telah telah memenuhi kriteria SMART")  # sic
    assert smart.penjelasan.splitlines() == [
        "a. Jika seluruh indikator kinerja telah SMART",
        "b. Jika sebagian besar indikator kinerja telah SMART",
        "c. Jika sebagian kecil indikator kinerja telah SMART",
        "d. Jika belum ada indikator kinerja yang SMART",
    ]
