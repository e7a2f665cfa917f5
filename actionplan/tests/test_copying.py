"""Copy a plan to next year: a new draft with everything but the year's work, the original untouched."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actionplan.copying import plan_copy
from actionplan.models import ActionItem, EvidenceRequirement, Plan, ProgressEntry
from actionplan.sample import plan_generate
from zi_tracker.formdata import form_post_data, rendered_form

pytestmark = pytest.mark.django_db


def snapshot(plan: Plan) -> list[tuple]:
    """Everything a plan's Lampiran shows, row by row, with requirements and PICs."""
    rows = []
    for item in (
        ActionItem.objects.filter(area__plan=plan).select_related("area").prefetch_related("requirements", "pics")
    ):
        rows.append(
            (
                item.area.order,
                item.area.numeral,
                item.area.title,
                item.number,
                item.komponen,
                item.indikator,
                item.langkah_aksi,
                item.bukti_fisik,
                tuple(item.target_months),
                item.target_year,
                item.target_text,
                item.section_id,
                item.decree_note,
                tuple(r.name for r in item.requirements.all()),
                tuple(sorted(p.pk for p in item.pics.all())),
            )
        )
    return sorted(rows)


def test_the_copy_has_every_row_with_months_moved_and_no_progress(seed_plan, koordinator, pic, open_row):
    ProgressEntry.objects.create(item=open_row, month=1, percent=10, activity="Mulai", entered_by=pic, updated_by=pic)
    before = snapshot(seed_plan)
    copy = plan_copy(plan=seed_plan, year=2026, decree_number="17/PP.06-Kpt/2026", by=koordinator)

    assert (copy.year, copy.status, copy.unit_id) == (2026, Plan.Status.DRAFT, seed_plan.unit_id)
    assert "2026" in copy.title and "2025" not in copy.lampiran_title and copy.signed_on.year == 2026
    copied = snapshot(copy)
    assert len(copied) == len(before) == 23
    for old, new in zip(before, copied, strict=True):
        old_year = old[9]
        assert new[9] == old_year + 1
        assert new[10] == old[10].replace(str(old_year), str(old_year + 1))
        assert new[:9] + new[11:] == old[:9] + old[11:]  # same texts, months, section, requirements, PICs
    assert any("2026" in row[10] for row in copied)
    assert not ProgressEntry.objects.filter(item__area__plan=copy).exists()
    assert [(c.part, c.label, c.text) for c in copy.clauses.all()] == [
        (c.part, c.label, c.text) for c in seed_plan.clauses.all()
    ]

    # A change to the copy leaves the original as it was.
    row = ActionItem.objects.filter(area__plan=copy).order_by("pk").first()
    row.komponen = "Diubah di salinan"
    row.save()
    row.pics.clear()
    EvidenceRequirement.objects.filter(item=row).delete()
    copy.areas.filter(numeral="VI").delete()
    assert snapshot(seed_plan) == before
    assert Plan.objects.get(pk=seed_plan.pk).status == Plan.Status.DITETAPKAN


def test_a_second_copy_with_the_same_number_is_refused(seed_plan, koordinator):
    plan_copy(plan=seed_plan, year=2026, decree_number="1", by=koordinator)
    with pytest.raises(ValidationError) as refused:
        plan_copy(plan=seed_plan, year=2026, decree_number="1", by=koordinator)
    assert "decree_number" in refused.value.error_dict
    assert Plan.objects.filter(year=2026).count() == 1


def test_the_copy_costs_the_same_queries_for_23_and_230_rows(
    seed_plan, other_unit, koordinator, django_assert_num_queries
):
    big = Plan.objects.get(pk=plan_generate(unit=other_unit, year=2025, items=230).pk)
    with django_assert_num_queries(14):
        plan_copy(plan=seed_plan, year=2026, decree_number="A", by=koordinator)
    with django_assert_num_queries(14):
        copy = plan_copy(plan=big, year=2026, decree_number="B", by=koordinator)
    assert ActionItem.objects.filter(area__plan=copy).count() == 230
    assert EvidenceRequirement.objects.filter(item__area__plan=copy).count() == 460


def test_the_copy_keeps_the_rows_monthly_targets(seed_plan, koordinator):
    """A plan of monthly targets is part of the row, like its months: next year's draft starts from it."""
    from actionplan.targets import item_targets_set, schedule

    row = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=2)
    row.set_target_months([3, 7, 12])
    row.save()
    item_targets_set(item=row, percents={3: "10", 7: "40", 12: "100"}, by=koordinator, reason="Rencana")
    copy = plan_copy(plan=seed_plan, year=2026, decree_number="C", by=koordinator)
    copied = ActionItem.objects.get(area__plan=copy, area__numeral="I", number=2)
    assert schedule(copied) == schedule(row) == {3: 10, 7: 40, 12: 100}
    others = ActionItem.objects.filter(area__plan=copy).exclude(pk=copied.pk)
    assert not others.filter(targets__isnull=False).exists()


def test_the_coordinator_copies_from_the_plan_page(client, koordinator, seed_plan):
    client.force_login(koordinator)
    page = client.get(reverse("actionplan:plan_detail", args=[seed_plan.pk])).content.decode()
    url = reverse("actionplan:plan_copy", args=[seed_plan.pk])
    assert url in page
    form = rendered_form(client.get(url).content.decode(), action="")
    assert dict(form["fields"])["year"] == "2026"
    response = client.post(url, form_post_data(form, {"decree_number": "17/PP.06-Kpt/2026"}))
    copy = Plan.objects.get(year=2026)
    assert response.status_code == 302 and response.url == reverse("actionplan:plan_detail", args=[copy.pk])
    assert copy.status == Plan.Status.DRAFT and copy.decree_number == "17/PP.06-Kpt/2026"


def test_a_draft_copy_sends_its_pics_no_reminders(seed_plan, koordinator, pic):
    from django.utils import timezone

    from reminders.selectors import pic_reminders

    today = timezone.localdate()
    before = {(r.user.pk, len(r.due), len(r.late)) for r in pic_reminders(today=today)}
    plan_copy(plan=seed_plan, year=today.year, decree_number="copy", by=koordinator)
    assert {(r.user.pk, len(r.due), len(r.late)) for r in pic_reminders(today=today)} == before


def test_a_draft_copy_is_not_on_its_pics_work_page(client, seed_plan, koordinator, pic):
    client.force_login(pic)
    before = client.get(reverse("actionplan:my_work")).context
    counts = (len(before["items"]), len(before["missing"]))
    copy = plan_copy(plan=seed_plan, year=2026, decree_number="copy", by=koordinator)
    after = client.get(reverse("actionplan:my_work"))
    assert (len(after.context["items"]), len(after.context["missing"])) == counts
    assert f"/plans/{copy.pk}/" not in after.content.decode()
