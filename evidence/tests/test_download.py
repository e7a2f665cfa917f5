"""Downloads: only through the permission-checking view, as an attachment, never sniffed."""

import pytest
from django.conf import settings
from django.urls import reverse

from evidence.models import Evidence
from evidence.tests.conftest import file, make_pdf, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client, pic, pic_row):
    client.force_login(pic)
    upload(client, pic_row, file('Daftar Hadir Rapat Évaluasi "final".pdf', make_pdf()))
    return Evidence.objects.get()


def test_member_downloads_with_safe_headers(client, pimpinan, document):
    client.force_login(pimpinan)
    response = client.get(reverse("evidence:download", args=[document.current_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''Daftar%20Hadir%20Rapat%20%C3%89valuasi%20%22final%22.pdf" in disposition
    assert b"".join(response.streaming_content) == document.current.file.open("rb").read()


def test_user_of_another_unit_gets_404(client, outsider, document):
    client.force_login(outsider)
    assert client.get(reverse("evidence:download", args=[document.current_id])).status_code == 404


def test_anonymous_is_sent_to_login(client, document):
    client.logout()
    response = client.get(reverse("evidence:download", args=[document.current_id]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_no_public_url_serves_evidence(client, pimpinan, document):
    client.force_login(pimpinan)
    assert not settings.MEDIA_URL or settings.MEDIA_URL == "/"
    for url in [
        f"/media/{document.current.file.name}",
        f"/{document.current.file.name}",
        f"/static/{document.current.file.name}",
    ]:
        assert client.get(url).status_code == 404


def test_earlier_revisions_are_for_reviewers_and_their_uploader(client, pic, pimpinan, penilai, document):
    first = document.current
    client.force_login(penilai)
    client.post(
        reverse("evidence:review", args=[document.pk]),
        {"revision": first.pk, "decision": "perlu_perbaikan", "note": "ulang"},
    )
    client.force_login(pic)
    client.post(reverse("evidence:replace", args=[document.pk]), {"file": file("v2.pdf", make_pdf("v2"))})
    client.force_login(pimpinan)
    assert client.get(reverse("evidence:download", args=[first.pk])).status_code == 403
    for user in [penilai, pic]:
        client.force_login(user)
        assert client.get(reverse("evidence:download", args=[first.pk])).status_code == 200
