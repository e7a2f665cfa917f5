"""manage.py load_units: the KPU tree from the Kemendagri list, idempotent, with codes, beside hand-made units."""

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Unit

pytestmark = pytest.mark.django_db


def load(*args) -> str:
    out = io.StringIO()
    call_command("load_units", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_whole_hierarchy_with_its_codes_once(seed_plan):
    """On the seed's three units: they are found again (and get their codes), the rest is created."""
    hand_made = Unit.objects.create(name="Bawaslu Kota Serang", short_name="Bawaslu Kota Serang", code="bawaslu-serang")
    output = load()
    assert "provinsi: 37 dibuat, 1 sudah ada" in output and "kabupaten/kota: 513 dibuat, 1 sudah ada" in output
    assert Unit.objects.count() == 1 + 38 + 514 + 1
    ri = Unit.objects.get(code="kpu-ri")
    assert ri.parent is None and Unit.objects.filter(parent=ri).count() == 38
    assert Unit.objects.filter(parent__parent=ri).count() == 514
    serang = Unit.objects.get(code="kpu-kab-serang")
    assert (serang.region_code, serang.parent.code, serang.parent.region_code) == ("36.04", "kpu-prov-banten", "36")
    assert serang.plans.get() == seed_plan  # the seed's unit itself, not a copy
    cilegon = Unit.objects.get(region_code="36.72")
    assert (cilegon.name, cilegon.short_name, cilegon.code, cilegon.city) == (
        "Komisi Pemilihan Umum Kota Cilegon",
        "KPU Kota Cilegon",
        "kpu-kota-cilegon",
        "Cilegon",
    )
    aceh = Unit.objects.get(region_code="11")
    assert (aceh.name, aceh.short_name) == ("Komisi Independen Pemilihan Aceh", "KIP Aceh")
    assert Unit.objects.get(region_code="11.06").short_name == "KIP Kabupaten Aceh Besar"
    assert Unit.objects.get(region_code="31").short_name == "KPU Provinsi DKI Jakarta"
    assert Unit.objects.get(region_code="96").name == "Komisi Pemilihan Umum Provinsi Papua Barat Daya"
    assert serang.history.first().history_change_reason.startswith("manage.py load_units")
    again = load()
    assert "provinsi: 0 dibuat, 38 sudah ada" in again and "kabupaten/kota: 0 dibuat, 514 sudah ada" in again
    assert Unit.objects.count() == 1 + 38 + 514 + 1
    hand_made.refresh_from_db()
    assert hand_made.parent is None and hand_made.region_code == ""  # units added by hand are left alone


def test_one_province_and_a_dry_run(db):
    assert "kabupaten/kota: 8 akan dibuat" in load("--province", "36", "--dry-run")
    assert not Unit.objects.exists()
    load("--province", "36")
    assert sorted(Unit.objects.values_list("region_code", flat=True)) == [
        "",
        "36",
        "36.01",
        "36.02",
        "36.03",
        "36.04",
        "36.71",
        "36.72",
        "36.73",
        "36.74",
    ]
    renamed = Unit.objects.get(region_code="36.04")
    renamed.short_name = "KPU Kab. Serang"
    renamed.save()
    load("--province", "36", "--province", "32")
    renamed.refresh_from_db()
    assert renamed.short_name == "KPU Kab. Serang"  # a unit's own names are never overwritten
    assert Unit.objects.filter(parent__region_code="32").count() == 27


def test_an_unknown_province_is_refused(db):
    with pytest.raises(CommandError, match="Kode provinsi tidak dikenal: 99"):
        load("--province", "99")
    assert not Unit.objects.exists()
