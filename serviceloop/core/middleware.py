"""Text from requests is cleaned once, before any view or form sees it.

The rule and why it is a middleware: docs/decisions/0012-input-cleaning.md.
"""

import re

from django.http import QueryDict

# C0 control characters but tab, line feed and carriage return. Nobody types them: they
# come from scripts or broken pastes, PostgreSQL refuses NUL in text, and Excel exports
# refuse the others. Removing them loses nothing a person meant.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def without_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def cleaned(query: QueryDict) -> QueryDict:
    """`query` without control characters in its keys and values, immutable like Django's."""
    if not any(
        CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(v) for v in values)
        for key, values in query.lists()
    ):
        return query
    clean = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        key = without_control_characters(key)
        clean.setlist(key, clean.getlist(key) + [without_control_characters(v) for v in values])
    clean._mutable = False
    return clean


class InputCleaningMiddleware:
    """Every form and filter reads request.GET and request.POST: cleaning them here covers
    all of them, including forms written next year, without each remembering a validator."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = cleaned(request.GET)
        if request.method == "POST":
            # Parsing the body here is what CsrfViewMiddleware does next anyway.
            request.POST = cleaned(request.POST)
        return self.get_response(request)
