"""Idle session timeout: a signed-in session lives SESSION_COOKIE_AGE after its last request."""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

SEEN = "_zi_seen"


# Renewing the expiry means writing the session: at most every 5 minutes (a sixth of shorter
# timeouts) spares a database write on every page; the session then ends between 25 and 30
# minutes after the last request with the default 30.
def renew_after_seconds() -> int:
    return min(300, settings.SESSION_COOKIE_AGE // 6)


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and "_auth_user_id" in session:
            now = int(time.time())
            if now - session.get(SEEN, 0) >= renew_after_seconds():
                session[SEEN] = now  # modified: SessionMiddleware saves it with a fresh expiry
        return response


@receiver(user_logged_in)
def _mark_login(sender, request, user, **kwargs):
    """A new session counts as seen now, so its first pages write nothing."""
    if request is not None and hasattr(request, "session"):
        request.session[SEEN] = int(time.time())
