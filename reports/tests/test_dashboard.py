"""The dashboard's figures on a hand-built plan (now and as of a month), its links, selects and plan picker."""

from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.models import Membership, Role
from actionplan.sample import plan_generate
from reports.selectors import as_of, dashboard

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


def test_figures_now(hand_plan):
    board = dashboard(plan=hand_plan, at=as_of(plan=hand_plan, month=None))
    assert board.total == 4
    assert board.status_counts == {
        "selesai": 1,
        "berjalan": 0,
        "terlambat": 3,
        "di_bawah_target": 0,
        "belum_dimulai": 0,
    }
    assert board.percent == 47.5  # (100 + 60 + 0 + 30) / 4
    assert (board.req_covered, board.req_total, board.coverage) == (2, 4, 50)
    assert board.waiting_review == 1
    assert [a.coverage for a in board.areas[:4]] == [100, 100, 0, 0]
    assert [a.done for a in board.areas[:4]] == [1, 0, 0, 0]
    assert [i.area.numeral for i in board.late_items] == ["III", "IV", "II"]  # most missing months first
    assert board.late_items[0].missing_months == 12
    assert [p["percent"] for p in board.progress_line][:3] == [6.2, 12.5, 18.8]  # (10+5+0+10)/4 … (30+15+0+30)/4
    assert board.progress_line[11]["percent"] == 47.5


def test_figures_as_of_the_end_of_march(hand_plan):
    board = dashboard(plan=hand_plan, at=as_of(plan=hand_plan, month=3))
    # A, B and D reported January to March; C reported nothing, so it is late. The even spread plans
    # 25 % by March's end: B's 15 % is behind it, A's and D's 30 % ahead.
    assert board.status_counts == {
        "selesai": 0,
        "berjalan": 2,
        "terlambat": 1,
        "di_bawah_target": 1,
        "belum_dimulai": 0,
    }
    assert board.percent == 18.8  # (30 + 15 + 0 + 30) / 4 = 18.75
    assert (board.req_covered, board.req_total, board.coverage) == (1, 4, 25)  # B's acceptance came in July
    assert board.waiting_review == 1  # C's file, submitted in March
    assert len(board.progress_line) == 3
    grid_i = board.grid[0]["cells"]
    assert [c["state"] for c in grid_i[:4]] == ["ok", "ok", "ok", "upcoming"]
    grid_iii = board.grid[2]["cells"]
    assert [c["state"] for c in grid_iii[:3]] == ["missing", "missing", "missing"]


def test_figures_as_of_january_see_nothing_later(hand_plan):
    board = dashboard(plan=hand_plan, at=as_of(plan=hand_plan, month=1))
    assert board.status_counts["terlambat"] == 1 and board.status_counts["berjalan"] == 2
    assert board.status_counts["di_bawah_target"] == 1  # B's 5 % against January's 8.33 %
    assert board.req_covered == 0 and board.waiting_review == 0


def test_done_row_counts_as_reported_after_it_is_done(hand_plan):
    board = dashboard(plan=hand_plan, at=as_of(plan=hand_plan, month=None))
    assert [c["state"] for c in board.grid[0]["cells"][5:8]] == ["ok", "ok", "ok"]


def test_dashboard_page_shows_the_figures_and_links(client, hand_plan, other_unit, django_user_model):
    leader = django_user_model.objects.create_user("ketua", password="x")
    Membership.objects.create(user=leader, unit=other_unit, role=Role.PIMPINAN)
    client.force_login(leader)
    assert client.get(reverse("home"))["Location"] == reverse("reports:dashboard_home")
    response = client.get(reverse("reports:dashboard", args=[hand_plan.pk]), {"month": 3})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="kpi-late">1<' in html and 'id="kpi-coverage">25%<' in html
    assert f'href="/plans/{hand_plan.pk}/rows/?status=terlambat&amp;month=3"' in html
    rows = client.get(reverse("reports:items", args=[hand_plan.pk]), {"status": "terlambat", "month": 3})
    assert [i.area.numeral for i in rows.context["rows"]] == ["III"]
    # Leadership sees everything read-only: no forms that write.
    assert 'method="post"' not in html.split("</nav>", 1)[1]


def test_as_of_a_future_month_is_refused_with_a_message(client, pimpinan, seed_plan):
    client.force_login(pimpinan)
    response = client.get(reverse("reports:dashboard", args=[seed_plan.pk]), {"month": "13"})
    assert response.status_code == 200 and "Bulan tersebut tidak dapat ditampilkan" in response.content.decode()


def test_other_units_dashboard_is_404(client, outsider, seed_plan):
    client.force_login(outsider)
    assert client.get(reverse("reports:dashboard", args=[seed_plan.pk])).status_code == 404
    assert client.get(reverse("reports:items", args=[seed_plan.pk])).status_code == 404


def test_the_selects_keep_the_chosen_month(client, pimpinan, seed_plan):
    client.force_login(pimpinan)
    page = client.get(reverse("reports:dashboard", args=[seed_plan.pk]), {"month": 3}).content.decode()
    as_of, monev = page.split('id="id_month"')[1], page.split('name="period"')[1]
    assert '<option value="3" selected>Maret 2025</option>' in as_of.split("</select>")[0]
    assert '<option value="3" selected>Maret 2025</option>' in monev.split("</select>")[0]
    assert '<option value="q4">' in monev.split("</select>")[0]
    page = client.get(reverse("reports:dashboard", args=[seed_plan.pk])).content.decode()
    assert '<option value="" selected>Hari ini</option>' in page


def test_a_leader_of_two_units_picks_the_plan(client, pimpinan, seed_plan, other_unit, django_user_model):
    """The picker is outside the cached figures: each user sees their own plans in it."""
    Membership.objects.create(user=pimpinan, unit=other_unit, role=Role.PIMPINAN)
    other = plan_generate(unit=other_unit, year=2025, items=6)
    client.force_login(pimpinan)
    page = client.get(reverse("reports:dashboard", args=[seed_plan.pk])).content.decode()
    picker = page.split('id="plan-form"')[1].split("</form>")[0]
    assert f'<option value="{seed_plan.pk}" selected>KPU Kabupaten Serang · 2025 · Nomor 995</option>' in picker
    assert f'<option value="{other.pk}">KPU Kota Cilegon · 2025 · Nomor {other.decree_number}</option>' in picker
    response = client.get(reverse("reports:dashboard_home"), {"plan": other.pk, "month": 3})
    assert response["Location"] == reverse("reports:dashboard", args=[other.pk]) + "?month=3"
    page = client.get(response["Location"]).content.decode()
    assert "Komisi Pemilihan Umum Kota Cilegon" in page and "keadaan per akhir Maret 2025" in page
    # A leader of one unit gets no picker, and the same cached figures as everyone else.
    one_unit = django_user_model.objects.create_user("satu")
    Membership.objects.create(user=one_unit, unit=seed_plan.unit, role=Role.PIMPINAN)
    client.force_login(one_unit)
    assert 'id="plan-form"' not in client.get(reverse("reports:dashboard", args=[seed_plan.pk])).content.decode()


def test_grid_cells_and_waiting_figure_open_what_they_count(client, hand_plan, other_unit, django_user_model):
    """A month cell with missing reports names the rows that did not report; "N waiting" opens the N documents."""
    import re

    leader = django_user_model.objects.create_user("ketua2", password="x")
    Membership.objects.create(user=leader, unit=other_unit, role=Role.PIMPINAN)
    client.force_login(leader)
    html = client.get(reverse("reports:dashboard", args=[hand_plan.pk]), {"month": 3}).content.decode()
    area_iii = hand_plan.areas.get(numeral="III")
    href = re.search(rf'href="(/plans/{hand_plan.pk}/rows/\?[^"]*area={area_iii.pk}[^"]*in_month=2[^"]*)"', html)
    assert href and "unreported=True" in href.group(1)
    rows = client.get(href.group(1).replace("&amp;", "&"))
    assert [r.code for r in rows.context["rows"]] == ["III.1"]  # C never reported
    waiting = re.search(
        r'id="kpi-waiting" href="([^"]+)"',
        client.get(reverse("reports:dashboard", args=[hand_plan.pk])).content.decode(),
    )
    documents = client.get(waiting.group(1).replace("&amp;", "&"))
    assert documents.status_code == 200 and len(documents.context["documents"]) == 1  # C's file


def test_behind_target_figures_as_of_march(client, hand_plan, other_unit, django_user_model):
    """B reported 15 % by March against the even spread's 25 %: counted, listed, and behind its link."""
    board = dashboard(plan=hand_plan, at=as_of(plan=hand_plan, month=3))
    assert board.behind_count == 1 and [a.behind for a in board.areas[:4]] == [0, 1, 0, 0]
    (b,) = board.behind_items
    assert (b.area.numeral, b.target_percent, b.latest_percent, str(b.capaian)) == ("II", 25, 15, "60.00")
    assert [i.area.numeral for i in board.late_items] == ["III"]
    assert board.target_percent == 25.0  # every row plans 25 % by March
    leader = django_user_model.objects.create_user("ketua3", password="x")
    Membership.objects.create(user=leader, unit=other_unit, role=Role.PIMPINAN)
    client.force_login(leader)
    html = client.get(reverse("reports:dashboard", args=[hand_plan.pk]), {"month": 3}).content.decode()
    assert 'id="kpi-behind">1<' in html and "target s.d. kini 25%" in html
    behind = html.split('id="behind-rows"')[1].split("</table>")[0]
    assert "Komponen II.1" in behind and "60%" in behind
    link = f"/plans/{hand_plan.pk}/rows/?status=di_bawah_target&amp;month=3"
    assert f'href="{link}"' in html
    rows = client.get(reverse("reports:items", args=[hand_plan.pk]), {"status": "di_bawah_target", "month": 3})
    assert [i.area.numeral for i in rows.context["rows"]] == ["II"]
    table = rows.content.decode().split('id="rows"')[1]
    assert "25%" in table and "60%" in table and "Di bawah target" in table
