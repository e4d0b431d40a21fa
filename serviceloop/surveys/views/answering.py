"""The respondent's page, /survey/<token>/: no sign-in, one section at a time, on a phone.

Each section is saved as it is left, so the link opened again continues where it stopped;
the last section sends the answers, once. An unknown token is a 404; a used, expired or
closed link says so. None of these pages names the customer.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache

from serviceloop.core.links import token_hash

from ..forms.answering import SectionForm
from ..selectors import campaigns as selectors
from ..services import answers as answer_services
from ..services import campaigns as campaign_services

LANGUAGES = [code for code, _name in settings.LANGUAGES]
LANGUAGE_NAMES = {"zh-hans": "中文", "en": "English", "es": "Español"}


@never_cache
def survey(request, token: str):
    invitation = selectors.invitation_by_hash(token_hash(token))
    if invitation is None:
        raise Http404
    response = selectors.response_of(invitation)
    language = _language(request, invitation, response)
    with translation.override(language):
        if invitation.answered_at is not None:
            return _page(request, "surveys/answer_done.html", language, token)
        if not selectors.is_open(invitation):
            return _page(request, "surveys/answer_closed.html", language, token, status=410)
        campaign_services.mark_opened(invitation)
        campaign_services.set_language(response, language)
        return _section(request, token, invitation, response, language)


def _section(request, token, invitation, response, language):
    sections = selectors.sections_of(invitation.campaign.version_id)
    if not sections:
        raise Http404
    index = _index(request, response, sections)
    section = sections[index]
    questions = selectors.questions_of(section)
    form = SectionForm(
        request.POST or None,
        section=section,
        questions=questions,
        answers=selectors.answers_to(response, section),
    )
    problem = ""
    if request.method == "POST" and form.is_valid():
        response = response or answer_services.start_response(invitation, language)
        try:
            answer_services.save_section(response, section, form.answers())
        except ValidationError as error:
            if getattr(error, "code", None) == answer_services.ALREADY_SUBMITTED:
                return _page(request, "surveys/answer_done.html", language, token)
            if "back" in request.POST:  # going back keeps nothing of a refused section
                return redirect(_url(token, language, max(index - 1, 0)))
            form.add_refusals(error.message_dict)
        else:
            if "back" in request.POST:
                return redirect(_url(token, language, max(index - 1, 0)))
            if index + 1 < len(sections):
                return redirect(_url(token, language, index + 1))
            try:
                answer_services.submit(response)
            except ValidationError as error:
                if getattr(error, "code", None) == answer_services.ALREADY_SUBMITTED:
                    return _page(request, "surveys/answer_done.html", language, token)
                problem = " ".join(error.messages)
            else:
                return redirect(_url(token, language))
    context = {
        "form": form,
        "section": section,
        "index": index,
        "number": index + 1,
        "count": len(sections),
        "is_last": index + 1 == len(sections),
        "problem": problem,
        "title": invitation.campaign.version.questionnaire.title,
        "action": _url(token, language, index),
    }
    return _page(request, "surveys/answer_section.html", language, token, context, index=index)


def _language(request, invitation, response) -> str:
    asked = request.GET.get("lang", "")
    if asked in LANGUAGES:
        return asked
    if response is not None and response.language in LANGUAGES:
        return response.language
    return invitation.language if invitation.language in LANGUAGES else settings.LANGUAGE_CODE


def _index(request, response, sections) -> int:
    asked = request.GET.get("s", "")
    if asked.isascii() and asked.isdigit() and int(asked[:4]) < len(sections):
        return int(asked[:4])
    return selectors.next_section(response, sections)


def _url(token: str, language: str, index: int | None = None) -> str:
    query = {"lang": language}
    if index is not None:
        query["s"] = index
    return f"{reverse('survey', args=[token])}?{urlencode(query)}"


def _page(request, template, language, token, context=None, *, index=None, status=200):
    switch = [
        {"code": code, "name": LANGUAGE_NAMES.get(code, code), "url": _url(token, code, index)}
        for code in LANGUAGES
    ]
    context = {**(context or {}), "language": language, "languages": switch}
    page = render(request, template, context, status=status)
    page["Content-Language"] = language
    return page
