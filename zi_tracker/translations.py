"""Our Indonesian wording for a few strings of Django and its libraries (never imported at run time).

Listed here so that `makemessages` keeps them in locale/id, where they take precedence over the
libraries' own catalogues: Django's login error reads "nama pengguna nama pengguna", its admin
leaves "None" in English, django-simple-history leaves "Changes" untranslated, "Rubah" is a slip.
"""

from django.utils.translation import gettext_noop

OVERRIDES = [
    gettext_noop("Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."),
    gettext_noop("Password"),
    gettext_noop("None"),
    gettext_noop("Changes"),
    gettext_noop("Change or view list link"),
    gettext_noop("Change history: %s"),
]
