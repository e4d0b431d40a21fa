"""Survey answers imported from a spreadsheet (.xlsx or CSV), through serviceloop.transfer:
the same dry run row by row, and a file applies whole or not at all.

One row is one respondent, one column one question. The template of a questionnaire
version (`answer_template`, on the paper-answers page) has every column:
- `questionnaire`: the questionnaire's code and version, e.g. `standard/1` (the code alone
  means its newest version). A file answers one version: every row names the same.
- `campaign` (optional): the name of the office's campaign that asked this version.
- `customer`: the customer's code, Chinese or Latin name. `contact`: the full name of one
  of its contacts; else `respondent` (the name as written), with `department` and `title`.
- `survey_date`, `method` (phone, email, on_site, paper, or its name; empty: import),
  `interviewer` (username or full name of someone of the office), `case_number`.
- One column per question, headed by its code (`A1`…`C3`): a rating's whole number on its
  scale, or `N/A` where allowed; a choice's code or label (several separated by `;`); a
  written answer as text. A rating that asks importance too has a second column headed
  `<code>_importance` (`A1_importance`, or the short `A1_I`), 1 to 5.

Refused, with the row and column: a column heading no question of the version, a score off
its scale, text in a number column, an unknown customer, contact, interviewer or case, and
the same respondent twice: the same contact (or, without one, the same name at the same
customer) on the same survey date, twice in the file or already recorded for this version
and campaign. One respondent may answer again another day (a survey after each case).
"""

import re
from collections.abc import Hashable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serviceloop.accounts.models import User
from serviceloop.core.tabular.imports import Importer, ListDefinition, PlannedRow, RowError
from serviceloop.core.tabular.parsers import parse_date, parse_integer
from serviceloop.core.tabular.reading import Row
from serviceloop.core.text import normalize_code
from serviceloop.customers.selectors import contacts_for, customers_for
from serviceloop.service.selectors.cases import cases_for

from ..models import Choice, Question, Response, Version
from ..permissions import ANSWER_READERS, ANSWER_RECORDERS
from ..selectors.campaigns import campaigns_for
from .answers import (
    Given,
    check_given,
    check_respondent,
    record_paper_response,
    respondent_from,
)
from .import_columns import (
    COLUMNS,
    METHODS,
    NOT_APPLICABLE,
    STATIC,
    export_queryset,
    export_rows,
    find_version,
    fold,
    questions_of,
)

_SEPARATORS = re.compile(r"[;；\n]")
IMPORTANCE_SUFFIXES = ("_importance", "_i")


class AnswerImporter(Importer):
    model = Response
    key_column = "respondent"
    key_name = gettext_lazy("respondent")

    def __init__(self, user: User):
        super().__init__(user)
        self.version: Version | None = None
        self.columns: dict[str, tuple[Question, str]] = {}  # column -> (question, part)
        self.answers: dict[int, dict[Question, Given]] = {}  # by row number
        self.respondents: dict[tuple, tuple[int, str]] = {}  # who -> (first row, column)

    def prepare(self, rows: list[Row]) -> None:
        named = next(
            (row.values["questionnaire"] for row in rows if row.values.get("questionnaire")), ""
        )
        self.version = find_version(self.user, named) if named else None
        customers = customers_for(self.user).filter(archived_at__isnull=True)
        self.customers: dict[str, Any] = {}
        for customer in customers:
            for name in (customer.name_zh, customer.name_en):
                if name:
                    self.customers.setdefault(fold(name), customer)
        self.customers |= {normalize_code(c.code): c for c in customers}  # a code wins
        self.contacts = {
            (contact.customer_id, fold(contact.full_name)): contact
            for contact in contacts_for(self.user).filter(archived_at__isnull=True)
        }
        people = User.objects.filter(is_active=True, office_id=self.user.office_id)
        self.people = {fold(p.full_name): p for p in people} | {
            p.username.lower(): p for p in people
        }
        self.cases = cases_for(self.user)
        self.campaigns = (
            {fold(c.name): c for c in campaigns_for(self.user).filter(version=self.version)}
            if self.version
            else {}
        )

    def known_columns(self, columns: list[str]) -> list[str]:
        """Every column is used or reported as an error: none is silently ignored."""
        return list(columns)

    def header_errors(self, columns: list[str]) -> list[RowError]:
        if self.version is None:
            return []
        by_code = {question.code.lower(): question for question in questions_of(self.version)}
        errors = []
        for column in columns:
            if column in STATIC:
                continue
            base, part = column, "score"
            for suffix in IMPORTANCE_SUFFIXES:
                if column.endswith(suffix) and column.removesuffix(suffix) in by_code:
                    base, part = column.removesuffix(suffix), "importance"
            question = by_code.get(base)
            if question is None:
                message = _("No question %(code)s in %(version)s: an unknown column.")
                errors.append(
                    RowError(1, column, message % {"code": column.upper(), "version": self.version})
                )
            elif part == "importance" and not question.asks_importance:
                message = _("Question %(code)s does not ask importance.")
                errors.append(RowError(1, column, message % {"code": question.code}))
            else:
                self.columns[column] = (question, part)
        return errors

    def read(self, reader) -> Hashable | None:
        if self.version is None:
            reader.fail("questionnaire", _("No questionnaire of this code and version."))
            return None
        text = reader.value("questionnaire")
        if text and find_version(self.user, text) != self.version:
            reader.fail("questionnaire", _("Every row of a file answers the same version."))
        customer = self._lookup(
            reader,
            "customer",
            self.customers.get(normalize_code(reader.value("customer")))
            or self.customers.get(fold(reader.value("customer"))),
            _("No customer of your office by this code or name."),
        )
        reader.read("survey_date", "surveyed_on", parse_date, required=True)
        if customer is not None:
            reader.set("customer", "customer", customer)
            self._read_respondent(reader, customer)
        reader.read("department", "respondent_department")
        reader.read("title", "respondent_title")
        reader.read("method", "method", self._method, skip_empty=True)
        reader.changes.setdefault("method", Response.Method.IMPORT)
        self._optional(
            reader,
            "interviewer",
            "interviewer",
            self.people.get(fold(reader.value("interviewer"))),
            _("Nobody of your office by this name."),
        )
        case = (
            self.cases.filter(number__iexact=reader.value("case_number")).first()
            if reader.value("case_number")
            else None
        )
        self._optional(
            reader, "case_number", "case", case, _("No case of your office has this number.")
        )
        self._optional(
            reader,
            "campaign",
            "campaign",
            self.campaigns.get(fold(reader.value("campaign"))),
            _("No campaign of your office by this name asks this version."),
        )
        self.answers[reader.row.number] = self._answers(reader)
        return ("row", reader.row.number)  # every row creates a response of its own

    def _lookup(self, reader, column, found, message):
        if reader.required(column) is not None and found is None:
            reader.fail(column, message)
        return found

    def _optional(self, reader, column, name, found, message) -> None:
        if not reader.value(column):
            return
        if found is None:
            reader.fail(column, message)
        else:
            reader.set(column, name, found)

    def _read_respondent(self, reader, customer) -> None:
        contact = self.contacts.get((customer.pk, fold(reader.value("contact"))))
        self._optional(
            reader, "contact", "contact", contact, _("No contact of this customer by this name.")
        )
        reader.read("respondent", "respondent_name")
        day = reader.changes.get("surveyed_on")
        who: tuple
        if contact is not None:
            who, column = ("contact", contact.pk, day), "contact"
        elif reader.value("respondent"):
            who, column = (
                ("name", customer.pk, fold(reader.value("respondent")), day),
                "respondent",
            )
        else:
            if not reader.value("contact"):
                reader.fail("respondent", _("Name the respondent: a contact or a name."))
            return
        first = self.respondents.setdefault(who, (reader.row.number, column))
        if first[0] != reader.row.number:
            message = _("The same respondent as row %(row)s of this file.")
            reader.fail(column, message % {"row": first[0]})

    @staticmethod
    def _method(text: str) -> str:
        folded = fold(text)
        for value, label in METHODS:
            if folded in (value, fold(str(label))):
                return value
        raise ValidationError(_("Unknown survey method “%(value)s”.") % {"value": text})

    def _answers(self, reader) -> dict[Question, Given]:
        given: dict[Question, Given] = {}
        columns: dict[tuple[Question, str], str] = {}
        for column, (question, part) in self.columns.items():
            text = reader.value(column)
            answer = given.setdefault(question, Given())
            columns[(question, part)] = column
            if not text:
                continue
            try:
                self._parse(question, part, text, answer)
            except ValidationError as error:
                reader.fail(column, " ".join(error.messages))
        for question, answer in given.items():
            try:
                check_given(question, answer)
            except ValidationError as error:
                for part, messages in error.message_dict.items():
                    column = columns.get((question, part), columns.get((question, "score"), ""))
                    for message in messages:
                        reader.fail(column, message)
        if all(answer.is_empty for answer in given.values()):
            reader.fail("", _("No answer was given."))
        return given

    @staticmethod
    def _parse(question: Question, part: str, text: str, answer: Given) -> None:
        if part == "importance":
            answer.importance = parse_integer(text)
        elif question.is_scaled and text.lower() in NOT_APPLICABLE:
            answer.not_applicable = True
        elif question.is_scaled:
            answer.score = parse_integer(text)
        elif question.kind == Question.Kind.TEXT:
            answer.text = text
        else:
            answer.choices = tuple(_choices(question, text))

    def existing(self, key: Hashable) -> None:
        return None

    def check(self, reader, key: Hashable, instance: Model | None) -> None:
        """The service's own rules of the header (the respondent already answered that
        day, a case of another customer), reported on their columns."""
        if self.version is None:  # read() refused the row already
            return
        try:
            check_respondent(self.user, self.version, respondent_from(reader.changes))
        except ValidationError as error:
            columns = {"respondent_name": "respondent", "case": "case_number"}
            for name, messages in error.message_dict.items():
                for message in messages:
                    reader.fail(columns.get(name, name), message)

    def save(self, planned: PlannedRow) -> Response:
        if self.version is None:  # every row is refused without one: nothing to save
            raise ValidationError(_("No questionnaire of this code and version."))
        response = record_paper_response(
            by=self.user,
            version=self.version,
            respondent=respondent_from(planned.changes),
            answers=self.answers[planned.number],
        )
        self.saved[planned.key] = response
        return response


def _choices(question: Question, text: str) -> Iterator[Choice]:
    known: dict[str, Choice] = {}
    for choice in question.choices.all():
        for name in (choice.label_zh, choice.label_en, choice.label_es, choice.code):
            if name:
                known[fold(name)] = choice
    for part in _SEPARATORS.split(text):
        if not part.strip():
            continue
        found = known.get(fold(part))
        if found is None:
            raise ValidationError(_("Unknown choice “%(value)s”.") % {"value": part.strip()})
        yield found


ANSWERS = ListDefinition(
    kind="survey-answers",
    title=gettext_lazy("Survey answers"),
    columns=COLUMNS,
    natural_key=("customer", "contact", "respondent", "survey_date"),
    importer=AnswerImporter,
    export_queryset=export_queryset,
    export_rows=export_rows,
    importing_roles=ANSWER_RECORDERS,
    viewing_roles=ANSWER_READERS,
)
