"""Questionnaires and their versions: sections by dimension, questions, choices.

A version that has answers never changes (services.questionnaires refuses it and offers a
new version instead), so every answer can always be read against the exact wording asked.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .texts import Texts, in_language


class Questionnaire(Texts):
    """A survey the office runs again and again (the yearly satisfaction survey, a short
    survey after installation); what is asked lives in its versions."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    # Offices share the standard questionnaire (office empty); an office may keep its own.
    office = models.ForeignKey(
        "accounts.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questionnaires",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")


class Version(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["questionnaire", "-number"]
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="one_number_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} v{self.number}"


class Section(Texts):
    """A part of the questionnaire, usually one dimension of service quality."""

    class Dimension(models.TextChoices):
        TANGIBLES = "TAN", _("Tangibles")
        RELIABILITY = "REL", _("Reliability")
        RESPONSIVENESS = "RES", _("Responsiveness")
        ASSURANCE = "ASS", _("Assurance")
        EMPATHY = "EMP", _("Empathy")
        SPARE_PARTS = "SPP", _("Spare parts")
        VALUE = "VAL", _("Price and value")
        COMMUNICATION = "COM", _("Communication")
        TRAINING = "TRN", _("Training and documents")
        OVERALL = "OVR", _("Overall satisfaction")
        LOYALTY = "LOY", _("Loyalty")
        OPEN = "OPEN", _("Open questions")
        OTHER = "OTHER", _("Other")

    version = models.ForeignKey(
        Version, verbose_name=_("version"), on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    dimension = models.CharField(
        _("dimension"), max_length=5, choices=Dimension.choices, default=Dimension.OTHER
    )

    class Meta:
        ordering = ["version", "position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")


class Question(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating", _("Rating scale (e.g. 1–5)")
        RECOMMEND = "recommend", _("Likelihood to recommend (0–10)")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TEXT = "text", _("Free text")

    SCALED = (Kind.RATING, Kind.RECOMMEND)

    version = models.ForeignKey(
        Version, verbose_name=_("version"), on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="questions"
    )
    # The code a spreadsheet column and the analysis use: A1, B2, C1…
    code = models.CharField(_("code"), max_length=12)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.RATING)
    text_zh = models.TextField(_("question (Chinese)"))
    text_en = models.TextField(_("question (English)"))
    text_es = models.TextField(_("question (Spanish)"), blank=True)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    asks_importance = models.BooleanField(_("asks importance too"), default=False)
    allows_not_applicable = models.BooleanField(_("allows “not applicable”"), default=False)
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        ordering = ["version", "section__position", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="one_code_per_version"),
            models.CheckConstraint(
                condition=Q(scale_min__lt=models.F("scale_max")), name="scale_goes_up"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    @property
    def text(self) -> str:
        return in_language(self, "text")

    @property
    def is_scaled(self) -> bool:
        return self.kind in self.SCALED

    @property
    def scale(self) -> range:
        return range(self.scale_min, self.scale_max + 1)

    def clean(self) -> None:
        if self.kind == self.Kind.RECOMMEND and (self.scale_min, self.scale_max) != (0, 10):
            raise ValidationError(_("Likelihood to recommend is asked from 0 to 10."))
        if self.asks_importance and self.kind != self.Kind.RATING:
            raise ValidationError(_("Only a rating question can ask importance too."))


class Choice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    code = models.CharField(_("code"), max_length=12)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label_zh = models.CharField(_("label (Chinese)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    label_es = models.CharField(_("label (Spanish)"), max_length=200, blank=True)

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="one_code_per_choice")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return in_language(self, "label")
