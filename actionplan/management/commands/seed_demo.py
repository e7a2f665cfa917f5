"""Load the seed decree (KPU Kabupaten Serang 2025) and create one demo user per role."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Role, Section, Unit
from actionplan.models import ActionItem, Plan

FIXTURE = settings.BASE_DIR / "fixtures" / "kpu_serang_2025.json"
UNIT_CODE = "kpu-kab-serang"
COORDINATOR_GROUP = "Koordinator ZI"
DEMO_USERS = [
    # username, full name, role, title, section short name
    ("koordinator", "Rahmat Hidayat", Role.KOORDINATOR, "Koordinator Tim ZI", None),
    ("staf", "Dewi Lestari", Role.PIC, "Staf Sub Bagian Parmas & SDM", "Parmas & SDM"),
    ("pimpinan", "Ahmad Fauzi", Role.PIMPINAN, "Sekretaris", None),
    ("penilai", "Siti Aminah", Role.PENILAI, "Tim Penilai Internal", None),
]


class Command(BaseCommand):
    help = "Loads the seed decree if it is missing and creates demo users (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="zi-demo-2025", help="Password for every demo user.")

    def handle(self, *args, password: str, **options):
        if not settings.ZI_ALLOW_DEMO:
            raise CommandError(
                "Demo data is disabled in this configuration. Set ZI_ALLOW_DEMO=1 (or DEBUG=1) to allow it."
            )
        started = timezone.now()
        with transaction.atomic():
            if not Plan.objects.filter(unit__code=UNIT_CODE, year=2025, decree_number="995").exists():
                call_command("loaddata", str(FIXTURE), verbosity=0)
                # A baseline history row per decree row, so that the first change shows old → new.
                call_command("populate_history", auto=True, verbosity=0)
                self.stdout.write("Loaded the seed decree: Keputusan KPU Kabupaten Serang Nomor 995 Tahun 2025.")
            unit = Unit.objects.get(code=UNIT_CODE)
            coordinators = self._coordinator_group()
            rows = []
            for username, full_name, role, title, section_name in DEMO_USERS:
                user = self._user(username, full_name, password, staff=(role == Role.KOORDINATOR))
                section = Section.objects.filter(unit=unit, short_name=section_name).first() if section_name else None
                Membership.objects.update_or_create(
                    user=user, unit=unit, role=role, defaults={"title": title, "section": section}
                )
                if role == Role.KOORDINATOR:
                    user.groups.add(coordinators)
                if role == Role.PIC and section is not None:
                    for item in ActionItem.objects.filter(area__plan__unit=unit, section=section):
                        item.pics.add(user)
                rows.append((username, role.label))
            admin = self._user("admin", "Administrator", password, staff=True, superuser=True)
            rows.append((admin.username, "superuser"))
            self._date_history(unit, since=started)
        self.stdout.write(f"Demo logins (password for all: {password}):")
        for username, label in rows:
            self.stdout.write(f"  {username:<12} {label}")

    def _date_history(self, unit, *, since):
        """The decree's rows were enacted, and the demo PICs assigned, on the signing date, not today.

        Otherwise a demo's history reads "recorded 2 December 2026" above reports of January 2025.
        """
        history = ActionItem.history.model.objects.filter(area__plan__unit=unit, history_date__gte=since)
        for plan in Plan.objects.filter(unit=unit):
            signed = timezone.make_aware(datetime.combine(plan.signed_on, time(8, 0)))
            history.filter(area__plan=plan, history_type="+").update(history_date=signed)
            history.filter(area__plan=plan).exclude(history_type="+").update(history_date=signed + timedelta(hours=1))

    def _user(self, username, full_name, password, *, staff=False, superuser=False):
        first, _, last = full_name.partition(" ")
        user, _created = get_user_model().objects.get_or_create(username=username)
        user.first_name, user.last_name = first, last
        user.email = f"{username}@demo.invalid"
        user.is_staff = staff or superuser
        user.is_superuser = superuser
        user.set_password(password)
        user.save()
        return user

    def _coordinator_group(self):
        group, _created = Group.objects.get_or_create(name=COORDINATOR_GROUP)
        perms = Permission.objects.filter(
            content_type__app_label__in=["actionplan", "accounts"],
        ).exclude(codename__in=["add_unit", "delete_unit"])
        group.permissions.set(perms)
        return group
