"""Every URL of the app and of admin × every persona of two offices × objects of both → expected status.

Built from the URLconf: a URL missing from MATRIX fails the test, so a new view is covered the
day it is added. To add one, put its URL name (or, for an unnamed pattern, the pattern itself)
in MATRIX with the statuses each persona must get, e.g.

    "evidence:new_view": app(k=200, pic=403, pim=403, pen=200),

`app(...)` takes the statuses of the four roles of the object's own unit (k = koordinator, a
staff account as `seed_demo` makes them; pic, pim = pimpinan, pen = penilai), `other` for a
member of the other office (404 by default: outside their scope), `anon` (302 to the login page
by default) and `root` (a superuser; by default as `k`). `args` says which objects fill the
URL (keys of `unit_objects()`); `tree` is what a role held above A's unit gets where it is not
what the same role of A gets (see TREE: a province's and KPU RI's personas, whose flowing roles
reach A and never B); `method="post"` sends an empty POST (views that only accept
POST), which must never change anything. Every 200 HTML page is also checked for a CSP header
and no inline script.
"""

import re
from dataclasses import dataclass, field

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Membership, Role, Section, Unit
from actionplan.models import ActionItem, EvidenceRequirement
from actionplan.sample import plan_generate
from evidence.services import evidence_submit
from evidence.tests.conftest import make_pdf
from lke import services as lke_services
from lke.models import ItemLink, Pertanyaan, SubIndikator, Version
from notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db
ROLES = {"k": Role.KOORDINATOR, "pic": Role.PIC, "pim": Role.PIMPINAN, "pen": Role.PENILAI}


@dataclass
class Case:
    k: int
    pic: int
    pim: int
    pen: int
    other: int | None = 404  # a member of the other office, on this office's objects
    anon: int = 302
    root: int | None = None
    args: tuple = ()
    method: str = "get"
    query: dict = field(default_factory=dict)
    other_by_role: dict = field(default_factory=dict)  # `other`, where one role of the other office differs
    tree: dict = field(default_factory=dict)  # on A's objects, a role held above A where it differs (see TREE)


def app(
    k,
    pic=None,
    pim=None,
    pen=None,
    *,
    other=404,
    anon=302,
    root=None,
    args=(),
    method="get",
    query=None,
    other_by_role=None,
    tree=None,
):
    """Statuses per persona; roles left out get k's status."""
    pic, pim, pen = (k if v is None else v for v in (pic, pim, pen))
    return Case(
        k,
        pic,
        pim,
        pen,
        other,
        anon,
        k if root is None else root,
        args,
        method,
        query or {},
        other_by_role or {},
        tree or {},
    )


def everyone(status, *, anon=None, args=(), method="get"):
    """A page that does not depend on roles or offices (other = same status)."""
    return app(status, other=status, anon=status if anon is None else anon, args=args, method=method)


STAFF_ONLY = 302  # admin sends non-staff accounts to its login page


def admin_page(k, *, other, root=200, args=(), method="get"):
    """An admin URL: only the coordinator (staff) gets past admin's login; other roles are not staff."""
    case = app(k, STAFF_ONLY, STAFF_ONLY, STAFF_ONLY, other=other, root=root, args=args, method=method)
    case.other_by_role = {"pic": STAFF_ONLY, "pim": STAFF_ONLY, "pen": STAFF_ONLY}
    return case


def admin_model(
    label,
    *,
    k_list,
    k_add,
    k_change,
    k_delete,
    k_history,
    arg,
    history=False,
    other_change=302,
    other_history=404,
    root_add=200,
    root_delete=200,
):
    """The admin URLs of one model for a coordinator of the object's unit (k_*) and of the other office.

    Outside the coordinator's units an object is missing: Django admin redirects to its index
    (302) for change and delete, and our history views answer 404 (Django's own, on users: 302).
    """
    forbidden = 403
    cases = {
        f"admin:{label}_changelist": admin_page(k_list, other=k_list),
        f"admin:{label}_add": admin_page(k_add, other=k_add, root=root_add),
        f"admin:{label}_change": admin_page(
            k_change, other=other_change if k_change != forbidden else forbidden, args=(arg,)
        ),
        f"admin:{label}_delete": admin_page(
            k_delete, other=other_change if k_delete != forbidden else forbidden, root=root_delete, args=(arg,)
        ),
        f"admin:{label}_history": admin_page(
            k_history, other=other_history if k_history != forbidden else forbidden, args=(arg,)
        ),
    }
    if history:
        cases[f"admin:{label}_simple_history"] = admin_page(
            k_history, other=404 if k_history != forbidden else forbidden, args=(arg, f"h_{arg}")
        )
    return cases


SUPERUSER_ONLY = {"k_list": 403, "k_add": 403, "k_change": 403, "k_delete": 403, "k_history": 403, "other_change": 403}
LOGIN_RECORDS = {**SUPERUSER_ONLY, "root_add": 403}  # django-axes writes them; nobody adds one by hand
PLAN_DATA = {"k_list": 200, "k_add": 200, "k_change": 200, "k_delete": 200, "k_history": 200}
LKE_CATALOGUE = {
    **{"k_list": 200, "k_add": 403, "k_change": 200, "k_delete": 403, "k_history": 200},
    **{"other_change": 200, "other_history": 200, "root_add": 403, "root_delete": 403},
}

MATRIX: dict[str, Case] = {
    # The app
    "home": app(302, other=302),
    "actionplan:my_work": app(200, other=200),
    "actionplan:plan_list": app(200, other=200),
    "actionplan:plan_months": app(200, 403, 403, 403, args=("plan",)),
    "actionplan:plan_detail": app(200, args=("plan",)),
    "actionplan:plan_lampiran_pdf": app(200, args=("plan",)),
    "actionplan:plan_decree_pdf": app(200, args=("plan",)),
    "actionplan:plan_lampiran_xlsx": app(200, args=("plan",)),
    "actionplan:item_detail": app(200, args=("item",)),
    "actionplan:item_edit": app(200, 403, 403, 403, args=("item",)),
    "actionplan:item_targets": app(200, 403, 403, 403, args=("item",)),
    # Authoring (author_plan); a plan's drafts are 404 outside view_drafts, see actionplan/tests/test_drafts.py
    "actionplan:plan_create": app(200, 403, 403, 403, other=None),  # each coordinator for their own units
    **{
        f"actionplan:{name}": app(200, 403, 403, 403, args=("plan",))
        for name in ["plan_edit", "plan_enact", "plan_copy", "plan_history", "area_add"]
    },
    **{
        f"actionplan:{name}": app(200, 403, 403, 403, args=("area",))
        for name in ["area_edit", "area_remove", "item_add"]
    },
    **{f"actionplan:{name}": app(200, 403, 403, 403, args=("item",)) for name in ["item_remove", "item_requirements"]},
    **{
        f"actionplan:{name}": app(200, 403, 403, 403, args=("requirement",))
        for name in ["requirement_edit", "requirement_remove"]
    },
    **{
        f"actionplan:{name}": app(400, 403, 403, 403, args=(arg,), method="post")
        for name, arg in [("area_move", "area"), ("item_move", "item")]
    },
    # Import from Excel (author_plan): the seed plan is enacted, so its import page sends back to it
    "actionplan:import_new": app(200, 403, 403, 403, other=403, other_by_role={"k": 200}),
    "actionplan:import_template": app(200, 403, 403, 403, other=403, other_by_role={"k": 200}),
    "actionplan:import_into": app(302, 403, 403, 403, args=("plan",)),
    "actionplan:import_preview": app(404, 404, 404, 404, other=404, args=("token",)),  # only the uploader's session
    "actionplan:item_progress": app(400, 400, 403, 403, args=("item",), method="post"),
    "evidence:upload": app(400, 400, 403, 403, args=("item",), method="post"),
    "evidence:replace": app(400, 400, 403, 403, args=("evidence",), method="post"),
    "evidence:detail": app(200, 403, 403, 200, args=("evidence",)),
    "evidence:review": app(400, 403, 403, 400, args=("evidence",), method="post"),
    "evidence:download": app(200, args=("revision",)),
    "evidence:queue": app(200, 403, 403, 200, other=None),
    "evidence:documents": app(200, args=("plan",)),
    "evidence:bundle": app(200, args=("plan",)),
    "evidence:register": app(200, args=("plan",)),
    "reports:dashboard_home": app(302, other=302),  # to the one plan's dashboard (root: the picker)
    "reports:dashboard": app(200, args=("plan",)),
    "reports:items": app(200, args=("plan",)),
    "reports:monev": app(200, args=("plan",)),
    "reports:monev_pdf": app(200, args=("plan",), query={"period": "3"}),
    "reports:monev_xlsx": app(200, args=("plan",), query={"period": "3"}),
    "accounts:members": app(200, 403, 403, 403, args=("unit",)),
    # Monev meetings and recommendations (record_monev; follow-up by the owner, the PIC here, and coordinators)
    "monitoring:sessions": app(200, args=("plan",)),
    "monitoring:session_create": app(200, 403, 403, 403, args=("plan",)),
    "monitoring:plan_open": app(200, args=("plan",)),
    "monitoring:session": app(200, args=("session",)),
    "monitoring:session_edit": app(200, 403, 403, 403, args=("session",)),
    "monitoring:recommendation_create": app(400, 403, 403, 403, args=("session",), method="post"),
    "monitoring:recommendation": app(200, args=("recommendation",)),
    "monitoring:recommendation_edit": app(200, 403, 403, 403, args=("recommendation",)),
    "monitoring:follow_up": app(400, 400, 403, 403, args=("recommendation",), method="post"),
    "monitoring:reopen": app(400, 403, 403, 403, args=("recommendation",), method="post"),
    "monitoring:download": app(200, args=("follow_up_file",)),
    "monitoring:mine": app(200, other=200),
    "monitoring:mine_card": app(200, other=200),
    "monitoring:letterhead": app(200, 403, 403, 403, args=("unit",)),
    "monitoring:letterhead_logo": app(200, args=("unit",)),
    "notifications:list": app(200, other=200),
    "notifications:settings": app(200, other=200),
    "notifications:open": app(
        404, 404, 404, 302, root=404, args=("notification",), tree={"pen": 404}
    ),  # the penilai's own only
    "notifications:mark_read": app(400, other=400, method="post"),  # an empty POST marks nothing
    # Exports: asking for one (a small bundle goes straight to evidence:bundle); an export is its requester's own
    "exports:new": app(302, args=("plan", "export_kind")),
    "exports:detail": app(200, 404, 404, 404, root=404, args=("export",), tree={"pim": 404, "pen": 404}),
    "exports:status": app(200, 404, 404, 404, root=404, args=("export",), tree={"pim": 404, "pen": 404}),
    "exports:download": app(200, 404, 404, 404, root=404, args=("export",), tree={"pim": 404, "pen": 404}),
    "exports:retry": app(
        302, 404, 404, 404, root=404, args=("export",), method="post", tree={"pim": 404, "pen": 404}
    ),  # a finished export is left as it is
    "accounts:member_password": app(200, 403, 403, 403, args=("unit", "pic")),
    "accounts:member_edit": app(200, 403, 403, 403, args=("unit", "pic")),
    # the one plan's LKE (root, and the province's own staff, whose office has no plan: the picker)
    "lke:home": app(302, other=302, root=200, tree={"k": 200, "pic": 200}),
    "lke:assessment": app(200, args=("plan",)),
    "lke:score": app(200, args=("plan",)),
    "lke:gaps": app(200, args=("plan",)),
    "lke:summary": app(200, args=("plan",)),
    "lke:export": app(200, args=("plan",)),
    "lke:import": app(200, 403, 403, 403, args=("plan",)),
    "lke:item_links": app(200, 403, 403, 403, args=("item",)),
    "lke:wbk": app(200, 403, 403, 403, args=("plan",)),  # the coordinator records the unit's Menuju WBK
    # the unit's column of area 1 (the PIC holds a row of the decree's area I); TPI column: penilai only
    "lke:section_edit": app(200, 200, 403, 403, args=("plan",), query={"section": "pemenuhan-1", "column": "unit"}),
    # The roll-up (rollup/): its own line to every member, the units below through a role that flows down
    "rollup:home": app(302, other=302, root=200),  # to the user's one top unit (root: KPU RI and Cilegon, a choice)
    "rollup:unit": app(200, args=("unit",)),
    "rollup:xlsx": app(200, args=("unit",)),
    "rollup:pdf": app(200, args=("unit",)),
    "rollup:plan_assessment": app(200, args=("plan",)),
    # no verdict yet: the card is only for those who may give one (the province's assessor, root)
    "rollup:verdict_fragment": app(204, other=404, root=200, args=("plan",), tree={"asr": 200}),
    # Logging in and out, passwords, language
    "healthz": everyone(200),
    "login": everyone(302, anon=200),
    "logout": everyone(302, method="post"),
    "password_change": everyone(200, anon=302),
    "password_change_done": everyone(200, anon=302),
    "password_reset": everyone(200),
    "password_reset_done": everyone(200),
    "password_reset_confirm": everyone(200, args=("uid", "token")),
    "password_reset_complete": everyone(200),
    "set_language": everyone(302, method="post"),
    # Admin: the site's own pages
    "admin:index": admin_page(200, other=200),
    # Staff go on to the index; other accounts get the login form.
    "admin:login": app(
        302, 200, 200, 200, other=302, anon=200, root=302, other_by_role={"pic": 200, "pim": 200, "pen": 200}
    ),
    "admin:logout": everyone(302, method="post"),
    "admin:password_change": admin_page(200, other=200),
    "admin:password_change_done": admin_page(200, other=200),
    "admin:autocomplete": admin_page(403, other=403, root=403),  # no model asks for autocomplete
    "admin:jsi18n": admin_page(200, other=200),
    "admin:view_on_site": admin_page(
        404, other=404, root=404, args=("unit_type", "unit")
    ),  # no model has a public page
    "admin:app_list": admin_page(200, other=200, args=("app_actionplan",)),
    "admin/(?P<url>.*)$": admin_page(404, other=404, root=404, args=("nowhere",)),
    "admin/<app>/<model>/<path:object_id>/": admin_page(
        302, other=302, root=302, args=("unit",)
    ),  # old change URLs redirect
    # Admin: superuser-only models (groups, login attempts)
    **admin_model("auth_group", **SUPERUSER_ONLY, arg="group"),
    **admin_model("axes_accessattempt", **LOGIN_RECORDS, arg="attempt"),  # delete = unlock
    **admin_model("axes_accesslog", **LOGIN_RECORDS, arg="accesslog"),
    **admin_model("axes_accessfailurelog", **LOGIN_RECORDS, arg="failurelog"),
    # Admin: the unit and its plan (admin_plan), members (manage_members), evidence (read-only)
    **admin_model(
        "accounts_unit", k_list=200, k_add=403, k_change=200, k_delete=403, k_history=200, arg="unit", history=True
    ),
    **admin_model("accounts_section", **PLAN_DATA, arg="section", history=True),
    **admin_model("accounts_membership", **PLAN_DATA, arg="membership", history=True),
    **admin_model(
        "auth_user", k_list=200, k_add=403, k_change=200, k_delete=403, k_history=200, arg="pic", other_history=302
    ),
    "admin:auth_user_password_change": admin_page(200, other=404, args=("pic",)),
    **admin_model("actionplan_plan", **PLAN_DATA, arg="plan"),
    **admin_model("actionplan_area", **PLAN_DATA, arg="area"),
    **admin_model("actionplan_actionitem", **PLAN_DATA, arg="item", history=True),
    **admin_model("actionplan_evidencerequirement", **PLAN_DATA, arg="requirement"),
    # django-import-export on areas, rows and requirements (by business keys; the look-ups are the user's units)
    **{
        f"admin:actionplan_{m}_{n}": admin_page(200, other=200)
        for m in ("area", "actionitem", "evidencerequirement")
        for n in ("import", "export")
    },
    **{
        f"admin:actionplan_{m}_process_import": admin_page(200, other=200, method="post")
        for m in ("area", "actionitem", "evidencerequirement")
    },  # an empty POST shows the form again
    # Evidence is never added, changed or deleted in admin (uploads and reviews happen in the app).
    **admin_model(
        "evidence_evidence",
        k_list=200,
        k_add=403,
        k_change=200,
        k_delete=403,
        k_history=200,
        arg="evidence",
        history=True,
        root_add=403,
        root_delete=403,
    ),
    "admin:evidence_evidence_export": admin_page(200, other=200),
    # LKE: the catalogue is reference data (read-only, the same for every office; superusers correct
    # its texts); assessments (their Menuju WBK), answers (read-only) and row links are the unit's own
    **{
        key: case
        for arg in ("version", "subindikator", "pertanyaan")
        for key, case in admin_model(f"lke_{arg}", **LKE_CATALOGUE, arg=arg).items()
    },
    **admin_model(
        "lke_assessment",
        k_list=200,
        k_add=403,
        k_change=200,
        k_delete=403,
        k_history=200,
        arg="assessment",
        history=True,
        root_add=403,
    ),
    **admin_model(
        "lke_answer",
        k_list=200,
        k_add=403,
        k_change=200,
        k_delete=403,
        k_history=200,
        arg="answer",
        history=True,
        root_add=403,
        root_delete=403,
    ),
    **admin_model("lke_itemlink", **PLAN_DATA, arg="itemlink", history=True),
    # Notifications: read-only, the unit's own (a coordinator sees which e-mails failed)
    **admin_model(
        "notifications_notification",
        k_list=200,
        k_add=403,
        k_change=200,
        k_delete=403,
        k_history=200,
        arg="notification",
        root_add=403,
        root_delete=403,
    ),
}
# Admin's own unnamed "<id>/" redirect patterns share one entry.
UNNAMED_CHANGE_REDIRECT = "admin/<app>/<model>/<path:object_id>/"


def url_patterns(patterns=None, prefix="", namespace=None):
    """(key, route) for every URL: its name, or its route when it has none."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in [namespace, pattern.namespace] if n) or None
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if pattern.name:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), route
            elif route.endswith("/<path:object_id>/"):
                yield UNNAMED_CHANGE_REDIRECT, route
            else:
                yield route, route


def test_every_url_is_in_the_matrix():
    keys = {key for key, _route in url_patterns()}
    assert sorted(keys - set(MATRIX)) == [], "add these URLs to MATRIX (see the module docstring)"
    assert sorted(set(MATRIX) - keys) == [], "these MATRIX entries name no URL any more"


def unit_objects(unit: Unit, plan, personas: dict) -> dict:
    """The objects of one office that URLs take, by the names MATRIX's `args` use."""
    item = ActionItem.objects.filter(area__plan=plan, pics=personas["pic"]).order_by("pk").first()
    requirement = EvidenceRequirement.objects.filter(item=item).order_by("order").first()
    [evidence] = evidence_submit(
        requirement=requirement,
        uploads=[SimpleUploadedFile("bukti.pdf", make_pdf(unit.code))],
        month=None,
        by=personas["pic"],
    )
    section = Section.objects.filter(unit=unit).order_by("pk").first()
    membership = Membership.objects.get(user=personas["pic"])
    for obj in [unit, section, membership, item]:
        obj.save()  # a version in the history, for the revert URLs
    recommendation, follow_up_file = monev_objects(unit, plan, personas)
    assessment = lke_services.assessment_open(plan=plan)
    question = Pertanyaan.objects.filter(answer_type="ya_tidak").order_by("pk").first()
    lke_services.answers_save(
        assessment=assessment, column="unit", rows={question.pk: {"answer": "Ya"}}, by=personas["k"]
    )
    itemlink = ItemLink.objects.create(item=item, sub_indikator=question.sub_indikator)
    lke_objects = {"assessment": assessment, "answer": assessment.answers.get(), "itemlink": itemlink}
    export = export_objects(plan, personas)
    return {
        "unit": unit,
        "plan": plan,
        "item": item,
        "requirement": requirement,
        "area": item.area,
        "section": section,
        "membership": membership,
        "evidence": evidence,
        "revision": evidence.current,
        "pic": personas["pic"],
        "notification": Notification.objects.get(user=personas["pen"], kind=Kind.EVIDENCE_WAITING),
        "session": recommendation.session,
        "recommendation": recommendation,
        "follow_up_file": follow_up_file,
        "export": export,
        "export_kind": "bundle",
        "unit_type": ContentType.objects.get_for_model(Unit).pk,
        **lke_objects,
        **{
            f"h_{name}": obj.history.order_by("-history_id").first().history_id
            for name, obj in [
                ("unit", unit),
                ("section", section),
                ("membership", membership),
                ("item", item),
                ("evidence", evidence),
                *lke_objects.items(),
            ]
        },
    }


def export_objects(plan, personas: dict):
    """A finished export of the plan's bundle, requested by the coordinator, with its file."""
    from datetime import timedelta

    from django.core.files.base import ContentFile

    from exports.models import Export, ExportState

    export = Export.objects.create(
        requested_by=personas["k"], plan=plan, kind="bundle", state=ExportState.DONE, filename="bukti.zip"
    )
    export.file.save("bukti.zip", ContentFile(b"PK\x05\x06" + bytes(18)), save=False)
    export.expires_at = export.created_at + timedelta(days=1)
    export.save()
    return export


def monev_objects(unit: Unit, plan, personas: dict):
    """A Monev meeting with a recommendation owned by the PIC, one follow-up file of it, and the unit's logo."""
    from datetime import date

    from accounts.letterhead import letterhead_save
    from evidence.tests.conftest import make_png
    from monitoring.models import MonevSession
    from monitoring.services import recommendation_add, recommendation_follow_up

    session = MonevSession.objects.create(
        plan=plan, period="1", held_on=date(plan.year, 2, 3), attendees="Ketua", created_by=personas["k"]
    )
    recommendation = recommendation_add(
        session=session, text="Sosialisasi ulang", owner=personas["pic"], due_on=date(plan.year, 3, 1), by=personas["k"]
    )
    recommendation_follow_up(
        recommendation=recommendation,
        note="Sudah disosialisasikan",
        uploads=[SimpleUploadedFile("notulen.pdf", make_pdf(f"notulen {unit.code}"))],
        done=False,
        by=personas["pic"],
    )
    letterhead_save(
        unit=unit,
        name="",
        address="",
        logo=SimpleUploadedFile("logo.png", make_png()),
        remove_logo=False,
        by=personas["k"],
    )
    return recommendation, recommendation.documents.get()


@pytest.fixture
def offices(serang, seed_plan, other_unit, django_user_model):
    """Unit A (the seed plan) and unit B (a generated plan), each with one persona per role."""
    plan_b = plan_generate(unit=other_unit, year=2025, items=12)
    result = {}
    for key, unit, plan in [("A", serang, seed_plan), ("B", other_unit, plan_b)]:
        personas = {}
        for short, role in ROLES.items():
            user = django_user_model.objects.create_user(
                f"{short}-{key}", password="x", email=f"{short}-{key}@example.test", is_staff=role == Role.KOORDINATOR
            )
            Membership.objects.create(
                user=user, unit=unit, role=role, section=Section.objects.filter(unit=unit).first()
            )
            personas[short] = user
        ActionItem.objects.filter(area__plan=plan).order_by("pk").first().pics.add(personas["pic"])
        result[key] = (unit, personas, unit_objects(unit, plan, personas))
    return result


def shared_objects() -> dict:
    attempt = AccessAttempt.objects.create(username="x", ip_address="10.9.9.9", failures_since_start=1)
    return {
        "group": Group.objects.create(name="Kelompok").pk,
        "attempt": attempt.pk,
        "accesslog": AccessLog.objects.create(username="x", ip_address="10.9.9.9").pk,
        "failurelog": AccessFailureLog.objects.create(username="x", ip_address="10.9.9.9").pk,
        "app_actionplan": "actionplan",
        "nowhere": "tidak-ada/",
        "uid": "MQ",
        "token": "salah-token",
        "version": Version.objects.order_by("pk").first().pk,
        "subindikator": SubIndikator.objects.order_by("pk").first().pk,
        "pertanyaan": Pertanyaan.objects.order_by("pk").first().pk,
    }


def url_for(key: str, case: Case, objects: dict) -> str:
    values = [getattr(objects[a], "pk", objects[a]) for a in case.args]
    if key == UNNAMED_CHANGE_REDIRECT:
        return f"/admin/accounts/unit/{values[0]}/"
    if key.startswith("admin/(?P<url>"):
        return f"/admin/{values[0]}"
    if key == "admin:app_list":
        return reverse(key, kwargs={"app_label": values[0]})
    return reverse(key, args=values)


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)


PERSONAS = ["anon", "root"] + [f"{short}-{office}" for office in "AB" for short in ROLES]
# The three-level tree: roles held in A's province (P, KPU Provinsi Banten) and at KPU RI (N), above A;
# B (Cilegon in these fixtures) is under neither. "asr" is the province's preliminary assessor.
TREE_ROLES = {**ROLES, "asr": Role.PENILAI_PENDAHULUAN}
TREE = ["pim-P", "pen-P", "asr-P", "k-P", "pic-P", "pim-N"]
# A flowing role above A expects what the same role of A gets (the assessor: what A's pimpinan
# gets, plus `Case.tree`); a coordinator or PIC above A expects what the other office's do.
FLOWS_AS = {"pim": "pim", "pen": "pen", "asr": "pim"}
# Three parts, so that a parallel run (make test: pytest -n auto) spreads them over the cores
# without building the two offices once per persona.
HALVES = [PERSONAS[:5], PERSONAS[5:], TREE]


@pytest.fixture
def tree_personas(offices, django_user_model):
    """One persona per role in A's parent unit (KPU Provinsi Banten), and a pimpinan at KPU RI."""
    province = offices["A"][0].parent
    personas = {}
    for name in TREE:
        short, level = name.split("-")
        unit = province if level == "P" else province.parent
        user = django_user_model.objects.create_user(
            name, password="x", email=f"{name}@example.test", is_staff=short == "k"
        )
        Membership.objects.create(user=user, unit=unit, role=TREE_ROLES[short])
        personas[name] = user
    return personas


def tree_expected(short: str, case: Case, on_a: bool) -> int:
    """What a persona holding role `short` above A gets on A's objects (on_a) or on B's."""
    role = FLOWS_AS.get(short)
    if on_a and short in case.tree:
        return case.tree[short]
    if role is None:  # coordinator, PIC: their office is not A's
        return getattr(case, short) if case.other is None else case.other_by_role.get(short, case.other)
    if on_a or case.other is None:
        return getattr(case, role)
    return case.other_by_role.get(role, case.other)


@pytest.mark.parametrize("names", HALVES, ids=["anon-root-A", "A-B", "tree"])
def test_access_matrix(names, offices, tree_personas, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="x", email="root@example.test")
    shared = shared_objects()
    wrong = []
    for name in names:
        wrong += _persona_walk(name, offices, root, shared, tree_personas)
    assert wrong == [], "\n".join(wrong)


def _persona_walk(name: str, offices: dict, root, shared: dict, tree_personas: dict) -> list[str]:
    """One persona against every URL; the problems found."""
    if name in ("anon", "root"):
        office, role, user = None, name, (root if name == "root" else None)
    elif name in tree_personas:
        (role, office), user = name.split("-"), tree_personas[name]
    else:
        role, office = name.split("-")
        user = offices[office][1][role]
    client = Client()
    if user is not None:
        client.force_login(user)
    wrong, pages = [], 0
    for url_key, case in MATRIX.items():
        for object_office in ["A", "B"] if case.args else ["A"]:
            objects = {**shared, **offices[object_office][2]}
            url = url_for(url_key, case, objects)
            if role in ("anon", "root"):
                expected = getattr(case, role)
            elif office in ("P", "N"):
                expected = tree_expected(role, case, on_a=object_office == "A")
            elif office == object_office or case.other is None:
                expected = getattr(case, role)
            else:
                expected = case.other_by_role.get(role, case.other)
            send = client.post if case.method == "post" else client.get
            response = send(url, case.query) if case.method == "get" else send(url, {})
            if response.status_code != expected:
                wrong.append(f"{url_key} {url} as {name}: {response.status_code}, expected {expected}")
            if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                pages += 1
                html = b"".join(response.streaming_content) if response.streaming else response.content
                if "Content-Security-Policy" not in response:
                    wrong.append(f"{url} as {name}: no Content-Security-Policy header")
                if INLINE_SCRIPT.search(html.decode("utf-8", "replace")):
                    wrong.append(f"{url} as {name}: inline <script>")
            if url_key in ("logout", "admin:logout") and user is not None:
                client.force_login(user)
    if name != "anon" and pages < 10:
        wrong.append(f"{name}: only {pages} HTML pages checked")  # the checks above ran on pages, not on nothing
    return wrong
