"""Demo Monev for the seed plan: the kop surat, NIPs, two meetings with recommendations, one followed up (development only)."""

from datetime import date
from io import BytesIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from PIL import Image, ImageDraw

from accounts.letterhead import letterhead_save
from accounts.models import Profile, Section
from actionplan.models import Plan
from actionplan.pdf import html_to_pdf
from monitoring.models import MonevSession
from monitoring.services import recommendation_add, recommendation_follow_up, session_save

DEMO_NOTE = "(data demo)"
NIPS = {"pimpinan": "197801012005011002", "koordinator": "198503302010121002", "staf": "199104152019032011"}


def demo_logo() -> bytes:
    """A plain round emblem standing in for the office's logo (the real one is the coordinator's upload)."""
    image = Image.new("RGB", (240, 240), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 232, 232), fill=(176, 18, 28))
    draw.ellipse((40, 40, 200, 200), fill="white")
    draw.polygon(
        [
            (120, 56),
            (138, 104),
            (188, 104),
            (148, 134),
            (162, 184),
            (120, 154),
            (78, 184),
            (92, 134),
            (52, 104),
            (102, 104),
        ],
        fill=(176, 18, 28),
    )
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Adds the demo kop surat, NIPs and two Monev meetings to the seed plan, once (needs seed_demo first)."

    def handle(self, *args, **options):
        if not settings.ZI_ALLOW_DEMO:
            raise CommandError("Demo data is disabled in this configuration. Set ZI_ALLOW_DEMO=1 (or DEBUG=1).")
        plan = (
            Plan.objects.filter(unit__code="kpu-kab-serang", year=2025, decree_number="995")
            .select_related("unit")
            .first()
        )
        users = {u.username: u for u in get_user_model().objects.filter(username__in=list(NIPS))}
        if plan is None or len(users) < len(NIPS):
            raise CommandError("Run seed_demo first.")
        if MonevSession.objects.filter(plan=plan).exists():
            self.stdout.write("Demo Monev already present; nothing added.")
            return
        with transaction.atomic():
            self._seed(plan, users)
        self.stdout.write("Demo Monev added: the kop surat, NIPs, the meetings of Triwulan I and II 2025.")

    def _seed(self, plan, users):
        coordinator, staff = users["koordinator"], users["staf"]
        letterhead_save(
            unit=plan.unit,
            name="KOMISI PEMILIHAN UMUM\nKABUPATEN SERANG",
            address="Jl. Veteran No. 1, Kota Serang, Banten 42111 · Telepon (0254) 000000\nkab-serang.kpu.go.id "
            + DEMO_NOTE,
            logo=SimpleUploadedFile("logo.png", demo_logo()),
            remove_logo=False,
            by=coordinator,
        )
        for username, nip in NIPS.items():
            Profile.objects.update_or_create(user=users[username], defaults={"nip": nip})
        section = Section.objects.filter(memberships__user=staff, unit=plan.unit).first()
        people = "Sekretaris KPU Kabupaten Serang\nKoordinator Tim Zona Integritas\nKepala Sub Bagian Parmas & SDM\nKepala Sub Bagian Hukum\nTim Penilai Internal"
        first = session_save(
            plan=plan,
            data={
                "period": "q1",
                "held_on": date(2025, 4, 9),
                "place": "Ruang Rapat KPU Kabupaten Serang",
                "attendees": people,
                "conclusions": "Realisasi Triwulan I sesuai rencana pada Area I dan II.\n"
                "Bukti fisik Area III dan IV belum lengkap; dua baris belum dilaporkan bulan Maret.\n" + DEMO_NOTE,
            },
            by=coordinator,
        )
        done = recommendation_add(
            session=first,
            text="Lengkapi bukti fisik Area III (daftar hadir dan notulen sosialisasi kode etik).",
            owner=section or staff,
            due_on=date(2025, 5, 15),
            by=coordinator,
        )
        recommendation_add(
            session=first,
            text="Setiap PIC melaporkan realisasi paling lambat tanggal 5 bulan berikutnya.",
            owner=staff,
            due_on=date(2025, 4, 30),
            by=coordinator,
        )
        notulen = html_to_pdf("<p>Notulen sosialisasi kode etik, 2 Mei 2025 (data demo)</p>")
        recommendation_follow_up(
            recommendation=done,
            note="Sosialisasi kode etik dilaksanakan 2 Mei 2025; daftar hadir dan notulen diunggah.",
            uploads=[SimpleUploadedFile("notulen-sosialisasi.pdf", notulen)],
            done=True,
            by=staff,
            today=date(2025, 5, 6),
        )
        second = session_save(
            plan=plan,
            data={
                "period": "q2",
                "held_on": date(2025, 7, 8),
                "place": "Ruang Rapat KPU Kabupaten Serang",
                "attendees": people,
                "conclusions": "Capaian Triwulan II di bawah target pada Area V.\nSurvei kepuasan layanan perlu dijadwalkan.\n"
                + DEMO_NOTE,
            },
            by=coordinator,
        )
        recommendation_add(
            session=second,
            text="Jadwalkan survei kepuasan layanan publik sebelum akhir Agustus.",
            owner=coordinator,
            due_on=date(2025, 8, 29),
            by=coordinator,
        )
