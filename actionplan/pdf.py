"""WeasyPrint rendering of the decree and its Lampiran, with a fetcher that never leaves the server."""

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from accounts.letterhead import logo_data_uri
from actionplan.models import Area, Plan
from actionplan.selectors import plan_lampiran

logger = logging.getLogger(__name__)

# Documents are rendered against this made-up origin so that "/static/…" links resolve to it;
# the fetcher answers those from our own static files and nothing else.
PDF_BASE_URL = "http://zi-tracker.invalid/"


class StaticOnlyFetcher(URLFetcher):
    """Serves our static files and data: URLs; refuses every other URL (no network, no file:)."""

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        parts = urlsplit(url)
        origin = urlsplit(PDF_BASE_URL)
        static_prefix = "/" + settings.STATIC_URL.lstrip("/")
        if (parts.scheme, parts.netloc) == (origin.scheme, origin.netloc) and parts.path.startswith(static_prefix):
            relative = unquote(parts.path[len(static_prefix) :])
            found = finders.find(relative) if ".." not in Path(relative).parts else None
            if found:
                content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
                return URLFetcherResponse(url, Path(found).read_bytes(), {"Content-Type": content_type})
        logger.warning("PDF rendering refused to fetch %s", url)
        raise ValueError(f"Refused to fetch {url}: only static files and data: URLs are allowed")


def html_to_pdf(html: str) -> bytes:
    """The bare WeasyPrint step, shared by every document (and measured alone by bench/)."""
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()


def lampiran_context(plan: Plan, areas: list[Area] | None = None) -> dict:
    return {"plan": plan, "areas": plan_lampiran(plan=plan) if areas is None else areas}


def lampiran_html(plan: Plan) -> str:
    return render_to_string("actionplan/pdf/lampiran.html", lampiran_context(plan))


def decree_html(plan: Plan) -> str:
    clauses = list(plan.clauses.order_by("part", "order"))
    context = lampiran_context(plan) | {
        "menimbang": [c for c in clauses if c.part == "menimbang"],
        "mengingat": [c for c in clauses if c.part == "mengingat"],
        "diktum": [c for c in clauses if c.part == "diktum"],
        # The unit's logo, when its coordinator uploaded one (the kop surat), above the heading.
        "logo": logo_data_uri(plan.unit),
    }
    return render_to_string("actionplan/pdf/decree.html", context)


def lampiran_pdf(plan: Plan) -> bytes:
    return html_to_pdf(lampiran_html(plan))


def decree_pdf(plan: Plan) -> bytes:
    return html_to_pdf(decree_html(plan))
