"""Reads of questionnaires: which ones a user sees, a version with everything it asks, and
whether a version may still change."""

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from serviceloop.accounts.models import User

from ..models import Campaign, Choice, Question, Questionnaire, Response, Section, Version
from ..permissions import ANSWER_READERS


def questionnaires_for(user: User) -> QuerySet[Questionnaire]:
    """The shared questionnaires (no office: the standard one) and the user's office's own;
    administrators and headquarters see every office's."""
    questionnaires = Questionnaire.objects.all()
    if not user.is_active or user.role not in ANSWER_READERS:
        return questionnaires.none()
    if user.sees_all_offices:
        return questionnaires
    return questionnaires.filter(Q(office__isnull=True) | Q(office_id=user.office_id))


def questionnaire_list(user: User) -> QuerySet[Questionnaire]:
    """The questionnaires with what the list shows: versions, newest number, answers."""
    return (
        questionnaires_for(user)
        .filter(archived_at__isnull=True)
        .select_related("office")
        .annotate(
            version_count=Count("versions", distinct=True),
            latest_number=Max("versions__number"),
            response_count=Count("versions__responses", distinct=True),
        )
    )


def questionnaire_for(user: User, pk: int) -> Questionnaire:
    return get_object_or_404(questionnaires_for(user).select_related("office"), pk=pk)


def versions_of(questionnaire: Questionnaire) -> list[Version]:
    """Newest first, each with how many answered it and how many campaigns asked it."""
    return list(
        questionnaire.versions.annotate(
            response_count=Count("responses", distinct=True),
            campaign_count=Count("campaigns", distinct=True),
        ).order_by("-number")
    )


def _asked() -> Prefetch:
    questions = Question.objects.order_by("position", "pk").prefetch_related(
        Prefetch("choices", queryset=Choice.objects.order_by("position", "pk"))
    )
    return Prefetch(
        "sections",
        queryset=Section.objects.order_by("position", "pk").prefetch_related(
            Prefetch("questions", queryset=questions)
        ),
    )


def version_for(user: User, pk: int) -> Version:
    """A version of a questionnaire the user sees, with its sections, questions and
    choices in order (another office's answers 404)."""
    visible = Version.objects.filter(questionnaire__in=questionnaires_for(user))
    return get_object_or_404(
        visible.select_related("questionnaire").prefetch_related(_asked()), pk=pk
    )


def version_numbered(questionnaire: Questionnaire, number: int | None) -> Version | None:
    """The version of that number with everything it asks, or the newest one."""
    versions = questionnaire.versions.prefetch_related(_asked()).order_by("-number")
    if number is not None:
        versions = versions.filter(number=number)
    found = versions.first()
    if found is not None:
        found.questionnaire = questionnaire
    return found


def section_for(user: User, pk: int) -> Section:
    return get_object_or_404(
        Section.objects.filter(version__questionnaire__in=questionnaires_for(user)).select_related(
            "version__questionnaire"
        ),
        pk=pk,
    )


def question_for(user: User, pk: int) -> Question:
    visible = Question.objects.filter(version__questionnaire__in=questionnaires_for(user))
    return get_object_or_404(
        visible.select_related("section", "version__questionnaire").prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("position", "pk"))
        ),
        pk=pk,
    )


def is_locked(version: Version) -> bool:
    """A version never changes once someone began answering it, or once a campaign sent
    it out: the answers must always be read against the exact wording asked."""
    return (
        Response.objects.filter(version=version).exists()
        or Campaign.objects.filter(version=version).exclude(state=Campaign.State.DRAFT).exists()
    )


def latest_version(questionnaire: Questionnaire) -> Version | None:
    return questionnaire.versions.order_by("-number").first()
