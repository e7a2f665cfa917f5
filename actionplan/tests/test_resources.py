"""Admin's import/export of rows: business keys, not ids; look-ups once per file; the user's units only."""

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionplan.models import ActionItem
from actionplan.resources import ActionItemResource, EvidenceRequirementResource

pytestmark = pytest.mark.django_db


def exported(resource, queryset):
    return resource.export(queryset)


def test_rows_round_trip_by_business_keys(seed_plan, koordinator):
    data = exported(ActionItemResource(user=koordinator), ActionItem.objects.filter(area__plan=seed_plan))
    assert data.headers[:5] == ["unit", "year", "decree_number", "area", "number"]
    assert data.dict[0]["unit"] == "kpu-kab-serang" and "id" not in data.headers
    rows = data.dict
    rows[0]["target_months"] = "3,6,9,12"
    changed = tablib.Dataset(*[list(r.values()) for r in rows], headers=data.headers)
    with CaptureQueriesContext(connection) as queries:
        result = ActionItemResource(user=koordinator).import_data(changed, dry_run=False)
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    # Plans, areas, rows once for the 23-row file, then what saving the one changed row reads.
    assert len(reads) <= 6, reads
    assert not result.has_errors() and not result.has_validation_errors()
    first = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=1)
    assert first.target_months == [3, 6, 9, 12]
    assert ActionItem.objects.filter(area__plan=seed_plan).count() == 23


def test_dry_run_writes_nothing_and_another_office_is_not_found(seed_plan, koordinator, outsider):
    data = exported(
        EvidenceRequirementResource(user=koordinator), seed_plan.areas.first().items.first().requirements.all()
    )
    row = data.dict[0] | {"order": 9, "name": "Dokumen baru"}
    dataset = tablib.Dataset(list(row.values()), headers=data.headers)
    result = EvidenceRequirementResource(user=koordinator).import_data(dataset, dry_run=True)
    assert not result.has_errors() and not result.has_validation_errors()
    assert not seed_plan.areas.first().items.first().requirements.filter(name="Dokumen baru").exists()
    result = EvidenceRequirementResource(user=outsider).import_data(dataset, dry_run=True)
    assert result.has_validation_errors() or result.has_errors()
