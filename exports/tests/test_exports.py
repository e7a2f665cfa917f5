"""Large exports through the background worker: the rule, the same file as the immediate path, scope, failure, expiry."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from actionplan.models import ActionItem
from evidence.models import EvidenceRevision
from evidence.tests.conftest import file, make_pdf, make_png, upload
from evidence.tests.test_bundle import accept_all
from exports.models import Export, ExportState
from zi_tracker.export_size import export_in_background

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(client, pic, penilai, seed_plan):
    """Three accepted files of row III.3 of the seed plan (two with the same name)."""
    sk_row = ActionItem.objects.get(area__plan=seed_plan, area__numeral="III", number=3)
    sk_row.pics.add(pic)
    client.force_login(pic)
    upload(client, sk_row, file("Surat Tugas.pdf", make_pdf("satu")), month=3)
    upload(client, sk_row, file("Surat Tugas.pdf", make_pdf("dua")), month=3)
    upload(client, sk_row, file("foto.png", make_png(7)))
    accept_all(client, penilai)
    client.logout()
    return seed_plan


def queue(client, url, query, callbacks):
    """Follow a download link to the export page, press "Prepare the file": the worker runs at commit."""
    response = client.get(url, query)
    assert response.status_code == 302 and "/exports/" in response.url
    page = client.get(response.url)
    assert page.status_code == 200
    with callbacks(execute=True):
        response = client.post(response.url, dict(page.context["parameters"]))
    assert response.status_code == 302
    return Export.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[1]))


def zip_contents(data: bytes) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    contents = {name: archive.read(name) for name in archive.namelist() if name != "daftar-bukti.xlsx"}
    index = load_workbook(io.BytesIO(archive.read("daftar-bukti.xlsx"))).active
    return {
        "names": archive.namelist(),
        "files": contents,
        "index": [[c.value for c in r] for r in index.iter_rows(min_row=4)],
    }


def test_the_rule_reads_the_settings(settings):
    settings.ZI_EXPORT_BACKGROUND_ROWS, settings.ZI_EXPORT_BACKGROUND_FILES = 300, 2000
    settings.ZI_EXPORT_BACKGROUND_BYTES = 500 * 1024 * 1024
    assert not export_in_background(rows=300) and export_in_background(rows=301)
    assert not export_in_background(files=2000, size=10) and export_in_background(files=2001)
    assert export_in_background(files=3, size=500 * 1024 * 1024 + 1)


def test_a_small_bundle_stays_immediate_and_its_export_page_sends_there(client, accepted, koordinator):
    client.force_login(koordinator)
    response = client.get(reverse("evidence:bundle", args=[accepted.pk]))
    assert response.status_code == 200 and response.streaming
    response = client.get(reverse("exports:new", args=[accepted.pk, "bundle"]))
    assert response.status_code == 302 and response.url == reverse("evidence:bundle", args=[accepted.pk])
    assert not Export.objects.exists()


def test_a_large_bundle_is_built_by_the_worker_with_the_same_contents(
    client, accepted, koordinator, settings, django_capture_on_commit_callbacks
):
    client.force_login(koordinator)
    immediate = zip_contents(b"".join(client.get(reverse("evidence:bundle", args=[accepted.pk])).streaming_content))
    settings.ZI_EXPORT_BACKGROUND_FILES = 2
    export = queue(client, reverse("evidence:bundle", args=[accepted.pk]), {}, django_capture_on_commit_callbacks)
    export.refresh_from_db()
    assert export.state == ExportState.DONE and export.progress == 100 and export.error == ""
    assert export.expires_at == export.finished_at + timedelta(hours=settings.ZI_EXPORT_KEEP_HOURS)
    page = client.get(reverse("exports:detail", args=[export.pk]))
    assert reverse("exports:download", args=[export.pk]).encode() in page.content
    response = client.get(reverse("exports:download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bukti-kpts-995-2025-kpu-kab-serang.zip"'
    data = b"".join(response.streaming_content)
    assert export.size == len(data)
    background = zip_contents(data)
    assert background["names"] == immediate["names"] and len(background["files"]) == 3
    assert background["files"] == immediate["files"]
    assert background["index"][1:] == immediate["index"][1:]  # the header row and every file's row


def test_a_large_monev_goes_to_the_worker_with_the_same_workbook(
    client, koordinator, seed_plan, settings, django_capture_on_commit_callbacks
):
    client.force_login(koordinator)
    url = reverse("reports:monev_xlsx", args=[seed_plan.pk])
    immediate = client.get(url, {"period": "3"})
    assert immediate.status_code == 200
    settings.ZI_EXPORT_BACKGROUND_ROWS = 5  # the seed plan has 23 rows
    export = queue(client, url, {"period": "3"}, django_capture_on_commit_callbacks)
    export.refresh_from_db()
    assert export.state == ExportState.DONE and export.parameters["period"] == "3"
    response = client.get(reverse("exports:download", args=[export.pk]))
    assert response["Content-Disposition"] == immediate["Content-Disposition"]

    def cells(data):
        book = load_workbook(io.BytesIO(data))
        return [[c.value for c in row] for sheet in book for row in sheet.iter_rows()]

    assert cells(b"".join(response.streaming_content)) == cells(b"".join(immediate.streaming_content))


def test_a_large_monev_pdf_is_queued_from_its_button(
    client, koordinator, seed_plan, settings, django_capture_on_commit_callbacks
):
    client.force_login(koordinator)
    settings.ZI_EXPORT_BACKGROUND_ROWS = 5
    export = queue(
        client, reverse("reports:monev_pdf", args=[seed_plan.pk]), {"period": "q1"}, django_capture_on_commit_callbacks
    )
    export.refresh_from_db()
    assert export.state == ExportState.DONE
    body = b"".join(client.get(reverse("exports:download", args=[export.pk])).streaming_content)
    assert body.startswith(b"%PDF") and export.filename.startswith("monev-") and export.filename.endswith(".pdf")


def test_a_missing_file_fails_the_export_in_indonesian_and_a_retry_succeeds(
    client, accepted, koordinator, settings, django_capture_on_commit_callbacks
):
    settings.ZI_EXPORT_BACKGROUND_FILES = 2
    revision = EvidenceRevision.objects.filter(original_name="foto.png").get()
    content = default_storage.open(revision.file.name).read()
    default_storage.delete(revision.file.name)
    client.force_login(koordinator)
    export = queue(client, reverse("evidence:bundle", args=[accepted.pk]), {}, django_capture_on_commit_callbacks)
    export.refresh_from_db()
    assert export.state == ExportState.FAILED and not export.file
    assert "berkas hilang dari penyimpanan" in export.error and "foto.png" in export.error
    page = client.get(reverse("exports:detail", args=[export.pk]))
    assert export.error in page.content.decode() and reverse("exports:retry", args=[export.pk]) in page.content.decode()
    assert client.get(reverse("exports:download", args=[export.pk])).status_code == 302  # nothing to fetch

    default_storage.save(revision.file.name, ContentFile(content))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("exports:retry", args=[export.pk])).status_code == 302
    export.refresh_from_db()
    assert export.state == ExportState.DONE and export.error == ""
    assert client.get(reverse("exports:download", args=[export.pk])).status_code == 200


def test_an_invalid_monev_period_fails_in_indonesian(
    client, koordinator, seed_plan, django_capture_on_commit_callbacks
):
    from exports.services import export_request

    with django_capture_on_commit_callbacks(execute=True):
        export = export_request(user=koordinator, plan=seed_plan, kind="monev_pdf", parameters={"period": "q9"})
    export.refresh_from_db()
    assert export.state == ExportState.FAILED
    assert export.error == "Periode atau penanda tangan yang dipilih tidak berlaku lagi; pilih ulang di halaman Monev."


def test_another_unit_or_another_person_gets_404(
    client, accepted, koordinator, pimpinan, outsider, settings, django_capture_on_commit_callbacks
):
    settings.ZI_EXPORT_BACKGROUND_FILES = 2
    client.force_login(koordinator)
    export = queue(client, reverse("evidence:bundle", args=[accepted.pk]), {}, django_capture_on_commit_callbacks)
    for user in (outsider, pimpinan):
        client.force_login(user)
        for name in ("detail", "status", "download"):
            assert client.get(reverse(f"exports:{name}", args=[export.pk])).status_code == 404
        assert client.post(reverse("exports:retry", args=[export.pk])).status_code == 404
    client.force_login(outsider)
    assert client.get(reverse("exports:new", args=[accepted.pk, "bundle"])).status_code == 404
    assert client.post(reverse("exports:new", args=[accepted.pk, "bundle"])).status_code == 404
    client.force_login(koordinator)
    assert client.get(reverse("exports:new", args=[accepted.pk, "lampiran"])).status_code == 404


def test_status_json_and_expiry(client, accepted, koordinator, settings, django_capture_on_commit_callbacks):
    settings.ZI_EXPORT_BACKGROUND_FILES = 2
    client.force_login(koordinator)
    export = queue(client, reverse("evidence:bundle", args=[accepted.pk]), {}, django_capture_on_commit_callbacks)
    data = client.get(reverse("exports:status", args=[export.pk])).json()
    assert data["state"] == "done" and data["progress"] == 100
    assert data["download"] == reverse("exports:download", args=[export.pk])
    export.refresh_from_db()
    name = export.file.name
    assert default_storage.exists(name)
    call_command("clean_exports")
    assert Export.objects.filter(pk=export.pk).exists()  # not expired yet
    Export.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(reverse("exports:download", args=[export.pk]))
    assert response.status_code == 302  # expired: back to its page, which says so
    call_command("clean_exports")
    assert not Export.objects.filter(pk=export.pk).exists() and not default_storage.exists(name)


def test_a_queued_export_page_refreshes_itself_without_js(client, koordinator, seed_plan):
    export = Export.objects.create(requested_by=koordinator, plan=seed_plan, kind="bundle")
    client.force_login(koordinator)
    html = client.get(reverse("exports:detail", args=[export.pk])).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html
    assert "js/export-status" in html and "Dalam antrean" in html


def test_status_page_costs_the_same_for_a_small_and_a_large_plan(
    client, koordinator, seed_plan, django_assert_num_queries
):
    """The page reads one export with its plan and unit joined: nothing grows with the plan or the user's exports."""
    from actionplan.sample import plan_generate

    big = plan_generate(unit=seed_plan.unit, year=2026, items=300)
    client.force_login(koordinator)
    for plan, count in ((seed_plan, 1), (big, 30)):
        exports = [Export.objects.create(requested_by=koordinator, plan=plan, kind="bundle") for _ in range(count)]
        with django_assert_num_queries(STATUS_PAGE_QUERIES):
            assert client.get(reverse("exports:detail", args=[exports[-1].pk])).status_code == 200
        with django_assert_num_queries(STATUS_JSON_QUERIES):
            assert client.get(reverse("exports:status", args=[exports[-1].pk])).status_code == 200


STATUS_PAGE_QUERIES = 7  # session, user, the export (plan and unit joined, scope a subquery), roles, the menu
STATUS_JSON_QUERIES = 4  # session, user, the export, roles
