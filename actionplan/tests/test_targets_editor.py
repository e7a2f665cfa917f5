"""The coordinator's plan of monthly targets: the page as rendered, its rules, history, and what resets it."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actionplan.models import ActionItem, ItemTarget
from actionplan.services import item_update
from actionplan.targets import item_targets_set, schedule, targets_validate
from zi_tracker.formdata import duplicate_ids, form_post_data, rendered_form

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def scattered(seed_plan):
    """Row I.2 due in March, July and December 2025 only."""
    item = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=2)
    item.set_target_months([3, 7, 12])
    item.save()
    return item


def editor(client, item):
    url = reverse("actionplan:item_targets", args=[item.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert duplicate_ids(html) == []
    return url, rendered_form(html, form_id="targets-form")


def test_the_page_offers_the_target_months_with_the_even_spread(client, koordinator, scattered):
    client.force_login(koordinator)
    _url, form = editor(client, scattered)
    fields = dict(form["fields"])
    assert {k: v for k, v in fields.items() if k.startswith("m")} == {"m3": "33,33", "m7": "66,67", "m12": "100"}


def test_the_coordinator_sets_a_plan_as_the_page_submits_it(client, koordinator, scattered):
    client.force_login(koordinator)
    url, form = editor(client, scattered)
    data = form_post_data(form, {"m3": "10", "m7": "62,5", "reason": "Hasil rapat Monev Maret"}, submit=("save", "1"))
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"].endswith("#targets")
    assert schedule(ActionItem.objects.get(pk=scattered.pk)) == {3: D("10.00"), 7: D("62.50"), 12: D("100.00")}
    records = ItemTarget.history.filter(item_id=scattered.pk)
    assert {(r.month, r.history_user, r.history_change_reason) for r in records} == {
        (m, koordinator, "Hasil rapat Monev Maret") for m in (3, 7, 12)
    }
    # The row page shows the plan and its change in the history, with the reason.
    page = client.get(reverse("actionplan:item_detail", args=[scattered.pk])).content.decode()
    table = page.split('id="target-table"')[1].split("</table>")[0]
    assert "62,50 %" in table and "Target ditetapkan koordinator." in page
    history = page.split('class="list-unstyled small history"')[1]
    assert "Target bulanan" in history and "Juli: <del>sebaran merata</del> → 62,50 %" in history
    assert "Hasil rapat Monev Maret" in history


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"m3": "70,5", "m7": "60"}, "m7", "tidak boleh lebih rendah dari maret (70,5 %)"),  # decreasing
        ({"m12": "90"}, "m12", "harus 100"),  # the last month is not 100
        ({"m7": "101"}, "m7", "100"),  # above 100
        ({"m3": "-1"}, "m3", "0"),
        ({"m3": "1,234"}, "m3", "2"),  # three decimals
        ({"m3": "abc"}, "m3", "bilangan"),
        ({"m7": ""}, "m7", "kosong"),
        ({"reason": ""}, "reason", "kosong"),
    ],
)
def test_a_bad_plan_is_refused_on_its_field_and_nothing_is_written(
    client, koordinator, scattered, changes, field, message
):
    client.force_login(koordinator)
    url, form = editor(client, scattered)
    data = form_post_data(form, {"reason": "Rencana", **changes}, submit=("save", "1"))
    response = client.post(url, data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]).lower(), errors
    assert not ItemTarget.objects.filter(item=scattered).exists()


def test_the_service_refuses_months_outside_the_row_and_missing_ones(scattered):
    with pytest.raises(ValidationError) as error:
        targets_validate(item=scattered, percents={3: "20", 4: "30", 7: "50", 12: "100"})
    assert "April" in " ".join(error.value.message_dict["__all__"])
    with pytest.raises(ValidationError) as error:
        targets_validate(item=scattered, percents={3: "20", 12: "100"})
    assert set(error.value.message_dict) == {"m7"}


def test_flat_targets_and_a_plan_equal_to_the_even_spread(scattered, koordinator):
    """Equal months are allowed (nothing planned in between); a plan equal to the default stores nothing."""
    assert item_targets_set(item=scattered, percents={3: "0", 7: "0", 12: "100"}, by=koordinator, reason="Akhir")
    assert item_targets_set(
        item=scattered, percents={3: "33,33", 7: "66.67", 12: "100"}, by=koordinator, reason="Merata lagi"
    )
    assert not ItemTarget.objects.filter(item=scattered).exists()
    assert not item_targets_set(
        item=scattered, percents={3: "33.33", 7: "66.67", 12: "100"}, by=koordinator, reason="Tidak berubah"
    )


def test_back_to_the_even_spread_needs_only_a_reason(client, koordinator, scattered):
    item_targets_set(item=scattered, percents={3: "10", 7: "50", 12: "100"}, by=koordinator, reason="Rencana")
    client.force_login(koordinator)
    url, form = editor(client, scattered)
    data = form_post_data(form, {"m3": "garbage", "reason": "Kembali merata"}, submit=("even", "1"))
    assert client.post(url, data).status_code == 302
    assert not ItemTarget.objects.filter(item=scattered).exists()
    assert ItemTarget.history.filter(item_id=scattered.pk, history_type="-").count() == 3


def test_changing_the_rows_months_drops_its_plan(scattered, koordinator):
    item_targets_set(item=scattered, percents={3: "10", 7: "50", 12: "100"}, by=koordinator, reason="Rencana")
    stored = ActionItem.objects.get(pk=scattered.pk)
    months = {"target_start_month": 2, "target_month_mask": 0b100001000110}  # February joins
    item_update(item=stored, data=months, by=koordinator, reason="Perubahan SK")
    stored = ActionItem.objects.get(pk=scattered.pk)
    assert stored.target_months == [2, 3, 7, 12]
    assert not ItemTarget.objects.filter(item=stored).exists()
    deleted = ItemTarget.history.filter(item_id=stored.pk, history_type="-")
    assert {r.history_change_reason for r in deleted} == {"Perubahan SK"}
    # Other edits keep it.
    item_targets_set(item=stored, percents={2: "5", 3: "10", 7: "50", 12: "100"}, by=koordinator, reason="Baru")
    item_update(item=stored, data={"langkah_aksi": "Langkah baru"}, by=koordinator, reason="Ketik ulang")
    assert ItemTarget.objects.filter(item=stored).count() == 4


def test_the_status_follows_the_saved_plan(scattered, koordinator, pic):
    from actionplan.models import ItemStatus, ProgressEntry

    ProgressEntry.objects.create(item=scattered, month=3, percent=30, entered_by=pic, updated_by=pic)
    judged = lambda: ActionItem.objects.with_status(today=date(2025, 4, 1)).get(pk=scattered.pk)  # noqa: E731
    assert judged().status == ItemStatus.DI_BAWAH_TARGET  # 30 < 33.33
    item_targets_set(item=scattered, percents={3: "30", 7: "60", 12: "100"}, by=koordinator, reason="Realistis")
    assert judged().status == ItemStatus.BERJALAN


def test_only_the_rows_coordinator_edits_its_targets(client, pic, pimpinan, scattered, other_unit, django_user_model):
    from accounts.models import Membership, Role

    url = reverse("actionplan:item_targets", args=[scattered.pk])
    data = {"m3": "10", "m7": "50", "m12": "100", "reason": "x", "save": "1"}
    for user in (pic, pimpinan):
        client.force_login(user)
        assert client.post(url, data).status_code == 403
    other = django_user_model.objects.create_user("koord-lain")
    Membership.objects.create(user=other, unit=other_unit, role=Role.KOORDINATOR)
    client.force_login(other)
    assert client.post(url, data).status_code == 404
    assert not ItemTarget.objects.exists()
    client.force_login(pic)
    page = client.get(reverse("actionplan:item_detail", args=[scattered.pk])).content.decode()
    assert 'id="target-table"' in page and 'id="edit-targets"' not in page


def test_the_plan_page_filters_and_badges_rows_behind_target(client, koordinator, pic, seed_plan):
    """Judged today (15 June 2026): January–May have ended, so a full-year row plans 41.67 % by now."""
    from actionplan.models import ProgressEntry
    from actionplan.sample import plan_generate

    plan = plan_generate(unit=seed_plan.unit, year=2026, items=6)
    behind, on_track, *_rest = ActionItem.objects.filter(area__plan=plan).order_by("area__order", "number")
    for item, percent in ((behind, 40), (on_track, 42)):
        item.set_target_months(range(1, 13))
        item.save()
        ProgressEntry.objects.bulk_create(
            ProgressEntry(item=item, month=m, percent=percent, entered_by=pic, updated_by=pic) for m in range(1, 6)
        )
    client.force_login(koordinator)
    url = reverse("actionplan:plan_detail", args=[plan.pk])
    form = rendered_form(client.get(url).content.decode(), action="")
    assert "status" in form["selects"] and "di_bawah_target" in form["selects"]["status"]["options"]
    response = client.get(url, {"status": "di_bawah_target"})
    assert response.status_code == 200
    rows = [row for area in response.context["areas"] for row in area.rows]
    assert rows == [behind] and response.context["row_count"] == 1
    html = response.content.decode()
    assert f'id="item-{behind.pk}"' in html and "Di bawah target" in html.split('id="lampiran"')[1]
    page = client.get(reverse("actionplan:item_detail", args=[behind.pk])).content.decode()
    summary = page.split('id="target-summary"')[1].split("</p>")[0]
    assert "Target s.d. akhir Mei: 41,67 %" in summary and "capaian 95,99 %" in summary


def test_a_save_of_a_row_loaded_before_its_plan_keeps_the_plan(scattered, koordinator):
    """with_status() reads a plan only for a row flagged as having one; an older copy of the row must not clear it."""
    loaded_earlier = ActionItem.objects.get(pk=scattered.pk)
    item_targets_set(item=scattered, percents={3: "10", 7: "50", 12: "100"}, by=koordinator, reason="Rencana")
    loaded_earlier.langkah_aksi = "Diketik ulang"
    loaded_earlier.save()
    row = ActionItem.objects.with_status(today=date(2025, 4, 1)).get(pk=scattered.pk)
    assert (row.has_target_plan, row.langkah_aksi, row.target_percent) == (True, "Diketik ulang", D("10.00"))
    item_targets_set(item=scattered, percents=None, by=koordinator, reason="Merata")
    assert not ActionItem.objects.get(pk=scattered.pk).has_target_plan
