"""The forms of an HTML page, and the data a browser would send for each, with its text
fields replaced by something hostile.

Python's own `html.parser` is enough: pages are our templates, and what matters is which
fields a person can type into, not how the page looks.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# Inputs a person types into; everything a browser lets them type reaches the server as text,
# whatever the type says (an e-mail or a number field sent by a script included).
TYPED = {
    "text", "search", "email", "url", "tel", "number", "password", "date", "time",
    "datetime-local", "month", "week", "color", "range",
}  # fmt: skip
NOT_SENT = {"submit", "button", "reset", "image", "file"}


@dataclass
class HtmlForm:
    action: str
    method: str
    fixed: list[tuple[str, str]] = field(default_factory=list)  # hidden inputs, the submit
    typed: list[str] = field(default_factory=list)  # inputs and textareas a person fills
    selects: dict[str, list[str]] = field(default_factory=dict)  # name -> real option values
    chosen: dict[str, list[str]] = field(default_factory=dict)  # name -> selected values
    radios: dict[str, list[str]] = field(default_factory=dict)
    checkboxes: dict[str, list[str]] = field(default_factory=dict)  # name -> checked values

    def data(self, text: str, *, ids: str | None = None) -> dict[str, list[str]]:
        """What a browser sends with every typed field holding `text`; with `ids`, every
        select, radio and checkbox (the ids a person picks) holds that value instead."""
        sent: dict[str, list[str]] = {}
        for name, value in self.fixed:
            sent.setdefault(name, []).append(value)
        for name in self.typed:
            sent.setdefault(name, []).append(text)
        for name, values in self.selects.items():
            picked = self.chosen.get(name) or values[:1]
            if ids is not None:
                picked = [ids]
            if picked:
                sent[name] = picked
        for name, values in self.radios.items():
            sent.setdefault(name, [ids if ids is not None else values[0]])
        for name, checked in self.checkboxes.items():
            picked = [ids] if ids is not None else checked
            if picked:
                sent.setdefault(name, []).extend(picked)
        return sent

    def key(self) -> tuple:
        names = {*self.typed, *self.selects, *self.radios, *self.checkboxes}
        return (self.action, tuple(sorted(names)))


class _Parser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[HtmlForm] = []
        self.form: HtmlForm | None = None
        self.select: str | None = None
        self.submit_seen = False
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "option":
            self._option(a)
            return
        if tag == "a" and "?" in a.get("href", ""):
            self.links.append(urljoin(self.page_url, a["href"]))
        if a.get("hx-get"):  # htmx sends the element's own value with the request
            separator = "&" if "?" in a["hx-get"] else "?"
            query = f"{separator}{a['name']}=" if a.get("name") else ""
            self.links.append(urljoin(self.page_url, a["hx-get"] + query))
        if tag == "form":
            action = urljoin(self.page_url, a.get("action") or self.page_url)
            self.form = HtmlForm(action=action, method=a.get("method", "get").lower())
            self.forms.append(self.form)
            self.submit_seen = False
            return
        if self.form is None or "disabled" in a:
            return
        name = a.get("name", "")
        if tag == "button" and a.get("type", "submit") == "submit":
            self._submit(name, a.get("value", ""))
        elif not name:
            return
        elif tag == "textarea":
            self.form.typed.append(name)
        elif tag == "select":
            self.select = name
            self.form.selects.setdefault(name, [])
        elif tag == "input":
            self._input(name, a)

    def _input(self, name: str, a: dict) -> None:
        kind = a.get("type", "text").lower()
        if kind == "hidden":
            self.form.fixed.append((name, a.get("value", "")))
        elif kind == "checkbox":
            checked = self.form.checkboxes.setdefault(name, [])
            if "checked" in a:
                checked.append(a.get("value", "on"))
        elif kind == "radio":
            self.form.radios.setdefault(name, []).append(a.get("value", "on"))
        elif kind == "submit":
            self._submit(name, a.get("value", ""))
        elif kind not in NOT_SENT:
            self.form.typed.append(name)

    def _submit(self, name: str, value: str) -> None:
        # A browser sends the button that was pressed: the first one, here.
        if not self.submit_seen and name:
            self.form.fixed.append((name, value))
        self.submit_seen = True

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None

    def _option(self, a: dict) -> None:
        if self.form is None or self.select is None:
            return
        value = a.get("value", "")
        if value:  # an empty value is the "choose..." line, not a real choice
            self.form.selects[self.select].append(value)
        if "selected" in a:
            self.form.chosen.setdefault(self.select, []).append(value)


def forms_on(page_url: str, html: str) -> list[HtmlForm]:
    """Every <form> of the page whose action stays on this site."""
    parser = _Parser(page_url)
    parser.feed(html)
    return [form for form in parser.forms if not urlsplit(form.action).netloc]


def query_parameters_on(page_url: str, html: str) -> dict[str, set[str]]:
    """path -> the query parameters the page's GET forms and links send to it."""
    parser = _Parser(page_url)
    parser.feed(html)
    found: dict[str, set[str]] = {}
    for form in parser.forms:
        if form.method == "get":
            names = {n for n, _ in form.fixed} | set(form.key()[1])
            found.setdefault(urlsplit(form.action).path, set()).update(names)
    for link in parser.links:
        parts = urlsplit(link)
        if not parts.netloc:
            names = {pair.split("=")[0] for pair in parts.query.split("&") if pair}
            found.setdefault(parts.path, set()).update(names)
    return found
