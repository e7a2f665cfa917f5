"""Load an LKE version from its fixture (fixtures/lke_*.json) into the catalogue tables."""

import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "lke_permenpanrb_90_2021.json"


def catalogue_load(*, path: Path = FIXTURE, models=None) -> None:
    """Create the version described by the file, unless its code exists. `models` is a migration's
    `apps` (historical models) or None for the current ones; either way it writes the same rows."""
    if models is None:
        from django.apps import apps as models
    get = lambda name: models.get_model("lke", name)  # noqa: E731
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    meta = data["version"]
    version, created = get("Version").objects.get_or_create(
        code=meta["code"],
        defaults={
            "name": meta["name"],
            "source": meta["source"],
            "answer_types": meta["answer_types"],
            "predikat": meta["predikat"],
        },
    )
    if not created:
        return
    areas = {}
    for k_order, k in enumerate(data["komponen"], 1):
        komponen = get("Komponen").objects.create(
            version=version, order=k_order, code=k["code"], key=k["key"], name=k["name"], bobot=Decimal(k["bobot"])
        )
        for s_order, s in enumerate(k["sub_komponen"], 1):
            sub_komponen = get("SubKomponen").objects.create(
                komponen=komponen,
                order=s_order,
                code=s["code"],
                key=s["key"],
                name=s["name"],
                bobot=Decimal(s["bobot"]),
            )
            for a in s["areas"]:
                area = None
                if a["code"]:
                    area = areas.get(a["code"])
                    if area is None:
                        area = areas[a["code"]] = get("Area").objects.create(
                            version=version, number=int(a["code"]), name=a["name"]
                        )
                for si_order, si in enumerate(a["sub_indikator"], 1):
                    sub_indikator = get("SubIndikator").objects.create(
                        sub_komponen=sub_komponen,
                        area=area,
                        order=si_order,
                        code=si["code"],
                        key=si["key"],
                        name=si["name"],
                        bobot=Decimal(si["bobot"]),
                    )
                    get("Pertanyaan").objects.bulk_create(
                        get("Pertanyaan")(
                            sub_indikator=sub_indikator,
                            order=q_order,
                            code=q["code"],
                            heading=q.get("heading", ""),
                            text=q["text"],
                            penjelasan=q["penjelasan"],
                            answer_type=q["answer_type"],
                            inputs=q["inputs"],
                            formula=q.get("formula", {}),
                        )
                        for q_order, q in enumerate(si["pertanyaan"], 1)
                    )
