"""Writes of questionnaires: create one, build its working version, make a new version.

A version that someone began answering, or that a campaign sent out, never changes
(`selectors.questionnaires.is_locked`): every edit here is refused on it with a message
that says to make a new version, which copies the newest one for editing.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from serviceloop.accounts.models import User

from ..models import Choice, Question, Questionnaire, Section, Version
from ..selectors.questionnaires import is_locked

SECTION_FIELDS = ("dimension", "title_zh", "title_en", "title_es")
QUESTION_FIELDS = (
    "code",
    "kind",
    "text_zh",
    "text_en",
    "text_es",
    "scale_min",
    "scale_max",
    "asks_importance",
    "allows_not_applicable",
    "required",
)
CHOICE_FIELDS = ("code", "label_zh", "label_en", "label_es")
CHOSEN = (Question.Kind.SINGLE, Question.Kind.MULTIPLE)


def create_questionnaire(*, by: User, code: str, title_zh: str, title_en: str, title_es: str = ""):
    """A questionnaire of the user's office (shared when the user has none) with an empty
    first version to build."""
    questionnaire = Questionnaire(
        code=code,
        title_zh=title_zh,
        title_en=title_en,
        title_es=title_es,
        office_id=by.office_id,
        created_by=by,
    )
    questionnaire.full_clean()
    with transaction.atomic():
        questionnaire.save()
        Version.objects.create(questionnaire=questionnaire, number=1)
    return questionnaire


def rename_questionnaire(*, by: User, questionnaire: Questionnaire, changes: dict[str, Any]):
    """Its code and titles: they name the questionnaire, not what a version asks."""
    for field in ("code", "title_zh", "title_en", "title_es"):
        if field in changes:
            setattr(questionnaire, field, changes[field])
    questionnaire.full_clean()
    questionnaire.save()
    return questionnaire


def locked_refusal(version: Version) -> ValidationError:
    return ValidationError(
        _(
            "Version %(number)s has answers or was sent to customers: it can no longer "
            "change. Make a new version to edit it."
        )
        % {"number": version.number},
        code="version_locked",
    )


def _open_for_editing(version: Version) -> Version:
    """The version locked against a first answer arriving meanwhile, or the refusal."""
    locked = Version.objects.select_for_update().get(pk=version.pk)
    if is_locked(locked):
        raise locked_refusal(locked)
    return locked


@transaction.atomic
def add_section(*, by: User, version: Version, data: dict[str, Any]) -> Section:
    version = _open_for_editing(version)
    last = version.sections.aggregate(last=Max("position"))["last"]
    section = Section(version=version, position=0 if last is None else last + 1)
    return _save_fields(section, SECTION_FIELDS, data)


@transaction.atomic
def change_section(*, by: User, section: Section, data: dict[str, Any]) -> Section:
    _open_for_editing(section.version)
    return _save_fields(section, SECTION_FIELDS, data)


@transaction.atomic
def remove_section(*, by: User, section: Section) -> None:
    """The section and its questions."""
    _open_for_editing(section.version)
    section.delete()


@transaction.atomic
def move_section(*, by: User, section: Section, step: int) -> Section:
    """One place up (step -1) or down (+1) among the version's sections."""
    version = _open_for_editing(section.version)
    _move(list(version.sections.order_by("position", "pk")), section, step)
    return section


@transaction.atomic
def save_question(
    *,
    by: User,
    section: Section,
    question: Question | None,
    data: dict[str, Any],
    choices: list[dict[str, Any]],
) -> Question:
    """Adds a question at the end of the section, or changes one, with its choices in the
    order given (dicts of CHOICE_FIELDS; a choice without a code is numbered). A code is
    unique in its version; a rating scale goes up; the recommendation is asked 0–10; only
    a rating asks importance too; a single or multiple choice offers two choices at
    least, the other kinds none."""
    version = _open_for_editing(section.version)
    if question is None:
        last = Question.objects.filter(section=section).aggregate(last=Max("position"))["last"]
        question = Question(
            version=version, section=section, position=0 if last is None else last + 1
        )
    for field in QUESTION_FIELDS:
        if field in data:
            setattr(question, field, data[field])
    _check_question(question, version, choices)
    question.save()
    _save_choices(question, choices)
    return question


def _check_question(question: Question, version: Version, choices: list[dict]) -> None:
    errors: dict[str, list[str]] = {}
    taken = version.questions.filter(code__iexact=question.code).exclude(pk=question.pk)
    if question.code and taken.exists():
        errors["code"] = [
            _("Another question of this version has the code %(code)s.") % {"code": question.code}
        ]
    if question.scale_min >= question.scale_max:
        errors["scale_max"] = [_("The highest score must be above the lowest.")]
    if question.kind in CHOSEN and len(choices) < 2:
        errors.setdefault("__all__", []).append(
            _("A single or multiple choice question needs two choices at least.")
        )
    if question.kind not in CHOSEN and choices:
        errors.setdefault("__all__", []).append(
            _("Only a single or multiple choice question has choices: remove them first.")
        )
    codes = [c["code"].strip().casefold() for c in choices if c.get("code", "").strip()]
    if len(codes) != len(set(codes)):
        errors.setdefault("__all__", []).append(_("Two choices have the same code."))
    if errors:
        raise ValidationError(errors)
    question.full_clean(validate_constraints=False)


def _save_choices(question: Question, choices: list[dict[str, Any]]) -> None:
    """The question's choices replaced by those given: nobody answered this version yet, so
    no answer points at a choice and the rows may simply be made again in the new order."""
    question.choices.all().delete()
    used = {item["code"].strip() for item in choices if item.get("code", "").strip()}
    numbers = (str(n) for n in range(1, 1000) if str(n) not in used)
    rows = []
    for position, item in enumerate(choices):
        choice = Choice(question=question, position=position)
        for field in CHOICE_FIELDS:
            setattr(choice, field, (item.get(field) or "").strip())
        choice.code = choice.code or next(numbers)
        choice.full_clean(validate_constraints=False)
        rows.append(choice)
    Choice.objects.bulk_create(rows)


@transaction.atomic
def remove_question(*, by: User, question: Question) -> None:
    _open_for_editing(question.version)
    question.delete()


@transaction.atomic
def move_question(*, by: User, question: Question, step: int) -> Question:
    """One place up (step -1) or down (+1) within its section."""
    _open_for_editing(question.version)
    _move(list(question.section.questions.order_by("position", "pk")), question, step)
    return question


@transaction.atomic
def new_version(*, questionnaire: Questionnaire, by: User, note: str = "") -> Version:
    """The newest version copied, sections, questions and choices, as number + 1 to edit."""
    Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    source = questionnaire.versions.order_by("-number").first()
    version = Version(
        questionnaire=questionnaire, number=source.number + 1 if source else 1, note=note
    )
    version.full_clean(exclude=["questionnaire"], validate_constraints=False)
    version.save()
    if source is not None:
        _copy_contents(source, version)
    return version


def _copy_contents(source: Version, target: Version) -> None:
    old_sections = list(source.sections.order_by("position", "pk"))
    new_sections = Section.objects.bulk_create(
        Section(
            version=target,
            position=s.position,
            dimension=s.dimension,
            **{f: getattr(s, f) for f in ("title_zh", "title_en", "title_es")},
        )
        for s in old_sections
    )
    section_of = {old.pk: new for old, new in zip(old_sections, new_sections, strict=True)}
    old_questions = list(source.questions.order_by("position", "pk"))
    copied = ("position", *QUESTION_FIELDS)
    new_questions = Question.objects.bulk_create(
        Question(
            version=target,
            section=section_of[q.section_id],
            **{f: getattr(q, f) for f in copied},
        )
        for q in old_questions
    )
    question_of = {old.pk: new for old, new in zip(old_questions, new_questions, strict=True)}
    Choice.objects.bulk_create(
        Choice(
            question=question_of[c.question_id],
            position=c.position,
            **{f: getattr(c, f) for f in CHOICE_FIELDS},
        )
        for c in Choice.objects.filter(question__version=source).order_by("position", "pk")
    )


def _move(items: list, item, step: int) -> None:
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index + step
    if not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])
    item.position = target


def _save_fields(row, fields: tuple[str, ...], data: dict[str, Any]):
    for field in fields:
        if field in data:
            setattr(row, field, data[field])
    row.full_clean(exclude=["version"])
    row.save()
    return row
