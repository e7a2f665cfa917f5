"""Writes for the LKE: open a plan's self-assessment, save one column's answers, link plan rows."""

import json
import logging
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplan.models import ActionItem, EvidenceRequirement, Plan
from evidence.models import Evidence
from evidence.services import evidence_submit, upload_check
from lke.models import Answer, Assessment, ItemLink, SubIndikator
from lke.selectors import current_version, wbk_held_before

logger = logging.getLogger(__name__)
COLUMNS = {"unit": ("unit_answer", "unit_counts", "unit_note"), "tpi": ("tpi_answer", "tpi_counts", "tpi_note")}


def assessment_open(*, plan: Plan) -> Assessment:
    """The self-assessment of the plan's unit and year, made on its first save; a Menuju WBK the unit
    held in an earlier year's assessment is carried into it (a predicate stays until it is revoked)."""
    assessment, _ = Assessment.objects.select_related("version").get_or_create(
        unit_id=plan.unit_id, year=plan.year, defaults={"version": current_version(), **wbk_held_before(plan=plan)}
    )
    return assessment


@transaction.atomic
def assessment_wbk_set(
    *,
    plan: Plan,
    holds_wbk: bool,
    granted_by: str = "",
    decree_number: str = "",
    decree_date: date | None = None,
    reason: str = "",
    by: AbstractBaseUser,
) -> Assessment:
    """Record whether the unit holds Menuju WBK (the WBBM precondition) and the decree that granted it:
    the Minister's after the TPN's evaluation, or the instansi's own (evaluasi mandiri, 5/2024).

    Unticking clears the decree. Checked by `Assessment.clean` (ValidationError, nothing written);
    an unchanged record writes no history.
    """
    assessment = assessment_open(plan=plan)
    locked = Assessment.objects.select_for_update().select_related("version").get(pk=assessment.pk)
    if holds_wbk:
        new = (True, granted_by, decree_number.strip(), decree_date)
    else:
        new = (False, "", "", None)
    fields = ["holds_wbk", "wbk_granted_by", "wbk_decree_number", "wbk_decree_date"]
    if tuple(getattr(locked, name) for name in fields) == new:
        return locked
    for name, value in zip(fields, new, strict=True):
        setattr(locked, name, value)
    locked.full_clean(exclude=["unit", "version"])
    locked._history_user = by
    locked._change_reason = reason.strip() or None
    locked.save(update_fields=fields)
    return locked


@transaction.atomic
def answers_save(*, assessment: Assessment, column: str, rows: dict[int, dict], by: AbstractBaseUser) -> int:
    """Save one column ("unit" or "tpi") of the given questions; return how many answers changed.

    `rows` maps question id → {"answer", "counts", "note"} and, for the unit's column,
    "evidence" (ids). Validated by the caller (a form or an import); only changed answers are
    written, so the history holds one entry per real change.
    """
    answer_field, counts_field, note_field = COLUMNS[column]
    existing = {a.pertanyaan_id: a for a in Answer.objects.filter(assessment=assessment, pertanyaan_id__in=rows)}
    changed = 0
    for qid, row in rows.items():
        answer = existing.get(qid) or Answer(assessment=assessment, pertanyaan_id=qid)
        new = (row.get("answer", ""), row.get("counts", {}), row.get("note", ""))
        evidence = row.get("evidence")
        old_evidence = set(answer.evidence.values_list("pk", flat=True)) if answer.pk else set()
        same = (getattr(answer, answer_field), getattr(answer, counts_field), getattr(answer, note_field)) == new
        if same and (evidence is None or set(evidence) == old_evidence):
            continue
        setattr(answer, answer_field, new[0])
        setattr(answer, counts_field, new[1])
        setattr(answer, note_field, new[2])
        answer.updated_by = by
        answer._history_user = by
        answer._change_reason = f"{column} answer"
        answer.save()
        if evidence is not None and set(evidence) != old_evidence:
            answer.evidence.set(evidence)
        changed += 1
    return changed


def section_save(
    *,
    plan: Plan,
    column: str,
    rows: dict[int, dict],
    uploads: dict[int, tuple[EvidenceRequirement, list[UploadedFile]]] | None = None,
    by: AbstractBaseUser,
) -> tuple[int, list[Evidence]]:
    """One section's answers and the new documents uploaded beside them: all or nothing.

    Each upload (question id → (requirement, files)) goes through the evidence pipeline
    (`evidence_submit`: the same checks, Diajukan for review, revisions, private storage) and is
    linked to that question's answer. Every file is checked before anything is written; if the
    database work fails afterwards, the files stored for it are removed again. Returns (answers
    changed, documents linked).
    """
    uploads = uploads or {}
    errors = []
    for requirement, files in uploads.values():
        if requirement.item.area.plan_id != plan.pk:
            raise ValidationError(_("That required document is not one of this plan's rows."))
        for upload in files:
            try:
                upload_check(upload=upload)
            except ValidationError as error:
                errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    stored: list[Evidence] = []
    try:
        with transaction.atomic():
            assessment = assessment_open(plan=plan)
            changed = answers_save(assessment=assessment, column=column, rows=rows, by=by)
            linked: list[Evidence] = []
            for qid, (requirement, files) in uploads.items():
                before = set(Evidence.objects.filter(requirement=requirement).values_list("pk", flat=True))
                documents = evidence_submit(requirement=requirement, uploads=files, month=None, by=by)
                stored.extend(doc for doc in documents if doc.pk not in before)
                answer, _created = Answer.objects.get_or_create(assessment=assessment, pertanyaan_id=qid)
                Answer.objects.filter(pk=answer.pk).update(updated_by=by, updated_at=timezone.now())
                answer._history_user = by
                answer._change_reason = "unit evidence uploaded"
                answer.evidence.add(*documents)  # one history entry with the new set
                linked.extend(documents)
            return changed, linked
    except Exception:
        for doc in stored:  # rolled back: no row refers to these files any more
            try:
                default_storage.delete(doc.current.file.name)
            except OSError:
                logger.exception("could not remove orphaned upload %s", doc.current.file.name)
        raise


@transaction.atomic
def item_links_set(*, item: ActionItem, sub_indikator: list[SubIndikator], reason: str = "") -> None:
    """The sub-indikator a plan row serves, replacing its previous set (each change in the history)."""
    wanted = {si.pk for si in sub_indikator}
    for link in ItemLink.objects.filter(item=item).exclude(sub_indikator_id__in=wanted):
        link.delete()
    have = set(ItemLink.objects.filter(item=item).values_list("sub_indikator_id", flat=True))
    for si_id in wanted - have:
        ItemLink.objects.create(item=item, sub_indikator_id=si_id, reason=reason)


SEED_LINKS = Path(settings.BASE_DIR) / "fixtures" / "lke_seed_links.json"


def sub_indikator_by_ref(*, version_code: str) -> dict[str, SubIndikator]:
    """Sub-indikator by reference "pemenuhan-1:i" (section key, colon, numbering): 1 query."""
    rows = SubIndikator.objects.filter(sub_komponen__komponen__version__code=version_code).annotate_keys()
    return {
        (f"{si.sub_komponen_key}-{si.area_number}" if si.area_number else si.sub_komponen_key) + f":{si.code}": si
        for si in rows
    }


@transaction.atomic
def seed_links_load(*, path: Path = SEED_LINKS) -> int:
    """Link the seed plan's rows to the sub-indikator they serve (fixtures/lke_seed_links.json), each
    with its reason; rows already linked are left as the coordinator set them. Returns links made."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    plan = Plan.objects.filter(unit__code=data["plan"]["unit"], year=data["plan"]["year"]).first()
    if plan is None:
        return 0
    refs = sub_indikator_by_ref(version_code=data["version"])
    items = {item.code: item for item in ActionItem.objects.filter(area__plan=plan).select_related("area")}
    made = 0
    for link in data["links"]:
        item = items.get(link["row"])
        if item is None or ItemLink.objects.filter(item=item).exists():
            continue
        for ref in link["sub_indikator"]:
            ItemLink.objects.create(item=item, sub_indikator=refs[ref], reason=link["reason"])
            made += 1
    return made


@transaction.atomic
def workbook_apply(*, plan: Plan, answers: dict[int, dict], by: AbstractBaseUser) -> int:
    """Write an imported workbook's answers, both columns, for the questions it matched: all or none.
    `answers` maps question id → {"unit": [answer, counts, note], "tpi": [...]}. Returns changes."""
    assessment = assessment_open(plan=plan)
    changed = 0
    for column in ("unit", "tpi"):
        rows = {
            int(qid): {"answer": a[column][0], "counts": a[column][1], "note": a[column][2]}
            for qid, a in answers.items()
        }
        changed += answers_save(assessment=assessment, column=column, rows=rows, by=by)
    return changed
