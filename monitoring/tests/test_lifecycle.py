"""A recommendation's life: a Monev meeting, its owner told, the follow-up with its evidence, the next Monev."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from evidence.tests.conftest import make_pdf
from monitoring.models import FollowUpDocument, MonevSession, Recommendation
from monitoring.tests.conftest import post_rendered
from notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    content = b"".join(response.streaming_content)
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages))


def test_a_recommendation_from_a_meeting_to_its_evidence_and_into_the_next_monev(
    client, seed_plan, koordinator, pic, pimpinan, penilai, parmas, outsider
):
    # The coordinator records March's meeting as its form renders.
    client.force_login(koordinator)
    response = post_rendered(
        client,
        reverse("monitoring:session_create", args=[seed_plan.pk]),
        form_id="session-form",
        changes={
            "period": "3",
            "held_on": "2025-04-08",
            "attendees": "Ahmad, Sekretaris\nDewi, Parmas & SDM",
            "conclusions": "Bukti fisik Area III belum lengkap.",
        },
    )
    march = MonevSession.objects.get(plan=seed_plan, period="3")
    assert response.status_code == 302 and response["Location"] == reverse("monitoring:session", args=[march.pk])

    # … and leadership's recommendation, owned by the PIC's section.
    response = post_rendered(
        client,
        reverse("monitoring:session", args=[march.pk]),
        form_id="recommendation-form",
        changes={"text": "Lengkapi bukti fisik Area III", "owner": f"s:{parmas.pk}", "due_on": "2025-05-15"},
    )
    assert response.status_code == 302
    recommendation = Recommendation.objects.get(session=march)
    assert (recommendation.number, recommendation.status, recommendation.owner_section) == (1, "open", parmas)

    # Its owner hears of it, once; nobody else does, in this office or the other.
    notices = Notification.objects.filter(kind=Kind.RECOMMENDATION)
    assert [n.user for n in notices] == [pic]
    assert "Lengkapi bukti fisik Area III" in notices.get().message and "15 Mei 2025" in notices.get().message

    # It shows on the PIC's Pekerjaan saya (the card fetched after the page) and on the dashboard.
    client.force_login(pic)
    assert reverse("monitoring:mine_card") in client.get(reverse("actionplan:my_work")).content.decode()
    card = client.get(reverse("monitoring:mine_card")).content.decode()
    assert "Lengkapi bukti fisik Area III" in card
    client.force_login(pimpinan)
    assert (
        reverse("monitoring:plan_open", args=[seed_plan.pk])
        in client.get(reverse("reports:dashboard", args=[seed_plan.pk])).content.decode()
    )
    assert (
        "Lengkapi bukti fisik Area III"
        in client.get(reverse("monitoring:plan_open", args=[seed_plan.pk])).content.decode()
    )
    client.force_login(outsider)
    assert "Lengkapi" not in client.get(reverse("monitoring:mine_card")).content.decode()

    # Done without evidence, or with a file that is not a document: refused, nothing stored.
    client.force_login(pic)
    page_url = reverse("monitoring:recommendation", args=[recommendation.pk])
    response = post_rendered(
        client, page_url, form_id="follow-up-form", changes={"note": "Sudah dilengkapi", "done": "on"}
    )
    assert (
        response.status_code == 400
        and "Unggah bukti tindak lanjut sebelum menandainya selesai" in response.content.decode()
    )
    html = SimpleUploadedFile("bukti.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = post_rendered(
        client, page_url, form_id="follow-up-form", changes={"note": "Sudah", "done": "on"}, files={"files": html}
    )
    assert response.status_code == 400 and "bukan dokumen yang diterima" in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.status == "open" and not recommendation.follow_up
    assert not FollowUpDocument.objects.exists() and not default_storage.exists("followup")

    # The follow-up in words, its evidence, done.
    notulen = make_pdf("Notulen rapat pelengkapan bukti Area III")
    response = post_rendered(
        client,
        page_url,
        form_id="follow-up-form",
        changes={"note": "Bukti Area III dilengkapi pada rapat 2 Mei.", "done": "on"},
        files={"files": SimpleUploadedFile("notulen.pdf", notulen)},
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.done_by) == ("done", pic)
    document = recommendation.documents.get()
    assert re.fullmatch(r"followup/[0-9a-f]{32}", document.file.name) and document.content_type == "application/pdf"
    assert default_storage.open(document.file.name).read() == notulen
    assert Notification.objects.get(kind=Kind.RECOMMENDATION).read_at is not None  # dealt with

    # Leadership downloads it; the other office cannot.
    client.force_login(pimpinan)
    download = client.get(reverse("monitoring:download", args=[document.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == notulen
    assert download["X-Content-Type-Options"] == "nosniff" and "attachment" in download["Content-Disposition"]
    client.force_login(outsider)
    assert client.get(reverse("monitoring:download", args=[document.pk])).status_code == 404
    assert client.get(page_url).status_code == 404

    # The next Monev (Triwulan II) lists it and what became of it.
    client.force_login(koordinator)
    post_rendered(
        client,
        reverse("monitoring:session_create", args=[seed_plan.pk]),
        form_id="session-form",
        changes={"period": "q2", "held_on": "2025-07-10", "attendees": "Ahmad, Sekretaris"},
    )
    june = MonevSession.objects.get(plan=seed_plan, period="q2")
    page = client.get(reverse("monitoring:session", args=[june.pk])).content.decode()
    carried = page.split('id="carried-recommendations"')[1].split("</table>")[0]
    assert "Lengkapi bukti fisik Area III" in carried and "notulen.pdf" in carried and "Selesai" in carried

    # And so do the two Laporan Monev.
    march_pdf = pdf_text(client.get(reverse("reports:monev_pdf", args=[seed_plan.pk]), {"period": "3"}))
    assert "A. Kesimpulan" in march_pdf and "Bukti fisik Area III belum lengkap." in march_pdf
    assert "B. Rekomendasi / Arahan Pimpinan" in march_pdf and "Lengkapi bukti fisik Area III" in march_pdf
    june_pdf = pdf_text(client.get(reverse("reports:monev_pdf", args=[seed_plan.pk]), {"period": "q2"}))
    section_c = june_pdf.split("C. Tindak Lanjut Rekomendasi Monev Sebelumnya")[1]
    assert "Rapat Monev Maret 2025, 8 April 2025: 1 dari 1 rekomendasi selesai ditindaklanjuti." in section_c
    assert "Lengkapi bukti fisik Area III" in section_c and "Bukti: notulen.pdf" in section_c
    assert "Selesai (" in section_c and "Bukti Area III dilengkapi pada rapat 2 Mei." in section_c
