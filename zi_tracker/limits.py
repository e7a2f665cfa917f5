"""Length limits on free text typed into forms, with Django's own "at most N characters" message.

The models keep TextField (the decree's cells vary): the limit is a rule of what a person may
type, so forms carry it, and browsers stop at it too (maxlength).
"""

from django.core.validators import MaxLengthValidator

NARRATIVE_MAX = 5000  # each of a month's progress texts (what was done, kendala, tindak lanjut)
NOTE_MAX = 2000  # a reviewer's note
DECREE_TEXT_MAX = 10000  # one cell of the decree (the seed's longest is 771)


def limit_length(field, limit: int):
    """Give an already built form field a maximum length (validator and maxlength attribute)."""
    field.max_length = limit
    field.validators.append(MaxLengthValidator(limit))
    field.widget.attrs["maxlength"] = str(limit)
    return field


# A plan table to import: the seed's Lampiran is 12 KB, a 5,000-row plan about 1 MB.
IMPORT_FILE_MAX = 10_000_000
