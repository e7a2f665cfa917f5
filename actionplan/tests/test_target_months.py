"""A row's target months as any set of months: words, due months, status, the progress form."""

from datetime import date

import pytest

from actionplan.models import ActionItem, ItemStatus, ProgressEntry
from actionplan.services import progress_validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarterly(seed_plan):
    """Row I.2 due in March, June, September and December 2025 only."""
    item = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=2)
    item.set_target_months([3, 6, 9, 12])
    item.full_clean()
    item.save()
    return item


def test_a_set_reads_as_its_months(quarterly, seed_plan):
    assert quarterly.target_months == [3, 6, 9, 12]
    assert (quarterly.target_start_month, quarterly.target_end_month) == (3, 12)
    assert quarterly.target_period_display == "Maret, Juni, September dan Desember 2025"
    full = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=3)
    assert full.target_period_display == "Januari – Desember 2025"


def test_an_unbroken_run_is_stored_as_a_range(quarterly):
    quarterly.set_target_months([4, 5, 6])
    quarterly.save()
    quarterly.refresh_from_db()
    assert (quarterly.target_start_month, quarterly.target_end_month, quarterly.target_months) == (4, 6, [4, 5, 6])


def test_only_months_of_the_set_are_due(quarterly, seed_plan):
    due_in = {
        m: set(ActionItem.objects.filter(area__plan=seed_plan).in_month(m).values_list("pk", flat=True)) for m in (4, 6)
    }
    assert quarterly.pk not in due_in[4] and quarterly.pk in due_in[6]


def test_status_counts_ended_months_of_the_set_only(quarterly, koordinator):
    # Judged on 15 July 2025: March and June have ended; a report for April does not count.
    ProgressEntry.objects.create(item=quarterly, month=3, percent=10, entered_by=koordinator, updated_by=koordinator)
    row = ActionItem.objects.with_status(today=date(2025, 7, 15)).get(pk=quarterly.pk)
    assert (row.expected_months, row.reported_months, row.status) == (2, 1, ItemStatus.TERLAMBAT)
    # 50 %: June's target in the even spread over four months, so the row is on target.
    ProgressEntry.objects.create(item=quarterly, month=6, percent=50, entered_by=koordinator, updated_by=koordinator)
    row = ActionItem.objects.with_status(today=date(2025, 7, 15)).get(pk=quarterly.pk)
    assert (row.expected_months, row.reported_months, row.status) == (2, 2, ItemStatus.BERJALAN)


def test_a_month_outside_the_set_cannot_be_reported(quarterly):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        progress_validate(item=quarterly, month=4, data={"percent": 10}, today=date(2025, 12, 31))
    assert "month" in error.value.message_dict


def test_no_month_of_the_span_is_an_error(quarterly):
    from django.core.exceptions import ValidationError

    quarterly.target_start_month, quarterly.target_end_month = 4, 5
    with pytest.raises(ValidationError) as error:
        quarterly.full_clean()
    assert "target_month_mask" in error.value.message_dict


def test_the_row_editor_ticks_the_months_of_a_set(client, koordinator, seed_plan):
    """The editor's 12 month boxes as rendered: untick all but March, June, September, December."""
    from django.urls import reverse

    from zi_tracker.formdata import form_post_data, rendered_form

    item = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=2)
    url = reverse("actionplan:item_edit", args=[item.pk])
    client.force_login(koordinator)
    html = client.get(url).content.decode()
    form = rendered_form(html, action="")  # the editor posts to its own URL
    assert [v for n, v in form["fields"] if n == "target_month_mask"] == [str(m) for m in range(1, 13)]
    data = form_post_data(form, {"target_month_mask": [3, 6, 9, 12], "reason": "Target per triwulan"})
    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert (
        item.target_months == [3, 6, 9, 12] and item.target_period_display == "Maret, Juni, September dan Desember 2025"
    )
