"""The evidence register (app and admin export): one streamed query at any size, every cell plain text."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from actionplan.models import ActionItem
from actionplan.sample import plan_generate
from evidence.models import Evidence, Review
from evidence.sample import evidence_generate

pytestmark = pytest.mark.django_db

# Session, user, the plan, the user's roles (may they export?), then the register itself (evidence, row,
# area, file and uploader joined, the last note a subquery). Before: one more per 100 evidence (LIMIT/OFFSET).
REGISTER_QUERIES = 5


def _rows(response) -> list[list]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _big_plan(unit, *, evidence: int, uploader, reviewer, year: int = 2025):
    plan = plan_generate(unit=unit, year=year, items=20, requirements_per_item=2)
    evidence_generate(plan=plan, count=evidence, uploader=uploader, reviewer=reviewer)
    return plan


def test_register_costs_the_same_for_3_and_600_evidence(client, pimpinan, penilai, serang, django_assert_num_queries):
    client.force_login(pimpinan)
    for count in (3, 600):
        plan = _big_plan(serang, evidence=count, uploader=pimpinan, reviewer=penilai, year=2030 + count)
        with django_assert_num_queries(REGISTER_QUERIES):
            response = client.get(reverse("evidence:register", args=[plan.pk]))
        rows = _rows(response)
        assert len(rows) == count + 1
        assert {r[8] for r in rows[1:]} == {"Diterima", "Diajukan", "Perlu perbaikan"}


def test_register_shows_the_last_review_note_and_formula_text_verbatim(client, pic, penilai, pimpinan, serang):
    plan = _big_plan(serang, evidence=2, uploader=pic, reviewer=penilai)
    first, second = Evidence.objects.filter(requirement__item__area__plan=plan).order_by("pk")
    Review.objects.create(
        evidence=first, revision=first.current, decision="perlu_perbaikan", note="Kop surat salah", reviewer=penilai
    )
    Review.objects.create(
        evidence=first,
        revision=first.current,
        decision="perlu_perbaikan",
        note='=HYPERLINK("http://evil.example","klik")',
        reviewer=penilai,
    )
    second.current.original_name = "+62 812 daftar.pdf"
    second.current.save()
    client.force_login(pimpinan)
    response = client.get(reverse("evidence:register", args=[plan.pk]))
    assert response["Content-Disposition"].startswith('attachment; filename="register-bukti-')
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    by_id = {r[0]: r for r in rows[1:]}
    # The latest note, as typed; a string cell, never a formula.
    assert by_id[first.pk][13] == '=HYPERLINK("http://evil.example","klik")'
    assert sheet.cell(row=rows.index(by_id[first.pk]) + 1, column=14).data_type == "s"
    assert by_id[second.pk][6] == "+62 812 daftar.pdf" and by_id[second.pk][13] is None
    assert [r[2] for r in rows[1:]] == sorted(
        (r[2] for r in rows[1:]), key=lambda code: tuple(map(int, re.findall(r"\d+", code)))
    )


def _admin_export_form(client, filters: dict) -> tuple[str, dict]:
    """Admin's export form as rendered for the filtered list, with the xlsx format chosen: (url, data)."""
    url = reverse("admin:evidence_evidence_export")
    page = client.get(url, filters).content.decode()
    form = page[page.index("<form", page.index('id="content"')) :]
    form = form[: form.index("</form>")]
    data = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if not name or ("checkbox" in tag and "checked" not in tag):
            continue
        data.setdefault(name.group(1), []).append(value.group(1) if value else "on")
    formats = dict(
        (label.strip().lower(), value)
        for value, label in re.findall(
            r'<option value="(\d+)"[^>]*>([^<]+)</option>', form.split('name="format"')[1].split("</select>")[0]
        )
    )
    data["format"] = formats["xlsx"]
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in filters.items())}", data


def test_admin_export_costs_the_same_for_3_and_600_evidence(client, pimpinan, penilai, serang, django_user_model):
    """The count is compared between the sizes, not fixed: admin's list filters (issue 11's) cost their own."""
    admin = django_user_model.objects.create_superuser("root", "root@example.test", "x")
    client.force_login(admin)
    plans = {
        count: _big_plan(serang, evidence=count, uploader=pimpinan, reviewer=penilai, year=2030 + count)
        for count in (3, 600)
    }
    counts = {}
    for count, plan in plans.items():
        url, data = _admin_export_form(client, {"requirement__item__area__plan__id__exact": plan.pk})
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, data)
        rows = _rows(response)
        assert len(rows) == count + 1 and rows[0][:3] == ["id", "Area", "Baris"]
        assert {r[2] for r in rows[1:]} <= {
            i.code for i in ActionItem.objects.filter(area__plan=plan).select_related("area")
        }
        evidence = [q["sql"] for q in queries.captured_queries if 'FROM "evidence_evidence"' in q["sql"]]
        assert len(evidence) == 1 and "evidence_review" in evidence[0]  # the last note: a subquery, not a query per row
        counts[count] = len(queries)
    assert counts[3] == counts[600]
