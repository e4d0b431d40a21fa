"""The questionnaire builder: a version's sections and questions (with their choices) added,
changed, moved and removed. A version with answers refuses every step; the services say
why and the page offers a new version instead."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serviceloop.core.form_keys import submitted_once
from serviceloop.core.forms import save_through, tell_refused

from ..forms.questionnaires import QuestionForm, SectionForm, choice_formset, chosen_choices
from ..selectors import questionnaires as selectors
from ..services import questionnaires as services
from .common import survey_designers
from .questionnaires import version_url


def _shown_locked(request, version):
    """Opening a form on a version that can no longer change: back to its page, saying why
    (a form posted anyway is refused by the service, on the form)."""
    if request.method == "GET" and selectors.is_locked(version):
        messages.error(request, " ".join(services.locked_refusal(version).messages))
        return redirect(version_url(version))
    return None


def _saved_or_shown(request, version, form, save, *, success, anchor, template, context, also=None):
    """A builder form (with the formset `also` if any): valid and saved by the service, back
    to the version at the saved item (`#<anchor>-<pk>`); refused, or not valid, shown again
    with the reasons."""
    ready = also is None or (form.is_valid() and also.is_valid())
    saved = save_through(form, request, save, success) if ready else None
    if saved is not None:
        return redirect(f"{version_url(version)}#{anchor}-{saved.pk}")
    return render(request, template, context)


@survey_designers
@submitted_once
def section_create(request, pk: int):
    return _section_form(request, selectors.version_for(request.user, pk), None)


@survey_designers
def section_edit(request, pk: int):
    section = selectors.section_for(request.user, pk)
    return _section_form(request, section.version, section)


def _section_form(request, version, section):
    if locked := _shown_locked(request, version):
        return locked
    form = SectionForm(request.POST or None, instance=section)

    def save(data):
        if section is None:
            return services.add_section(by=request.user, version=version, data=data)
        return services.change_section(by=request.user, section=section, data=data)

    return _saved_or_shown(
        request,
        version,
        form,
        save,
        success=_("The section was saved."),
        anchor="section",
        template="surveys/questionnaire_section_form.html",
        context={"form": form, "version": version, "section": section},
    )


@survey_designers
@submitted_once
def question_create(request, pk: int):
    return _question_form(request, selectors.section_for(request.user, pk), None)


@survey_designers
def question_edit(request, pk: int):
    question = selectors.question_for(request.user, pk)
    return _question_form(request, question.section, question)


def _question_form(request, section, question):
    version = section.version
    if locked := _shown_locked(request, version):
        return locked
    form = QuestionForm(request.POST or None, instance=question)
    choices = choice_formset(request.POST or None, question)

    def save(data):
        return services.save_question(
            by=request.user,
            section=section,
            question=question,
            data=data,
            choices=chosen_choices(choices),
        )

    return _saved_or_shown(
        request,
        version,
        form,
        save,
        success=_("The question was saved."),
        anchor="question",
        template="surveys/questionnaire_question_form.html",
        context={"form": form, "choices": choices, "section": section, "question": question},
        also=choices,
    )


def _step(request, version, action, success: str, anchor: str = ""):
    """A button with nothing typed: done and said, or refused and said, on the version."""
    try:
        action()
    except ValidationError as error:
        tell_refused(request, error, fallback=_("The version was not changed."))
    else:
        messages.success(request, success)
    return redirect(f"{version_url(version)}{anchor}")


def _direction(request) -> int:
    return -1 if request.POST.get("step") == "up" else 1


@require_POST
@survey_designers
def section_remove(request, pk: int):
    section = selectors.section_for(request.user, pk)
    return _step(
        request,
        section.version,
        lambda: services.remove_section(by=request.user, section=section),
        _("The section was removed with its questions."),
    )


@require_POST
@survey_designers
def section_move(request, pk: int):
    section = selectors.section_for(request.user, pk)
    step = _direction(request)
    return _step(
        request,
        section.version,
        lambda: services.move_section(by=request.user, section=section, step=step),
        _("The section was moved."),
        f"#section-{section.pk}",
    )


@require_POST
@survey_designers
def question_remove(request, pk: int):
    question = selectors.question_for(request.user, pk)
    return _step(
        request,
        question.version,
        lambda: services.remove_question(by=request.user, question=question),
        _("The question was removed."),
        f"#section-{question.section_id}",
    )


@require_POST
@survey_designers
def question_move(request, pk: int):
    question = selectors.question_for(request.user, pk)
    step = _direction(request)
    return _step(
        request,
        question.version,
        lambda: services.move_question(by=request.user, question=question, step=step),
        _("The question was moved."),
        f"#question-{question.pk}",
    )
