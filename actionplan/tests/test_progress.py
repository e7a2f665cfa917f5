"""Monthly progress: who may report, the rules, closed months, lost updates and history."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, Section
from actionplan.models import ActionItem, MonthClosure, ProgressEntry
from actionplan.sample import plan_generate
from actionplan.services import ProgressConflict, progress_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def this_year_row(seed_plan, pic):
    """A copy of the seed's row III.1 moved to the current year, so that months are open to report."""
    item = ActionItem.objects.get(area__plan=seed_plan, area__numeral="III", number=1)
    item.target_year = timezone.localdate().year
    item.save()
    return item


def post_progress(client, item, **fields):
    data = {"month": 1, "percent": 10, "activity": "", "obstacles": "", "next_steps": "", "version": 0}
    data.update(fields)
    return client.post(reverse("actionplan:item_progress", args=[item.pk]), data)


def test_pic_reports_progress_on_their_row(client, pic, this_year_row):
    client.force_login(pic)
    response = post_progress(
        client,
        this_year_row,
        month=1,
        percent=40,
        activity="Analisa kebutuhan disusun",
        obstacles="Data belum lengkap",
        next_steps="Lengkapi data",
    )
    assert response.status_code == 302
    entry = ProgressEntry.objects.get(item=this_year_row, month=1)
    assert (entry.percent, entry.entered_by, entry.version) == (40, pic, 1)
    page = client.get(reverse("actionplan:item_detail", args=[this_year_row.pk])).content.decode()
    assert "Analisa kebutuhan disusun" in page and "Data belum lengkap" in page


def test_pic_cannot_report_on_others_rows(client, pic, seed_plan):
    other = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=1)  # Teknis & Hukum's row
    assert pic not in other.pics.all()
    client.force_login(pic)
    assert post_progress(client, other, month=6).status_code == 403
    assert "progress-form" not in client.get(reverse("actionplan:item_detail", args=[other.pk])).content.decode()
    assert not ProgressEntry.objects.exists()


def test_outsider_gets_404_and_leadership_403(client, outsider, pimpinan, this_year_row):
    client.force_login(outsider)
    assert post_progress(client, this_year_row).status_code == 404
    client.force_login(pimpinan)
    assert post_progress(client, this_year_row).status_code == 403
    assert not ProgressEntry.objects.exists()


def test_coordinator_may_report_on_any_row(client, koordinator, this_year_row):
    client.force_login(koordinator)
    assert post_progress(client, this_year_row, month=1, percent=5).status_code == 302


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"percent": 101}, "Pastikan nilai ini lebih kecil dari atau sama dengan 100."),
        ({"percent": -1}, "Pastikan nilai ini lebih besar dari atau sama dengan 0."),
        (
            {"is_done": "on", "activity": "  "},
            "Jelaskan apa yang sudah dikerjakan sebelum menandai kegiatan ini selesai.",
        ),
    ],
)
def test_bad_progress_is_refused(client, pic, this_year_row, fields, message):
    client.force_login(pic)
    response = post_progress(client, this_year_row, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProgressEntry.objects.exists()


def test_month_outside_the_target_period_is_refused(pic, seed_plan):
    june_only = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=1)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        progress_save(item=june_only, month=5, data={"percent": 10}, base_version=0, by=pic, today=date(2025, 12, 1))
    assert "di luar periode target" in str(error.value.message_dict["month"])


def test_month_outside_the_period_through_the_form(client, pic, seed_plan):
    june_only = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=1)
    june_only.pics.add(pic)
    client.force_login(pic)
    response = post_progress(client, june_only, month=5)
    assert response.status_code == 400
    assert "Masukkan pilihan yang valid" in response.content.decode()


def test_future_month_is_refused(pic, this_year_row):
    from django.core.exceptions import ValidationError

    today = date(this_year_row.target_year, 3, 15)
    with pytest.raises(ValidationError) as error:
        progress_save(item=this_year_row, month=4, data={"percent": 10}, base_version=0, by=pic, today=today)
    assert "belum dimulai" in str(error.value.message_dict["month"])
    progress_save(item=this_year_row, month=3, data={"percent": 10}, base_version=0, by=pic, today=today)


def test_closed_month_cannot_change(client, pic, koordinator, this_year_row):
    client.force_login(pic)
    post_progress(client, this_year_row, month=1, percent=10)
    client.force_login(koordinator)
    plan = this_year_row.area.plan
    client.post(reverse("actionplan:plan_months", args=[plan.pk]), {"month": 1, "action": "close", "confirmed": "on"})
    assert MonthClosure.objects.filter(plan=plan, month=1).exists()
    client.force_login(pic)
    response = post_progress(client, this_year_row, month=1, percent=50, version=1)
    assert response.status_code == 400
    assert "ditutup oleh koordinator" in response.content.decode()
    assert ProgressEntry.objects.get(item=this_year_row, month=1).percent == 10
    client.force_login(koordinator)
    client.post(reverse("actionplan:plan_months", args=[plan.pk]), {"month": 1, "action": "reopen"})
    client.force_login(pic)
    assert post_progress(client, this_year_row, month=1, percent=50, version=1).status_code == 302


def test_only_the_coordinator_closes_months(client, pic, this_year_row):
    client.force_login(pic)
    plan = this_year_row.area.plan
    assert client.post(reverse("actionplan:plan_months", args=[plan.pk]), {"month": 1}).status_code == 403
    assert not MonthClosure.objects.exists()


def test_done_sets_100_percent_and_needs_a_narrative(client, pic, this_year_row):
    client.force_login(pic)
    response = post_progress(client, this_year_row, month=1, percent=70, is_done="on", activity="Surat usulan dikirim")
    assert response.status_code == 302
    entry = ProgressEntry.objects.get(item=this_year_row)
    assert entry.is_done and entry.percent == 100


def test_second_save_of_the_same_version_is_refused_and_shows_what_changed(client, pic, koordinator, this_year_row):
    client.force_login(pic)
    post_progress(client, this_year_row, month=1, percent=10, activity="Mulai")
    # Both open version 1; the coordinator saves first.
    client.force_login(koordinator)
    assert (
        post_progress(
            client, this_year_row, month=1, percent=30, activity="Mulai", obstacles="Anggaran", version=1
        ).status_code
        == 302
    )
    client.force_login(pic)
    response = post_progress(client, this_year_row, month=1, percent=60, activity="Versi saya", version=1)
    assert response.status_code == 409
    html = response.content.decode()
    assert "menyimpan entri ini" in html
    assert "<del>10</del> → <strong>30</strong>" in html
    assert "Anggaran" in html
    assert "Versi saya" in html  # the user's text is kept in the form
    entry = ProgressEntry.objects.get(item=this_year_row, month=1)
    assert (entry.percent, entry.obstacles, entry.version) == (30, "Anggaran", 2)
    # Saving again, now on version 2, is a deliberate overwrite and succeeds.
    assert (
        post_progress(client, this_year_row, month=1, percent=60, activity="Versi saya", version=2).status_code == 302
    )
    assert ProgressEntry.objects.get(item=this_year_row, month=1).percent == 60


def test_two_creations_of_the_same_month_conflict(pic, koordinator, this_year_row):
    today = date(this_year_row.target_year, 2, 1)
    progress_save(item=this_year_row, month=1, data={"percent": 10}, base_version=0, by=koordinator, today=today)
    with pytest.raises(ProgressConflict):
        progress_save(item=this_year_row, month=1, data={"percent": 20}, base_version=0, by=pic, today=today)
    assert ProgressEntry.objects.get().percent == 10


def test_history_records_progress_items_and_assignments(client, pic, koordinator, this_year_row):
    client.force_login(pic)
    post_progress(client, this_year_row, month=1, percent=10)
    post_progress(client, this_year_row, month=1, percent=25, version=1)
    entry = ProgressEntry.objects.get()
    assert [h.percent for h in entry.history.order_by("history_date")] == [10, 25]
    assert {h.history_user for h in entry.history.all()} == {pic}

    client.force_login(koordinator)
    section = Section.objects.get(short_name="Keuangan, Umum & Logistik")
    from actionplan.tests.test_views_item import edit_data

    response = client.post(
        reverse("actionplan:item_edit", args=[this_year_row.pk]),
        edit_data(this_year_row, section=section.pk, pics=[koordinator.pk]),
    )
    assert response.status_code == 302
    page = client.get(reverse("actionplan:item_detail", args=[this_year_row.pk])).content.decode()
    assert "Keuangan, Umum dan Logistik" in page  # section: old → new
    assert "<del>Dewi</del> → Rahmat" in page  # PICs: old → new
    assert "<del>10</del> → 25" in page  # progress: old → new
    assert this_year_row.history.filter(history_user=koordinator).exists()


def test_my_work_lists_due_and_late_rows(client, pic, seed_plan, this_year_row):
    client.force_login(pic)
    html = client.get(reverse("actionplan:my_work")).content.decode()
    assert "Pekerjaan saya" in html
    this_month = html[html.index('id="this-month"') : html.index('id="late"')]
    late = html[html.index('id="late"') : html.index('id="my-rows"')]
    today = timezone.localdate()
    if today.month > 1:
        assert "III.1" in late  # January has ended unreported
    assert "III.1" in this_month
    assert "III.2" in late and "III.2" not in this_month  # the 2025 rows are over and not done
    assert html.count("<tr><td>") == 11


MY_WORK_QUERIES = 10  # … with the menu's bell (its unread count)


def test_my_work_query_count_is_the_same_for_10_and_500_items(
    client, django_assert_num_queries, other_unit, django_user_model
):
    from accounts.models import Membership

    user = django_user_model.objects.create_user("pic500", password="x")
    Membership.objects.create(user=user, unit=other_unit, role=Role.PIC)
    client.force_login(user)
    small = plan_generate(unit=other_unit, year=timezone.localdate().year, items=10)
    for item in ActionItem.objects.filter(area__plan=small):
        item.pics.add(user)
        ProgressEntry.objects.create(
            item=item, month=item.target_start_month, percent=10, entered_by=user, updated_by=user
        )
    # Session, user, the rows' status, the rows shown, missing and sent-back evidence (count and
    # first few each), the menu.
    with django_assert_num_queries(MY_WORK_QUERIES):
        response = client.get(reverse("actionplan:my_work"))
    assert len(response.context["items"]) == 10
    big = plan_generate(unit=other_unit, year=timezone.localdate().year - 1, items=490)
    for item in ActionItem.objects.filter(area__plan=big):
        item.pics.add(user)
    ProgressEntry.objects.bulk_create(
        ProgressEntry(item=item, month=m, percent=m * 5, entered_by=user, updated_by=user)
        for item in ActionItem.objects.filter(area__plan=big)
        for m in item.target_months
    )
    with django_assert_num_queries(MY_WORK_QUERIES):
        response = client.get(reverse("actionplan:my_work"))
    assert len(response.context["items"]) == 500


def test_item_page_query_count_with_progress_and_history(client, pic, this_year_row, django_assert_num_queries):
    from actionplan.tests.test_views_item import ITEM_PAGE_QUERIES

    client.force_login(pic)
    post_progress(client, this_year_row, month=1, percent=10)
    url = reverse("actionplan:item_detail", args=[this_year_row.pk])
    with django_assert_num_queries(ITEM_PAGE_QUERIES):
        client.get(url)
    for version in range(1, 30):
        progress_save(
            item=this_year_row,
            month=1,
            data={"percent": version},
            base_version=version,
            by=pic,
            today=date(this_year_row.target_year, 2, 1),
        )
    with django_assert_num_queries(ITEM_PAGE_QUERIES):
        client.get(url)


def test_a_row_with_reports_is_not_deleted_as_a_side_effect(pic, this_year_row):
    from django.db.models import ProtectedError

    progress_save(
        item=this_year_row,
        month=1,
        data={"percent": 10},
        base_version=0,
        by=pic,
        today=date(this_year_row.target_year, 3, 1),
    )
    with pytest.raises(ProtectedError):
        this_year_row.delete()
    assert ActionItem.objects.filter(pk=this_year_row.pk).exists()
