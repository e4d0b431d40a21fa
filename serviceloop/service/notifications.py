"""E-mails to the customer carrying a one-time link (readings asked for, feedback, quote
approval) or a signed repair report's PDF, each written in the customer's language; nothing
is sent without an address."""

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.text import slugify

from serviceloop.core.links import absolute_url
from serviceloop.core.mail import send_in_language

from .models import Case, InfoRequest, Quote
from .selectors.charges import quote_totals
from .selectors.reports import ReportDocument


def customer_language(case: Case) -> str:
    return case.reporter.language if case.reporter_id else settings.LANGUAGE_CODE


def token_link(url_name: str, token: str) -> str:
    """The absolute address of a one-time link's page (`feedback`, `info_request`...)."""
    return absolute_url(reverse(url_name, args=[token]))


def _send(
    case: Case,
    email: str,
    template: str,
    context: dict[str, Any],
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> None:
    if email:
        language = customer_language(case)
        send_in_language(
            to=email,
            language=language,
            template=f"service/emails/{template}",
            context=context,
            attachments=attachments,
        )


def send_info_request(request: InfoRequest, token: str) -> None:
    link = token_link("info_request", token)
    _send(
        request.case,
        request.sent_to,
        "info_request",
        {"request": request, "case": request.case, "link": link},
    )


def send_feedback_request(case: Case, email: str, token: str) -> None:
    _send(case, email, "feedback", {"case": case, "link": token_link("feedback", token)})


def send_quote(quote: Quote, token: str) -> None:
    context = {
        "quote": quote,
        "totals": quote_totals(quote),
        "link": token_link("quote_decision", token),
    }
    _send(quote.case, quote.sent_to, "quote", context)


def send_signed_report(document: ReportDocument, email: str, pdf: bytes) -> None:
    context = {"report": document.report, "case": document.case, "number": document.number}
    attachment = (f"{slugify(document.filename)}.pdf", pdf, "application/pdf")
    _send(document.case, email, "report_signed", context, [attachment])
