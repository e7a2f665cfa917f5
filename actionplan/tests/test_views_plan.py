"""The plan page: the Lampiran as the decree lays it out, its filters, and who may see it."""

import re

import pytest
from django.urls import reverse

from accounts.models import Section
from actionplan.sample import plan_generate

pytestmark = pytest.mark.django_db

# Session, user, plan, the user's roles in its unit, the plan's generation and the cached table
# (filter, counts, Lampiran), the menu's capabilities across the user's units, the bell's unread count.
PLAN_PAGE_QUERIES = 8
# Computing the table: the areas (with row counts), rows (with section and status), requirements,
# evidence coverage, the filter's area and section choices.
PLAN_TABLE_QUERIES = 6
# A database cache write: count, savepoint, look-up, insert, release (Django's DatabaseCache).
CACHE_WRITE = 5
# The first view after a change: the plan's next generation is started and the table computed and stored.
PLAN_PAGE_FIRST_QUERIES = PLAN_PAGE_QUERIES + CACHE_WRITE + PLAN_TABLE_QUERIES + CACHE_WRITE


def area_headings(html: str) -> list[str]:
    return re.findall(r'<tr class="area-row"><td colspan="6">([^<]+)<', html)


def row_ids(html: str) -> list[str]:
    return re.findall(r'<tr id="item-(\d+)">', html)


def test_login_required(client, seed_plan):
    response = client.get(reverse("actionplan:plan_detail", args=[seed_plan.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_staff_sees_the_23_rows_under_the_6_area_headings(client, pic, seed_plan):
    client.force_login(pic)
    response = client.get(reverse("actionplan:plan_detail", args=[seed_plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert area_headings(html) == [
        "I. PENYUSUNAN TIM KERJA",
        "II. PENATAAN TATA LAKSANA",
        "III. PENATAAN SISTEM MANAJEMEN SDM DAN APARATUR",
        "IV. Penguatan Akuntabilitas",
        "V. Penguatan Pengawasan",
        "VI. PENINGKATAN KUALITAS LAYANAN PUBLIK",
    ]
    assert len(row_ids(html)) == 23
    for column in ["No", "Komponen", "Indikator", "Langkah Aksi", "Bukti Fisik", "Target Waktu"]:
        assert "<th" in html and f">{column}</th>" in html
    assert "Pemberian <i>Reward and punishment</i>" in html
    assert "23 kegiatan" in html


def test_other_units_plan_is_404(client, outsider, seed_plan):
    client.force_login(outsider)
    assert client.get(reverse("actionplan:plan_detail", args=[seed_plan.pk])).status_code == 404
    assert client.get(reverse("actionplan:plan_list")).context["plans"].count() == 0


def test_each_role_lands_on_its_home(client, pic, pimpinan, penilai, seed_plan):
    client.force_login(pic)
    assert client.get(reverse("home"))["Location"] == reverse("actionplan:my_work")
    client.force_login(pimpinan)
    assert client.get(reverse("home"))["Location"] == reverse("reports:dashboard_home")
    client.force_login(penilai)
    assert client.get(reverse("home"))["Location"] == reverse("evidence:queue")  # the penilai lands on the review queue


def test_user_without_membership_sees_no_plan(client, django_user_model, seed_plan):
    client.force_login(django_user_model.objects.create_user("nobody", password="x"))
    assert client.get(reverse("actionplan:plan_detail", args=[seed_plan.pk])).status_code == 404
    response = client.get(reverse("home"), follow=True)
    assert "belum menjadi anggota" in response.content.decode()


def test_filter_by_area(client, pic, seed_plan):
    client.force_login(pic)
    area = seed_plan.areas.get(numeral="III")
    html = client.get(reverse("actionplan:plan_detail", args=[seed_plan.pk]), {"area": area.pk}).content.decode()
    assert area_headings(html) == ["III. PENATAAN SISTEM MANAJEMEN SDM DAN APARATUR"]
    assert len(row_ids(html)) == 6


def test_filter_by_section(client, pic, seed_plan):
    client.force_login(pic)
    section = Section.objects.get(short_name="Keuangan, Umum & Logistik")
    html = client.get(reverse("actionplan:plan_detail", args=[seed_plan.pk]), {"section": section.pk}).content.decode()
    assert area_headings(html) == ["I. PENYUSUNAN TIM KERJA", "IV. Penguatan Akuntabilitas"]
    assert len(row_ids(html)) == 2


def test_filter_by_month_keeps_rows_whose_period_covers_it(client, pic, seed_plan):
    client.force_login(pic)
    url = reverse("actionplan:plan_detail", args=[seed_plan.pk])
    assert len(row_ids(client.get(url, {"month": 6}).content.decode())) == 23
    may = client.get(url, {"month": 5}).content.decode()
    assert len(row_ids(may)) == 22 and "Pembentukan Tim Kerja" not in may


@pytest.mark.parametrize("params", [{"month": "13"}, {"area": "abc"}, {"section": "999999"}])
def test_bad_filter_gets_a_message_not_an_error(client, pic, seed_plan, params):
    client.force_login(pic)
    response = client.get(reverse("actionplan:plan_detail", args=[seed_plan.pk]), params)
    assert response.status_code == 200
    assert "Filter tidak dapat dipahami" in response.content.decode()
    assert len(row_ids(response.content.decode())) == 23


def test_a_filter_cannot_reach_another_units_area(client, pic, seed_plan, other_unit):
    other = plan_generate(unit=other_unit, year=2025, items=6)
    client.force_login(pic)
    response = client.get(reverse("actionplan:plan_detail", args=[seed_plan.pk]), {"area": other.areas.first().pk})
    assert "Filter tidak dapat dipahami" in response.content.decode()


def test_plan_page_query_count_is_the_same_for_seed_and_10x_plan(client, pic, seed_plan, django_assert_num_queries):
    """Computed on the first view (and after each change), then read from the cache, at both sizes."""
    client.force_login(pic)
    big = plan_generate(unit=seed_plan.unit, year=2026, items=230, requirements_per_item=3)
    for item in big.areas.first().items.all()[:20]:
        item.pics.add(pic)
    for plan, rows in ((seed_plan, 23), (big, 230)):
        url = reverse("actionplan:plan_detail", args=[plan.pk])
        with django_assert_num_queries(PLAN_PAGE_FIRST_QUERIES):
            first = client.get(url).content.decode()
        with django_assert_num_queries(PLAN_PAGE_QUERIES):
            cached = client.get(url).content.decode()
        assert len(row_ids(first)) == len(row_ids(cached)) == rows


def test_plan_list_shows_only_member_units(client, pic, seed_plan, other_unit):
    plan_generate(unit=other_unit, year=2025, items=6)
    client.force_login(pic)
    response = client.get(reverse("actionplan:plan_list"))
    assert list(response.context["plans"]) == [seed_plan]


def test_leadership_can_read_the_plan(client, pimpinan, seed_plan):
    client.force_login(pimpinan)
    response = client.get(reverse("actionplan:plan_detail", args=[seed_plan.pk]))
    assert response.status_code == 200
    assert "Edit decree" not in response.content.decode()


def test_ui_is_indonesian_even_for_an_english_browser(client, pic, seed_plan):
    client.force_login(pic)
    url = reverse("actionplan:plan_detail", args=[seed_plan.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Keputusan Nomor 995 Tahun 2025" in html and "Keluar" in html


def test_user_can_switch_to_english_and_back(client, pic, seed_plan):
    client.force_login(pic)
    url = reverse("actionplan:plan_detail", args=[seed_plan.pk])
    client.post(reverse("set_language"), {"language": "en", "next": url})
    assert "Decree number 995 of 2025" in client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "id", "next": url})
    assert "Keputusan Nomor 995 Tahun 2025" in client.get(url).content.decode()


def test_two_plans_of_one_unit_and_year_are_named_apart(client, koordinator, seed_plan):
    """An amended decree of the same year must not look like the original in titles and pickers."""
    amended = plan_generate(unit=seed_plan.unit, year=2025, items=2)
    client.force_login(koordinator)
    titles = [
        re.search(
            r"<title>([^<]*)</title>", client.get(reverse("actionplan:plan_detail", args=[plan.pk])).content.decode()
        )[1]
        for plan in (seed_plan, amended)
    ]
    assert "KPU Kabupaten Serang · 2025 · Nomor 995" in titles[0]
    assert f"KPU Kabupaten Serang · 2025 · Nomor {amended.decree_number}" in titles[1]
