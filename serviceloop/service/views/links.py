"""The customer's one-time links (feedback, information asked for, quote approval), shown
once to the colleague who just made one."""

import segno

from ..notifications import token_link

# The customer's one-time links, by kind: the page that opens them.
LINK_PAGES = {"feedback": "feedback", "info-request": "info_request", "quote": "quote_decision"}


def remember_link(request, kind: str, case, token: str) -> None:
    """Keeps a link just made for the next page only: the database keeps its hash, not it."""
    request.session[f"{kind}-link-{case.pk}"] = token


def shown_once(request, kind: str, case) -> dict | None:
    """The link made on the previous step, once, with its QR code for a phone to scan;
    afterwards only the e-mail has it."""
    token = request.session.pop(f"{kind}-link-{case.pk}", None)
    if token is None:
        return None
    link = token_link(LINK_PAGES[kind], token)
    return {"link": link, "svg": segno.make(link, error="m").svg_inline(scale=4, omitsize=True)}
