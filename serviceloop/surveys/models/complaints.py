"""The complaint a low survey answer opened. The link lives here, not on the complaint:
the surveys app comes after the service app, and dependencies point one way (0008)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .questionnaires import Question
from .responses import Response


class ComplaintFromAnswer(models.Model):
    """One complaint at most for one answer (a response's question): a second click on the
    answer's button finds this one."""

    complaint = models.OneToOneField(
        "service.Complaint",
        verbose_name=_("complaint"),
        on_delete=models.CASCADE,
        related_name="survey_answer",
    )
    response = models.ForeignKey(
        Response,
        verbose_name=_("survey response"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("complaint from a survey answer")
        verbose_name_plural = _("complaints from survey answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_complaint_an_answer")
        ]

    def __str__(self) -> str:
        return f"{self.response} {self.question.code}"
