"""Backup a populated installation, restore it into a fresh database and storage: everything comes back.

Runs on whichever database the suite runs on (CI runs it on SQLite and on PostgreSQL): the
SQLite backup API into a new file, or pg_dump / pg_restore into a new PostgreSQL database.
Transactional, because pg_dump reads committed data from another process.
"""

import json
import tarfile
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import Unit
from actionplan.models import ActionItem, Plan, ProgressEntry
from actionplan.services import progress_save
from evidence.models import Evidence, EvidenceRevision, Review
from evidence.services import evidence_replace, evidence_review, evidence_submit
from evidence.tests.conftest import make_pdf, make_png
from ops.integrity import sha256_of
from ops.tests.conftest import extra_database, s3_client

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def populated(seed_plan, open_row, pic, penilai, settings):
    """The seed plan with a month's progress (edited once: two history rows), three documents (one
    accepted, one replaced by a second revision) and a letterhead logo on the unit."""
    entry = progress_save(item=open_row, month=1, data={"percent": 40, "activity": "Rapat"}, base_version=0, by=pic)
    progress_save(
        item=open_row, month=1, data={"percent": 60, "activity": "Rapat 2"}, base_version=entry.version, by=pic
    )
    requirement = open_row.requirements.order_by("order").first()
    uploads = [
        SimpleUploadedFile("undangan.pdf", make_pdf("Undangan rapat")),
        SimpleUploadedFile("hadir.png", make_png(1)),
        SimpleUploadedFile("notulen.pdf", make_pdf("Notulen rapat")),
    ]
    accepted, replaced, _waiting = evidence_submit(requirement=requirement, uploads=uploads, month=1, by=pic)
    evidence_review(evidence=accepted, revision_id=accepted.current_id, decision="diterima", note="", by=penilai)
    evidence_replace(evidence=replaced, upload=SimpleUploadedFile("hadir-2.png", make_png(2)), by=pic)
    unit = seed_plan.unit
    unit.letterhead_logo.save("logo.png", SimpleUploadedFile("logo.png", make_png(9)))
    assert EvidenceRevision.objects.count() == 4
    return seed_plan


def fresh_database(tmp_path: Path):
    """Settings for an empty database of the suite's kind: a new SQLite file, or a new PostgreSQL database."""
    settings_dict = {**connection.settings_dict, "TEST": {}}
    if connection.vendor == "sqlite":
        return {**settings_dict, "NAME": str(tmp_path / "restored.sqlite3")}, lambda: None
    name = f"zi_restore_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return {**settings_dict, "NAME": name}, drop


def snapshot(using: str) -> dict:
    """What must come back: the plan and its rows, progress and its history, evidence, reviews, files."""
    return {
        "plans": list(Plan.objects.using(using).order_by("pk").values()),
        "items": list(ActionItem.objects.using(using).order_by("pk").values()),
        "progress": list(ProgressEntry.objects.using(using).order_by("pk").values()),
        "progress history": list(ProgressEntry.history.using(using).order_by("history_id").values()),
        "row history": ActionItem.history.using(using).count(),
        "evidence": list(Evidence.objects.using(using).order_by("pk").values()),
        "revisions": list(EvidenceRevision.objects.using(using).order_by("pk").values()),
        "reviews": list(Review.objects.using(using).order_by("pk").values()),
        "counts": {model._meta.label: model._default_manager.using(using).count() for model in apps.get_models()},
    }


def test_backup_then_restore_into_a_fresh_installation(populated, tmp_path, settings, capsys):
    before = snapshot("default")
    assert len(before["progress history"]) == 2 and len(before["revisions"]) == 4
    logo = Unit.objects.get(pk=populated.unit_id).letterhead_logo.name

    call_command("backup", str(tmp_path))
    (archive_path,) = tmp_path.glob("zi-backup-*.tar")
    assert str(archive_path) in capsys.readouterr().out
    with tarfile.open(archive_path) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
        sums = archive.extractfile("SHA256SUMS").read().decode().splitlines()
        names = set(archive.getnames())
    assert manifest["database"]["vendor"] == connection.vendor and manifest["problems"] == []
    assert manifest["files"] == 5 and len(sums) == 5  # four revisions and the logo
    for revision in before["revisions"]:
        assert f"{revision['sha256']}  files/{revision['file']}" in sums
    assert f"files/{logo}" in names and ("database.sqlite3" in names or "database.pgdump" in names)

    restored_settings, drop = fresh_database(tmp_path)
    settings.MEDIA_ROOT = tmp_path / "fresh-media"
    try:
        with extra_database("restored", restored_settings):
            call_command("restore", str(archive_path), database="restored")
            assert "Restore verified: 4 evidence revisions match their SHA-256." in capsys.readouterr().out
            assert snapshot("restored") == before
            for revision in before["revisions"]:
                with (settings.MEDIA_ROOT / revision["file"]).open("rb") as restored_file:
                    assert sha256_of(restored_file) == (revision["sha256"], revision["size"])
            assert (settings.MEDIA_ROOT / logo).read_bytes() == make_png(9)
            # Sequences came back too: a new row gets a new id.
            unit = Unit.objects.using("restored").create(name="KPU Kota Serang", short_name="Kota Serang", code="ks")
            assert unit.pk > max(u["id"] for u in Unit.objects.values("id"))

            with pytest.raises(CommandError, match="not empty"):
                call_command("restore", str(archive_path), database="restored")
            call_command("restore", str(archive_path), database="restored", force=True)
            assert "Restore verified" in capsys.readouterr().out
            assert not Unit.objects.using("restored").filter(code="ks").exists()  # the database was replaced
    finally:
        drop()


def test_damaged_files_are_reported_by_backup_and_restore(populated, tmp_path, settings, capsys):
    altered, missing = EvidenceRevision.objects.order_by("pk")[:2]
    (Path(settings.MEDIA_ROOT) / altered.file.name).write_bytes(b"%PDF-1.7 altered")
    (Path(settings.MEDIA_ROOT) / missing.file.name).unlink()

    with pytest.raises(CommandError, match="2 stored file"):
        call_command("backup", str(tmp_path / "damaged.tar"))
    err = capsys.readouterr().err
    assert f"{altered.file.name}: SHA-256" in err and f"{missing.file.name}: missing from storage" in err
    assert (tmp_path / "damaged.tar").exists()  # the rest is still worth keeping

    restored_settings, drop = fresh_database(tmp_path)
    settings.MEDIA_ROOT = tmp_path / "fresh-media"
    try:
        with extra_database("restored", restored_settings):
            with pytest.raises(CommandError, match="2 file"):
                call_command("restore", str(tmp_path / "damaged.tar"), database="restored")
            err = capsys.readouterr().err
            assert f"revision {altered.pk} ({altered.file.name}): size 16, expected" in err
            assert f"revision {missing.pk} ({missing.file.name}): missing" in err
    finally:
        drop()


def test_restore_refuses_what_is_not_its_archive(tmp_path, db):
    bogus = tmp_path / "bogus.tar"
    with tarfile.open(bogus, "w") as archive:
        archive.add(__file__, arcname="notes.txt")
    with pytest.raises(CommandError, match="Not a ZI Tracker backup"):
        call_command("restore", str(bogus))
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "absent.tar"))


def test_backup_and_restore_on_object_storage(s3_server, s3_bucket, populated, tmp_path, settings, capsys):
    """Evidence in a bucket is archived from it and restored into a new, empty bucket."""
    revisions = list(EvidenceRevision.objects.values_list("file", "sha256"))
    call_command("backup", str(tmp_path / "s3.tar"))
    fresh_bucket = f"zi-restored-{uuid.uuid4().hex[:8]}"
    s3_client(s3_server).create_bucket(Bucket=fresh_bucket)
    default = settings.STORAGES["default"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**default, "OPTIONS": {**default["OPTIONS"], "bucket_name": fresh_bucket}},
    }
    restored_settings, drop = fresh_database(tmp_path)
    try:
        with extra_database("restored", restored_settings):
            call_command("restore", str(tmp_path / "s3.tar"), database="restored")
            assert "Restore verified: 4 evidence revisions match their SHA-256." in capsys.readouterr().out
    finally:
        drop()
    listing = s3_client(s3_server).list_objects_v2(Bucket=fresh_bucket)["Contents"]
    keys = {entry["Key"] for entry in listing}
    assert {name for name, _sha in revisions} <= keys and len(keys) == 5  # and the letterhead logo
