"""Limits and stored files: long text refused, uploads idempotent, safe download names, missing files."""

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse

from actionplan.models import ActionItem, ProgressEntry
from evidence.models import Evidence, EvidenceRevision, EvidenceStatus
from evidence.tests.conftest import file, make_pdf, make_png, upload
from zi_tracker.formdata import form_post_data, rendered_form

pytestmark = pytest.mark.django_db
NARRATIVE_100_KB = "Rapat koordinasi. " * 5700  # ~100 KB


def test_a_100_kb_narrative_is_refused_with_a_message(client, pic, open_row):
    client.force_login(pic)
    page = client.get(reverse("actionplan:item_detail", args=[open_row.pk])).content.decode()
    form = rendered_form(page, form_id="progress-entry-form")
    assert 'maxlength="5000"' in page
    response = client.post(form["action"], form_post_data(form, {"activity": NARRATIVE_100_KB, "percent": 20}))
    assert response.status_code == 400
    assert "Pastikan nilai ini mengandung paling banyak 5000 karakter" in response.content.decode()
    assert not ProgressEntry.objects.filter(item=open_row).exists()


def test_a_100_kb_decree_cell_is_refused_in_the_row_editor_and_admin(client, koordinator, seed_plan, django_user_model):
    item = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=1)
    client.force_login(koordinator)
    url = reverse("actionplan:item_edit", args=[item.pk])
    form = rendered_form(client.get(url).content.decode(), action="")
    response = client.post(url, form_post_data(form, {"komponen": NARRATIVE_100_KB}))
    assert response.status_code == 400 and "paling banyak 10000 karakter" in response.content.decode()
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    url = reverse("admin:actionplan_actionitem_change", args=[item.pk])
    form = rendered_form(client.get(url).content.decode(), form_id="actionitem_form")
    response = client.post(url, form_post_data(form, {"komponen": NARRATIVE_100_KB}))
    assert response.status_code == 200 and "paling banyak 10000 karakter" in response.content.decode()
    item.refresh_from_db()
    assert item.komponen == "Pembentukan Tim Kerja"


def test_a_double_submitted_upload_stores_one_evidence(client, pic, pic_row):
    client.force_login(pic)
    pdf = make_pdf("daftar hadir")
    assert upload(client, pic_row, file("hadir.pdf", pdf), month=3).status_code == 302
    assert upload(client, pic_row, file("hadir.pdf", pdf), month=3).status_code == 302  # the second click
    assert Evidence.objects.count() == 1 and EvidenceRevision.objects.count() == 1
    # The same file twice in one submit, beside a new one: two evidence, not three.
    png = make_png()
    assert (
        upload(client, pic_row, file("a.png", png), file("b.png", png), file("hadir.pdf", pdf), month=3).status_code
        == 302
    )
    assert Evidence.objects.count() == 2
    assert len(default_storage.listdir("evidence")[1]) == 2  # no orphaned copies either


def test_download_name_follows_the_sniffed_type_and_drops_bidi_and_control_characters(client, pic, pic_row):
    client.force_login(pic)
    upload(client, pic_row, file("poly.html", make_pdf("satu")))
    upload(client, pic_row, file("laporan\u202efdp.exe", make_pdf("dua")))
    first, second = EvidenceRevision.objects.order_by("pk")
    response = client.get(reverse("evidence:download", args=[first.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="poly.pdf"'
    assert response["Content-Type"] == "application/pdf"
    response = client.get(reverse("evidence:download", args=[second.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="laporanfdp.pdf"'


def test_a_missing_file_gives_a_clear_404_and_the_bundle_refuses_to_start(client, pic, penilai, pic_row):
    client.force_login(pic)
    upload(client, pic_row, file("hadir.pdf", make_pdf()))
    evidence = Evidence.objects.get()
    client.force_login(penilai)
    client.post(
        reverse("evidence:review", args=[evidence.pk]), {"revision": evidence.current_id, "decision": "diterima"}
    )
    assert Evidence.objects.get().status == EvidenceStatus.DITERIMA
    default_storage.delete(evidence.current.file.name)
    response = client.get(reverse("evidence:download", args=[evidence.current_id]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Berkas hilang" in html and "hadir.pdf" in html
    response = client.get(reverse("evidence:bundle", args=[pic_row.area.plan_id]))
    assert response.status_code == 404 and not response.streaming
    assert "hadir.pdf" in response.content.decode()


def test_check_storage_reports_missing_and_altered_files(client, pic, pic_row, capsys):
    client.force_login(pic)
    upload(
        client,
        pic_row,
        file("satu.pdf", make_pdf("satu")),
        file("dua.png", make_png()),
        file("tiga.pdf", make_pdf("tiga")),
    )
    call_command("check_storage")
    assert "3 revision files checked, 0 problem(s)." in capsys.readouterr().out
    one, two, _three = EvidenceRevision.objects.order_by("pk")
    default_storage.delete(one.file.name)
    with default_storage.open(two.file.name, "wb") as stored:  # test only: evidence is never overwritten
        stored.write(b"\x89PNG altered")
    with pytest.raises(CommandError):
        call_command("check_storage")
    captured = capsys.readouterr()
    assert "3 revision files checked, 2 problem(s)." in captured.out
    assert f"revision {one.pk} (satu.pdf" in captured.err and "missing" in captured.err
    assert f"revision {two.pk} (dua.png" in captured.err and "size 12, expected" in captured.err
