"""Satisfaction surveys: questionnaires (versioned), campaigns with one-time links, and the
answers, whether given through a link, typed in from paper or imported from a spreadsheet."""

from .campaigns import Campaign, Invitation
from .complaints import ComplaintFromAnswer
from .questionnaires import Choice, Question, Questionnaire, Section, Version
from .responses import Answer, Response

__all__ = [
    "Answer",
    "Campaign",
    "Choice",
    "ComplaintFromAnswer",
    "Invitation",
    "Question",
    "Questionnaire",
    "Response",
    "Section",
    "Version",
]
