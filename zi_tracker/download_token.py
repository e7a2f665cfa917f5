"""Tells the page that a requested download has started: the spinner on a long export's button stops then.

A button marked `data-download` (static/js/downloads.js) adds `download_token=<random>` to its
request; when the response is a file (Content-Disposition: attachment), its headers carry a short
cookie of that name, which the page sees as soon as the first bytes arrive, before a streamed
bundle has finished. Nothing else is read or kept: the cookie lives a minute and holds "1".
"""

import re

TOKEN = re.compile(r"^[A-Za-z0-9]{8,40}$")
COOKIE_PREFIX = "zi_download_"


class DownloadTokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        token = request.GET.get("download_token", "")
        if TOKEN.match(token) and response.get("Content-Disposition", "").startswith("attachment"):
            # Not HttpOnly: the page's script must read it. It says only that a download began.
            response.set_cookie(COOKIE_PREFIX + token, "1", max_age=60, samesite="Lax", secure=request.is_secure())
        return response
