"""Service-quality feedback (售后服务质量反馈表) through a one-time link, and complaints."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from serviceloop.customers.models import Contact, Customer

from .cases import Case

SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class FeedbackRequest(models.Model):
    """A one-time link: only its token's SHA-256 is stored, so a database copy opens nothing.

    A case has one request each time it is closed (a reopened case closed again asks
    again): the newest is the live one, an older one keeps its answer or lies expired."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="feedback_requests")
    # Who was asked (the case's reporter at closing): headquarters reads the answers only
    # of a contact who agreed to be read abroad (China's PIPL).
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_requests",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    sent_to = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("feedback request")
        verbose_name_plural = _("feedback requests")

    def __str__(self) -> str:
        return str(self.case)

    @property
    def is_open(self) -> bool:
        """The link can still be answered: not used, not expired."""
        return self.used_at is None and self.expires_at > timezone.now()


class FeedbackResponse(models.Model):
    request = models.OneToOneField(
        FeedbackRequest, on_delete=models.CASCADE, related_name="response"
    )
    response_speed = models.PositiveSmallIntegerField(_("response speed"), validators=SCORE)
    competence = models.PositiveSmallIntegerField(_("technical competence"), validators=SCORE)
    attitude = models.PositiveSmallIntegerField(_("service attitude"), validators=SCORE)
    communication = models.PositiveSmallIntegerField(_("communication"), validators=SCORE)
    safety = models.PositiveSmallIntegerField(_("safety and cleanliness"), validators=SCORE)
    solved = models.BooleanField(_("the problem is solved"))
    overall = models.PositiveSmallIntegerField(_("overall satisfaction"), validators=SCORE)
    comment = models.TextField(_("comment"), blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    SCORES = ("response_speed", "competence", "attitude", "communication", "safety", "overall")

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(overall__gte=1, overall__lte=5), name="feedback_overall_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request.case} {self.overall}"

    @property
    def rated(self) -> list[tuple[str, int]]:
        """Each rated item's label and score, in the form's order."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name)) for name in self.SCORES
        ]

    @property
    def is_unhappy(self) -> bool:
        """A score of 2 or less, or "not solved": a complaint for the manager."""
        return not self.solved or min(getattr(self, name) for name in self.SCORES) <= 2


class Complaint(models.Model):
    class Source(models.TextChoices):
        FEEDBACK = "feedback", _("Feedback form")
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")
        VISIT = "visit", _("During a visit")
        SURVEY = "survey", _("Survey answer")

    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        INVESTIGATING = "investigating", _("Investigating")
        ACTION_TAKEN = "action_taken", _("Corrective action taken")
        CLOSED = "closed", _("Closed")

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="complaints"
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    feedback = models.OneToOneField(
        FeedbackResponse, on_delete=models.PROTECT, null=True, blank=True, related_name="complaint"
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    severity = models.CharField(
        _("severity"), max_length=6, choices=Severity.choices, default=Severity.MEDIUM
    )
    state = models.CharField(_("state"), max_length=14, choices=State.choices, default=State.OPEN)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    description = models.TextField(_("what the customer says"))
    root_cause = models.TextField(_("root cause"), blank=True)
    corrective_action = models.TextField(_("corrective action"), blank=True)
    customer_confirmed = models.BooleanField(
        _("the customer confirmed the solution"), default=False
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")

    def __str__(self) -> str:
        return f"{self.customer} {self.opened_at:%Y-%m-%d}"

    @property
    def time_to_close(self) -> timedelta | None:
        """From opening to closing; None while the complaint is open."""
        return self.closed_at - self.opened_at if self.closed_at else None

    def clean(self) -> None:
        """A complaint is closed only with its root cause, the corrective action and the
        customer's confirmation; each missing one is named on its field."""
        if self.state != self.State.CLOSED:
            return
        missing = {}
        if not self.root_cause.strip():
            missing["root_cause"] = _("Write the root cause before closing the complaint.")
        if not self.corrective_action.strip():
            missing["corrective_action"] = _(
                "Write the corrective action before closing the complaint."
            )
        if not self.customer_confirmed:
            missing["customer_confirmed"] = _(
                "Close the complaint once the customer has confirmed the solution."
            )
        if missing:
            raise ValidationError(missing)
