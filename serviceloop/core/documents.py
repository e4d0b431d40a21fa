"""Printed documents: one HTML page with an A4 print stylesheet, and the same HTML as a PDF.

A document template extends `core/documents/base.html` (company header, the form's Chinese
title with its name in the reader's language, form number, date, "page N of M"). The page
is what the browser shows and prints; `render_pdf` turns the same HTML into a PDF with
WeasyPrint on the server. WeasyPrint reads only our own static files and the data: URIs in
the page (thumbnails): it never fetches from the network, so a document cannot be made to
call another host. See docs/decisions/0016-printed-documents.md.
"""

import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language

# The origin the document's relative URLs are resolved against; nothing is served there.
BASE_URL = "https://documents.serviceloop.invalid/"


@dataclass(frozen=True)
class DocumentForm:
    """One of the office's controlled forms: its number and its Chinese title, with the
    name the reader's language gives it (a lazy translation)."""

    number: str
    title_zh: str
    title: Any


class DocumentRefused(Exception):
    """A document asked for something outside our static files."""


def _static_file(url: str) -> Path:
    path = url.removeprefix(BASE_URL.rstrip("/")).removeprefix(settings.STATIC_URL)
    found = finders.find(path)
    if not found and settings.STATIC_ROOT:
        candidate = Path(settings.STATIC_ROOT) / path
        found = str(candidate) if candidate.is_file() else None
    if not found or ".." in path:
        raise DocumentRefused(url)
    return Path(found)


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class OwnFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if not url.startswith(BASE_URL.rstrip("/") + settings.STATIC_URL):
                raise DocumentRefused(url)
            file = _static_file(url)
            content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=file.read_bytes(), headers={"Content-Type": content_type}
            )

    return OwnFilesOnly(allowed_protocols=("https", "data"))


def render_pdf(html: str) -> bytes:
    """The PDF of a document page's HTML (fonts embedded, subset)."""
    # Imported here: WeasyPrint loads Pango at import, which only documents need.
    from PIL import ImageFile
    from weasyprint import HTML

    # WeasyPrint's import turns on Pillow's global tolerance of truncated images; uploads
    # (core/media.py) must keep refusing them, and documents embed only our own images.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).write_pdf()


def document_context(form: DocumentForm, **context: Any) -> dict[str, Any]:
    """The context every document template reads besides its own data."""
    return {
        "form": form,
        "company": settings.DOCUMENT_COMPANY,
        "printed_at": timezone.localtime(),
        "language": get_language(),
        **context,
    }


def document_response(
    request: HttpRequest,
    *,
    template: str,
    form: DocumentForm,
    filename: str,
    as_pdf: bool,
    context: dict[str, Any],
) -> HttpResponse:
    """The document as its print page, or as a PDF download named `filename`.pdf."""
    page_context = document_context(form, as_pdf=as_pdf, **context)
    html = render_to_string(template, page_context, request=request)
    if not as_pdf:
        return HttpResponse(html)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    safe = slugify(filename) or "document"
    response["Content-Disposition"] = f'inline; filename="{safe}.pdf"'
    return response
