"""An empty plan table in the Lampiran layout, with a sheet of instructions, for offices to fill in."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from actionplan.xlsx import BOX, COLUMNS

HINTS = [
    "Isi satu baris per Langkah Aksi di bawah baris judul kolom (No, Komponen, …).",
    "Judul area: satu baris seperti “I. PENYUSUNAN TIM KERJA” (atau “A. …”), boleh digabung (merge) dan tebal.",
    "No: 1, 2, 3 … per area. Sel yang digabung ke bawah berlaku untuk tiap baris di bawahnya.",
    "Target Waktu: “Januari – Desember 2026”, “Juni 2026”, “Triwulan I”, “Semester II”, “Tiap Bulan”,",
    "  “Maret, Juni, September dan Desember” atau kode bulan “B03, B06, B09 dan B12”.",
    "Bukti Fisik: dokumen dipisah koma, mis. “Undangan Rapat, Daftar Hadir”.",
    "PIC: nama atau nama pengguna anggota unit, dipisah koma.",
    "Kolom lain (mis. Keterangan) disimpan sebagai catatan baris.",
    "Jangan memakai rumus (=…): ketik nilainya.",
]


def template_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Lampiran"
    headers = [*COLUMNS, ("PIC", 18)]
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    title = sheet.cell(1, 1, "RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS")
    title.font, title.alignment = Font(bold=True), Alignment(horizontal="center")
    for index, (name, width) in enumerate(headers, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        cell = sheet.cell(3, index, name)
        cell.font, cell.border = Font(bold=True), BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.freeze_panes = "A4"
    help_sheet = book.create_sheet("Petunjuk")
    help_sheet.column_dimensions["A"].width = 110
    for row, line in enumerate(HINTS, 1):
        help_sheet.cell(row, 1, line)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
