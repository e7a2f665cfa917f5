"""What a meeting and a recommendation may be, who may follow one up, and what a follow-up stores."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Section
from monitoring.models import FollowUpDocument, MonevSession, Recommendation
from monitoring.services import (
    recommendation_add,
    recommendation_follow_up,
    recommendation_reopen,
    recommendation_update,
    session_save,
)
from monitoring.tests.conftest import pdf_upload, post_rendered
from notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db

MEETING = {"place": "", "attendees": "Ahmad", "conclusions": ""}


@pytest.mark.parametrize(
    "period, held_on, message",
    [
        ("3", date(2026, 6, 16), "tanggalnya masih di masa depan"),
        ("q2", date(2025, 3, 31), "sebelum periode itu dimulai"),
        ("h1", date(2025, 7, 1), "Pilih bulan, triwulan, semester atau tahun"),
    ],
)
def test_a_meeting_is_held_in_or_after_its_period_and_not_in_the_future(
    seed_plan, koordinator, period, held_on, message
):
    with pytest.raises(ValidationError, match=message):
        session_save(plan=seed_plan, data={**MEETING, "period": period, "held_on": held_on}, by=koordinator)
    assert not MonevSession.objects.exists()


def test_one_meeting_per_period_the_form_says_so(client, seed_plan, koordinator, march_meeting):
    client.force_login(koordinator)
    response = post_rendered(
        client,
        reverse("monitoring:session_create", args=[seed_plan.pk]),
        form_id="session-form",
        changes={"period": "3", "held_on": "2025-04-20", "attendees": "Ahmad"},
    )
    assert response.status_code == 400
    assert "Rencana ini sudah memiliki rapat Monev untuk periode tersebut." in response.content.decode()
    assert MonevSession.objects.count() == 1


def test_an_owner_belongs_to_the_meetings_office(march_meeting, koordinator, outsider, other_unit):
    foreign = Section.objects.create(unit=other_unit, name="Sub Bagian Umum")
    for owner in (foreign, outsider):
        with pytest.raises(ValidationError):
            recommendation_add(session=march_meeting, text="X", owner=owner, due_on=date(2025, 5, 1), by=koordinator)
    assert not Recommendation.objects.exists()
    assert not Notification.objects.filter(kind=Kind.RECOMMENDATION).exists()


def test_the_owner_select_offers_only_this_offices_sections_and_people(
    client, march_meeting, koordinator, pic, outsider
):
    client.force_login(koordinator)
    page = client.get(reverse("monitoring:session", args=[march_meeting.pk])).content.decode()
    select = page.split('name="owner"')[1].split("</select>")[0]
    assert "Parmas &amp; SDM" in select or "Partisipasi" in select
    assert f'value="u:{pic.pk}"' in select and f'value="u:{outsider.pk}"' not in select


def test_only_the_owner_or_a_coordinator_follows_up(client, march_meeting, koordinator, pic, pimpinan, penilai, parmas):
    recommendation = recommendation_add(
        session=march_meeting, text="Sosialisasi", owner=koordinator, due_on=date(2025, 5, 1), by=koordinator
    )
    url = reverse("monitoring:follow_up", args=[recommendation.pk])
    for user in (pic, pimpinan, penilai):  # the PIC is not its owner: it is the coordinator's own
        client.force_login(user)
        assert client.post(url, {"note": "x"}).status_code == 403
    page = client.get(reverse("monitoring:recommendation", args=[recommendation.pk])).content.decode()
    assert 'id="follow-up-form"' not in page
    recommendation_update(
        recommendation=recommendation, text="Sosialisasi", owner=parmas, due_on=date(2025, 5, 1), by=koordinator
    )
    client.force_login(pic)  # now their section's
    assert client.post(url, {"note": "Sudah"}).status_code == 302
    assert Recommendation.objects.get().follow_up == "Sudah"


def test_a_new_owner_is_told_and_the_same_owner_is_not_told_twice(march_meeting, koordinator, pic, parmas):
    recommendation = recommendation_add(
        session=march_meeting, text="Sosialisasi", owner=koordinator, due_on=date(2025, 5, 1), by=koordinator
    )
    notices = Notification.objects.filter(kind=Kind.RECOMMENDATION)
    assert list(notices.values_list("user__username", flat=True)) == ["rahmat"]
    for due in (date(2025, 5, 2), date(2025, 5, 3)):  # the owner unchanged: no new notice
        recommendation_update(
            recommendation=recommendation, text="Sosialisasi", owner=koordinator, due_on=due, by=koordinator
        )
    recommendation_update(
        recommendation=recommendation, text="Sosialisasi", owner=pic, due_on=date(2025, 5, 3), by=koordinator
    )
    assert sorted(notices.values_list("user__username", flat=True)) == ["dewi", "rahmat"]


def test_the_same_file_twice_is_stored_once_and_nothing_is_ever_overwritten(march_meeting, koordinator, pic, parmas):
    recommendation = recommendation_add(
        session=march_meeting, text="Sosialisasi", owner=parmas, due_on=date(2025, 5, 1), by=koordinator
    )
    recommendation_follow_up(recommendation=recommendation, note="1", uploads=[pdf_upload()], done=False, by=pic)
    recommendation_follow_up(
        recommendation=recommendation,
        note="2",
        uploads=[pdf_upload(), pdf_upload("foto.pdf", "foto")],
        done=False,
        by=pic,
    )
    names = list(FollowUpDocument.objects.values_list("original_name", "file"))
    assert [n for n, _f in names] == ["notulen.pdf", "foto.pdf"] and len({f for _n, f in names}) == 2


def test_done_can_be_reopened_by_the_coordinator_with_a_reason(client, march_meeting, koordinator, pic, parmas):
    recommendation = recommendation_add(
        session=march_meeting, text="Sosialisasi", owner=parmas, due_on=date(2025, 5, 1), by=koordinator
    )
    recommendation_follow_up(recommendation=recommendation, note="Sudah", uploads=[pdf_upload()], done=True, by=pic)
    with pytest.raises(ValidationError, match="sudah selesai"):
        recommendation_follow_up(recommendation=recommendation, note="lagi", uploads=[], done=False, by=pic)
    client.force_login(koordinator)
    page_url = reverse("monitoring:recommendation", args=[recommendation.pk])
    assert post_rendered(client, page_url, form_id="reopen-form", changes={"reason": ""}).status_code == 400
    response = post_rendered(client, page_url, form_id="reopen-form", changes={"reason": "Bukti belum memadai"})
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == "open" and recommendation.done_on is None
    assert recommendation.documents.count() == 1  # its files stay
    assert recommendation.history.latest().history_change_reason == "Bukti belum memadai"
    assert "Bukti belum memadai" in client.get(page_url).content.decode()
    # The owner hears that it is open again.
    assert Notification.objects.filter(user=pic, kind=Kind.RECOMMENDATION, event__contains=":reopened:").exists()
    with pytest.raises(ValidationError, match="masih terbuka"):
        recommendation_reopen(recommendation=recommendation, reason="x", by=koordinator)


def test_a_draft_plans_recommendation_notifies_nobody(seed_plan, koordinator, pic, parmas):
    from actionplan.models import Plan

    Plan.objects.filter(pk=seed_plan.pk).update(status=Plan.Status.DRAFT)
    seed_plan.refresh_from_db()
    session = session_save(plan=seed_plan, data={**MEETING, "period": "1", "held_on": date(2025, 2, 3)}, by=koordinator)
    recommendation_add(session=session, text="X", owner=parmas, due_on=date(2025, 3, 1), by=koordinator)
    assert not Notification.objects.filter(kind=Kind.RECOMMENDATION).exists()
