"""The demo Monev: kop, NIPs and two meetings on the demo plan, once; refused where demo data is off."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Profile, Unit
from monitoring.models import MonevSession, Recommendation

pytestmark = pytest.mark.django_db


def test_seed_demo_monev_adds_the_meetings_once(settings):
    settings.ZI_ALLOW_DEMO = True
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo_monev", stdout=StringIO())
    unit = Unit.objects.get(code="kpu-kab-serang")
    assert unit.letterhead_lines == ["KOMISI PEMILIHAN UMUM", "KABUPATEN SERANG"] and unit.letterhead_logo
    assert Profile.objects.filter(nip__regex=r"^[0-9]{18}$").count() == 3
    assert sorted(MonevSession.objects.values_list("period", flat=True)) == ["q1", "q2"]
    assert list(Recommendation.objects.order_by("pk").values_list("status", flat=True)) == ["done", "open", "open"]
    out = StringIO()
    call_command("seed_demo_monev", stdout=out)
    assert "nothing added" in out.getvalue() and Recommendation.objects.count() == 3


def test_seed_demo_monev_is_refused_without_demo_data(settings, seed_plan):
    settings.ZI_ALLOW_DEMO = False
    with pytest.raises(CommandError, match="ZI_ALLOW_DEMO"):
        call_command("seed_demo_monev")
