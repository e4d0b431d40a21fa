"""Answers: one response a respondent, one answer a question."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .campaigns import Campaign, Invitation
from .questionnaires import Choice, Question, Version


class Response(models.Model):
    """One respondent's answers to one questionnaire version: through a link, typed in from
    a paper form or a phone call, or imported from a spreadsheet (domain-reference §7.6)."""

    class Method(models.TextChoices):
        LINK = "link", _("Online link")
        PHONE = "phone", _("Telephone")
        EMAIL = "email", _("E-mail")
        ON_SITE = "on_site", _("On site")
        PAPER = "paper", _("Paper questionnaire")
        IMPORT = "import", _("Spreadsheet import")

    version = models.ForeignKey(
        Version, verbose_name=_("questionnaire"), on_delete=models.PROTECT, related_name="responses"
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
    )
    invitation = models.OneToOneField(
        Invitation,
        verbose_name=_("invitation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="response",
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="survey_responses",
    )
    contact = models.ForeignKey(
        "customers.Contact",
        verbose_name=_("contact"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    respondent_name = models.CharField(_("respondent"), max_length=100, blank=True)
    respondent_department = models.CharField(_("department"), max_length=100, blank=True)
    respondent_title = models.CharField(_("title"), max_length=100, blank=True)
    method = models.CharField(_("survey method"), max_length=8, choices=Method.choices)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("interviewer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    case = models.ForeignKey(
        "service.Case",
        verbose_name=_("linked case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans"
    )
    surveyed_on = models.DateField(_("survey date"))
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    # Empty while a respondent on a link is still answering (progress is kept).
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-surveyed_on", "-pk"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [models.Index(fields=["campaign", "submitted_at"], name="response_submitted")]

    def __str__(self) -> str:
        return f"{self.customer} {self.surveyed_on}"


class Answer(models.Model):
    """A rating (with its importance where asked), the choices ticked, or the text written.
    An empty score with `not_applicable` is "N/A"; an empty score without it, no answer."""

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    score = models.SmallIntegerField(_("score"), null=True, blank=True)
    importance = models.SmallIntegerField(_("importance"), null=True, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    choices = models.ManyToManyField(Choice, verbose_name=_("choices"), blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["response", "question__position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_a_question"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(not_applicable=False),
                name="not_applicable_has_no_score",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.score if self.score is not None else self.text}"
