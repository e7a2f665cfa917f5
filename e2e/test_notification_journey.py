"""The bell: a reviewer returns a document, the PIC's bell shows 1, the PIC replaces it, the reviewer's bell shows 1."""

import pytest

from actionplan.models import ActionItem
from conftest import PASSWORD
from evidence.models import Evidence
from evidence.services import evidence_submit
from evidence.tests.conftest import file, make_pdf
from notifications.models import Notification

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def bell(page) -> str:
    return page.inner_text("#nav-bell .badge") if page.locator("#nav-bell .badge").count() else "0"


def test_return_bell_replace_bell(page, login, live_server, pic, penilai, seed_plan, tmp_path):
    row = ActionItem.objects.get(area__plan=seed_plan, area__numeral="III", number=2)
    requirement = row.requirements.order_by("order").first()
    evidence_submit(requirement=requirement, uploads=[file("SK Rotasi.pdf", make_pdf("SK rotasi"))], month=None, by=pic)
    Notification.objects.filter(user=pic).delete()  # the fixture's 11 PIC assignments: not this journey's
    replacement = tmp_path / "SK Rotasi (ttd).pdf"
    replacement.write_bytes(make_pdf("SK rotasi bertanda tangan"))

    login(penilai.username, PASSWORD)
    page.wait_for_selector("#nav-bell")
    assert bell(page) == "1"  # the upload waits for review
    page.click("#nav-bell")
    page.click("#notifications a")  # opens the document's review page, and the notice is read
    page.check("#review-form input[value=perlu_perbaikan]")
    page.fill("#review-form textarea[name=note]", "Belum ditandatangani")
    page.click("#review-form [type=submit]")
    page.wait_for_selector(".alert-warning")
    assert bell(page) == "0"

    page.context.clear_cookies()
    login(pic.username, PASSWORD)
    page.wait_for_selector("#nav-bell")
    assert bell(page) == "1"
    page.click("#nav-bell")
    assert "dikembalikan untuk diperbaiki. Catatan penilai: Belum ditandatangani" in page.inner_text("#notifications")
    page.click("#notifications a")  # to the row's evidence
    page.set_input_files(".replace-form input[name=file]", str(replacement))
    page.click(".replace-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert bell(page) == "0"
    assert Evidence.objects.get().current.number == 2

    page.context.clear_cookies()
    login(penilai.username, PASSWORD)
    page.wait_for_selector("#nav-bell")
    assert bell(page) == "1"  # the new file waits
    assert Notification.objects.filter(user=penilai, read_at__isnull=True).count() == 1
