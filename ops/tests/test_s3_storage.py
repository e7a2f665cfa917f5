"""Evidence on S3-compatible object storage, against moto's S3 server on 127.0.0.1 (ops/tests/conftest.py).

Uploads go through the real form, downloads through evidence:download: the object is private,
streamed through the app after the scope check, and another office's object is 404.
"""

import os
import urllib.error
import urllib.request

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse

from evidence.models import Evidence, EvidenceRevision
from evidence.tests.conftest import file, make_pdf, make_png, upload
from ops.tests.conftest import s3_client
from zi_tracker.storage_s3 import S3EvidenceStorage

pytestmark = pytest.mark.django_db


@pytest.fixture
def row(seed_plan):
    from actionplan.models import ActionItem

    return ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=3)


@pytest.fixture
def pic_row(row, pic):
    row.pics.add(pic)
    return row


@pytest.fixture
def stored(client, pic, pic_row, s3_bucket):
    """One PDF uploaded by the PIC through the row page's form, onto the bucket."""
    client.force_login(pic)
    content = make_pdf("Daftar hadir rapat di object storage")
    response = upload(client, pic_row, file("hadir.pdf", content))
    assert response.status_code == 302
    return EvidenceRevision.objects.get(), content


def bucket_keys(s3_server, bucket) -> list[str]:
    listing = s3_client(s3_server).list_objects_v2(Bucket=bucket)
    return [entry["Key"] for entry in listing.get("Contents", [])]


def test_upload_lands_in_the_bucket_privately_not_on_disk(stored, s3_server, s3_bucket, settings):
    revision, content = stored
    assert isinstance(default_storage._wrapped, S3EvidenceStorage)
    assert bucket_keys(s3_server, s3_bucket) == [revision.file.name]
    assert revision.file.name.startswith("evidence/") and "hadir" not in revision.file.name
    assert s3_client(s3_server).get_object(Bucket=s3_bucket, Key=revision.file.name)["Body"].read() == content
    assert not (settings.MEDIA_ROOT / "evidence").exists()
    grants = s3_client(s3_server).get_object_acl(Bucket=s3_bucket, Key=revision.file.name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all(grant["Grantee"].get("Type") == "CanonicalUser" for grant in grants)  # no AllUsers, no URI grantee
    with pytest.raises(urllib.error.HTTPError) as anonymous:
        urllib.request.urlopen(f"{s3_server}/{s3_bucket}/{revision.file.name}", timeout=5)
    assert anonymous.value.code == 403


def test_download_streams_the_object_after_the_scope_check(client, pimpinan, stored):
    revision, content = stored
    client.force_login(pimpinan)
    response = client.get(reverse("evidence:download", args=[revision.pk]))
    assert response.status_code == 200 and response.streaming
    assert int(response["Content-Length"]) == len(content)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == content


def test_another_units_object_is_404(client, outsider, stored):
    revision, _content = stored
    client.force_login(outsider)
    assert client.get(reverse("evidence:download", args=[revision.pk])).status_code == 404
    assert client.get(reverse("evidence:download", args=[revision.pk]) + "?inline=1").status_code == 404


def test_an_object_missing_from_the_bucket_is_the_missing_file_page(client, pimpinan, stored, s3_server, s3_bucket):
    revision, _content = stored
    s3_client(s3_server).delete_object(Bucket=s3_bucket, Key=revision.file.name)
    client.force_login(pimpinan)
    response = client.get(reverse("evidence:download", args=[revision.pk]))
    assert response.status_code == 404 and not response.streaming
    assert "hadir.pdf" in response.content.decode()


def test_replacing_keeps_the_earlier_object(client, pic, stored, s3_server, s3_bucket):
    revision, _content = stored
    evidence = Evidence.objects.get()
    response = client.post(reverse("evidence:replace", args=[evidence.pk]), {"file": file("hadir-2.png", make_png(7))})
    assert response.status_code == 302
    names = sorted(EvidenceRevision.objects.values_list("file", flat=True))
    assert sorted(bucket_keys(s3_server, s3_bucket)) == names and revision.file.name in names


def test_a_large_upload_goes_up_in_parts_from_its_temporary_file(client, pic, pimpinan, pic_row, s3_server, s3_bucket):
    """Above 2.5 MB Django spools the upload to disk; above 8 MiB it is sent as a multipart upload."""
    content = b"%PDF-1.7\n" + os.urandom(9 * 1024 * 1024)
    client.force_login(pic)
    assert upload(client, pic_row, file("laporan-besar.pdf", content)).status_code == 302
    revision = EvidenceRevision.objects.get()
    stored = s3_client(s3_server).get_object(Bucket=s3_bucket, Key=revision.file.name)
    assert stored["ContentLength"] == len(content) and stored["Body"].read() == content
    assert "-" in stored["ETag"]  # a multipart upload's ETag names its parts
    client.force_login(pimpinan)
    response = client.get(reverse("evidence:download", args=[revision.pk]))
    assert b"".join(response.streaming_content) == content


def test_reads_seek_by_range_without_downloading_the_rest(s3_bucket):
    content = bytes(range(256)) * 4096  # 1 MiB
    from django.core.files.base import ContentFile

    name = default_storage.save("evidence/range-test", ContentFile(content))
    with default_storage.open(name, "rb") as stored:
        assert stored.read(10) == content[:10]
        stored.seek(700_000)
        assert stored.read(5) == content[700_000:700_005]
        stored.seek(-3, 2)
        assert stored.read() == content[-3:]
        stored.seek(0)
        assert stored.read() == content
    with pytest.raises(FileNotFoundError):
        default_storage.open("evidence/not-there", "rb")


def test_an_objects_url_is_signed_and_short_lived(stored):
    revision, _content = stored
    url = default_storage.url(revision.file.name)
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=60" in url


def test_check_storage_finds_altered_and_missing_objects(stored, client, pic_row, s3_server, s3_bucket, capsys):
    upload(client, pic_row, file("kedua.png", make_png(3)))
    call_command("check_storage")
    assert "2 revision files checked, 0 problem(s)." in capsys.readouterr().out
    first, second = EvidenceRevision.objects.order_by("pk")
    s3_client(s3_server).put_object(Bucket=s3_bucket, Key=first.file.name, Body=b"%PDF-1.7 altered")
    s3_client(s3_server).delete_object(Bucket=s3_bucket, Key=second.file.name)
    with pytest.raises(CommandError):
        call_command("check_storage")
    captured = capsys.readouterr()
    assert "2 revision files checked, 2 problem(s)." in captured.out
    assert f"revision {first.pk} (hadir.pdf" in captured.err and "expected" in captured.err
    assert f"revision {second.pk} (kedua.png" in captured.err and "missing" in captured.err
