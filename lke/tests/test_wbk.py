"""The Menuju WBK a unit holds (the WBBM precondition): recorded with its decree, in the history, in the verdict."""

import re
from datetime import date

import pytest
from django.urls import reverse

from actionplan.sample import plan_generate
from lke.models import Assessment, Version
from lke.selectors import catalogue_snapshot, plan_assessment_scored
from lke.services import answers_save, assessment_open, assessment_wbk_set
from lke.tests.test_scoring import TOP, answered
from zi_tracker.formdata import form_post_data, rendered_form

pytestmark = pytest.mark.django_db


def wbk_url(plan):
    return reverse("lke:wbk", args=[plan.pk])


def post_rendered(client, plan, changes):
    form = rendered_form(client.get(wbk_url(plan)).content.decode(), form_id="wbk-form")
    return client.post(wbk_url(plan), form_post_data(form, changes))


def all_top(plan, by):
    catalogue = catalogue_snapshot(version=Version.objects.get(code="permenpanrb-90-2021"))
    rows = {q: {"answer": a, "counts": c, "note": ""} for q, (a, c) in answered(catalogue, TOP).items()}
    answers_save(assessment=assessment_open(plan=plan), column="unit", rows=rows, by=by)


def test_coordinator_records_menuju_wbk_and_the_wbbm_verdict_follows(client, koordinator, seed_plan):
    """Every answer at the top (100): Menuju WBBM fails only on its precondition until the decree
    is recorded; then the score page names the decree beside the verdict."""
    all_top(seed_plan, koordinator)
    assert [f["figure"] for f in plan_assessment_scored(plan=seed_plan).unit.predikat["wbbm"]["fails"]] == ["requires"]
    client.force_login(koordinator)
    score = client.get(reverse("lke:score", args=[seed_plan.pk])).content.decode()
    assert "Belum tercatat predikat Menuju WBK" in score and 'id="wbk-edit"' in score
    response = post_rendered(
        client,
        seed_plan,
        {
            "holds_wbk": "on",
            "granted_by": "tpn",
            "decree_number": " 210/2024 ",
            "decree_date": "2024-12-10",
            "reason": "SK diterima",
        },
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.holds_wbk, assessment.wbk_decree_number, str(assessment.wbk_decree_date)) == (
        True,
        "210/2024",
        "2024-12-10",
    )
    scored = plan_assessment_scored(plan=seed_plan)
    assert scored.unit.predikat["wbbm"]["met"]
    score = client.get(reverse("lke:score", args=[seed_plan.pk])).content.decode()
    assert "Keputusan 210/2024 tanggal 10 Desember 2024 (Keputusan Menteri PANRB" in score
    card = client.get(reverse("lke:summary", args=[seed_plan.pk])).content.decode()
    assert "210/2024" in card
    record = assessment.history.order_by("-history_id").first()
    assert (record.history_user, record.history_change_reason) == (koordinator, "SK diterima")
    page = client.get(wbk_url(seed_plan)).content.decode()
    history = page.split('id="wbk-history"', 1)[1]
    assert "210/2024" in history and "SK diterima" in history and koordinator.get_full_name() in history


def test_unticking_clears_the_decree_and_both_changes_stay_in_the_history(client, koordinator, seed_plan):
    """The decree's fields still hold the old decree when the box is unticked: they are cleared with it."""
    client.force_login(koordinator)
    post_rendered(
        client,
        seed_plan,
        {"holds_wbk": "on", "granted_by": "mandiri", "decree_number": "210/2024", "decree_date": "2024-12-10"},
    )
    response = post_rendered(client, seed_plan, {"holds_wbk": None, "reason": "Predikat dicabut"})
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.holds_wbk, assessment.wbk_granted_by, assessment.wbk_decree_number) == (False, "", "")
    assert assessment.wbk_decree_date is None
    history = client.get(wbk_url(seed_plan)).content.decode().split('id="wbk-history"', 1)[1]
    assert history.count("list-group-item") == 2
    assert history.index("Predikat dicabut") < history.index("210/2024")  # newest first
    # saving the same again writes no history
    count = assessment.history.count()
    post_rendered(client, seed_plan, {})
    assert assessment.history.count() == count


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"holds_wbk": "on", "granted_by": "tpn", "decree_number": "", "decree_date": "2024-12-10"},
            "decree_number",
            "Isikan nomor",
        ),
        (
            {"holds_wbk": "on", "granted_by": "tpn", "decree_number": "210/2024", "decree_date": ""},
            "decree_date",
            "Isikan tanggal",
        ),
        (
            {"holds_wbk": "on", "granted_by": "tpn", "decree_number": "1", "decree_date": "2026-07-01"},
            "decree_date",
            "masa depan",
        ),
        ({"holds_wbk": "on", "decree_number": "1", "decree_date": "2024-12-10"}, "granted_by", "Menteri atau"),
        # the 2025 assessment cannot rest on a decree of 2026 (today is 15 June 2026)
        (
            {"holds_wbk": "on", "granted_by": "tpn", "decree_number": "1", "decree_date": "2026-01-05"},
            "decree_date",
            "tahun 2026",
        ),
        (
            {"holds_wbk": "on", "granted_by": "tpn", "decree_number": "1", "decree_date": "10-12-2024x"},
            "decree_date",
            "tanggal",
        ),
    ],
)
def test_a_bad_record_saves_nothing_and_says_why(client, koordinator, seed_plan, changes, field, message):
    client.force_login(koordinator)
    response = post_rendered(client, seed_plan, changes)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert message in html.split(f'id="error_1_id_{field}"', 1)[1][:300]  # shown on its own field
    assert not Assessment.objects.exists()  # not even the assessment the record would have opened


def test_only_the_coordinator_records_and_only_in_their_office(client, pic, pimpinan, penilai, outsider, seed_plan):
    for user in (pic, pimpinan, penilai):
        client.force_login(user)
        assert client.get(wbk_url(seed_plan)).status_code == 403
        assert client.post(wbk_url(seed_plan), {"holds_wbk": "on"}).status_code == 403
        score = client.get(reverse("lke:score", args=[seed_plan.pk])).content.decode()
        assert 'id="wbk-edit"' not in score and "data-wbk-record" in score
    client.force_login(outsider)
    assert client.get(wbk_url(seed_plan)).status_code == 404
    assert client.post(wbk_url(seed_plan), {"holds_wbk": "on"}).status_code == 404
    assert not Assessment.objects.exists()


def test_a_later_years_assessment_starts_from_the_wbk_already_held(koordinator, seed_plan, serang, other_unit):
    """The 2025 assessment records the decree; the unit's 2026 plan shows it before its first save
    and keeps it when its assessment is opened. Another office's assessment does not get it."""
    assessment_wbk_set(
        plan=seed_plan,
        holds_wbk=True,
        granted_by="tpn",
        decree_number="210/2024",
        decree_date=date(2024, 12, 10),
        by=koordinator,
    )
    later = plan_generate(unit=serang, year=2026, items=3)
    assert plan_assessment_scored(plan=later).assessment.holds_wbk
    opened = assessment_open(plan=later)
    assert (opened.holds_wbk, opened.wbk_granted_by, opened.wbk_decree_number) == (True, "tpn", "210/2024")
    elsewhere = plan_generate(unit=other_unit, year=2026, items=3)
    assert not assessment_open(plan=elsewhere).holds_wbk


def test_the_simulator_may_try_holding_menuju_wbk(client, koordinator, seed_plan):
    client.force_login(koordinator)
    html = client.get(reverse("lke:score", args=[seed_plan.pk])).content.decode()
    [box] = re.findall(r"<input[^>]*data-sim-holds-wbk[^>]*>", html)
    assert " checked" not in box
    assessment_wbk_set(
        plan=seed_plan,
        holds_wbk=True,
        granted_by="tpn",
        decree_number="1",
        decree_date=date(2024, 12, 10),
        by=koordinator,
    )
    html = client.get(reverse("lke:score", args=[seed_plan.pk])).content.decode()
    [box] = re.findall(r"<input[^>]*data-sim-holds-wbk[^>]*>", html)
    assert " checked" in box
