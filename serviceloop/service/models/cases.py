"""Service cases (售后服务登记表): what the customer reported, where it stands, its clocks."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from serviceloop.accounts.models import Office
from serviceloop.customers.models import Contact, Customer, Site
from serviceloop.equipment.models import Unit

from .cases_readings import VERDICTS, judge


class CaseNumber(models.Model):
    """The last number given in a year: SR-2026-000123. Taken under a row lock."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class CaseState(models.TextChoices):
    """Where a case stands; the moves between them are in services/cases_transitions.py."""

    NEW = "new", _("New")
    TRIAGED = "triaged", _("Triaged")
    REMOTE_DIAGNOSIS = "remote_diagnosis", _("Remote diagnosis")
    VISIT_SCHEDULED = "visit_scheduled", _("Visit scheduled")
    ON_SITE = "on_site", _("On site")
    WAITING_CUSTOMER = "waiting_customer", _("Waiting for the customer")
    WAITING_PARTS = "waiting_parts", _("Waiting for parts")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class RemoteOutcome(models.TextChoices):
    SOLVED = "solved", _("Solved remotely")
    VISIT_NEEDED = "visit_needed", _("Visit needed")


OPEN_CASE_STATES = frozenset(
    {
        CaseState.NEW,
        CaseState.TRIAGED,
        CaseState.REMOTE_DIAGNOSIS,
        CaseState.VISIT_SCHEDULED,
        CaseState.ON_SITE,
        CaseState.WAITING_CUSTOMER,
        CaseState.WAITING_PARTS,
    }
)


class Case(models.Model):
    State = CaseState
    RemoteOutcome = RemoteOutcome

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")
        PORTAL = "portal", _("Portal")
        WECHAT = "wechat", _("WeChat")
        ON_SITE = "on_site", _("On site")

    class Kind(models.TextChoices):
        BREAKDOWN = "breakdown", _("Breakdown")
        MALFUNCTION = "malfunction", _("Malfunction")
        PREVENTIVE = "preventive", _("Preventive maintenance")
        INSTALLATION = "installation", _("Installation")
        TRAINING = "training", _("Training request")
        CONSULTATION = "consultation", _("Consultation")
        SPARE_PART = "spare_part", _("Spare-part request")
        COMPLAINT = "complaint", _("Complaint")

    class Priority(models.TextChoices):
        P1 = "P1", _("P1 — production stopped")
        P2 = "P2", _("P2 — production impaired")
        P3 = "P3", _("P3 — no immediate impact")
        P4 = "P4", _("P4 — question or planned work")

    class Billing(models.TextChoices):
        WARRANTY = "warranty", _("Warranty")
        CONTRACT = "contract", _("Contract")
        CHARGEABLE = "chargeable", _("Chargeable")
        GOODWILL = "goodwill", _("Goodwill")

    number = models.CharField(_("case number"), max_length=20, unique=True, editable=False)
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="cases"
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="cases"
    )
    site = models.ForeignKey(
        Site,
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    reporter = models.ForeignKey(
        Contact,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    reporter_name = models.CharField(_("reporter's name"), max_length=100, blank=True)
    reporter_phone = models.CharField(_("reporter's phone"), max_length=60, blank=True)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.PHONE
    )
    kind = models.CharField(_("type"), max_length=14, choices=Kind.choices, default=Kind.BREAKDOWN)
    priority = models.CharField(
        _("priority"), max_length=2, choices=Priority.choices, default=Priority.P2
    )
    symptom = models.TextField(_("symptom"), help_text=_("In the customer's words."))
    state = models.CharField(_("state"), max_length=18, choices=State.choices, default=State.NEW)
    # Where a case waiting for the customer or for parts goes back to.
    resume_state = models.CharField(
        max_length=18, choices=State.choices, blank=True, editable=False
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened"), db_index=True)
    # Clocks (DOMAIN.md): each stops once; the deadlines come from the SLA policy.
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    on_site_at = models.DateTimeField(_("engineer on site"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    first_response_due = models.DateTimeField(_("first response due"), null=True, blank=True)
    on_site_due = models.DateTimeField(_("on site due"), null=True, blank=True)
    restore_due = models.DateTimeField(_("restore due"), null=True, blank=True)
    sla_policy = models.ForeignKey(
        "service.SlaPolicy",
        verbose_name=_("SLA policy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Production stopped (P1): when the line went down and ran again.
    line_down_at = models.DateTimeField(_("line down since"), null=True, blank=True)
    line_up_at = models.DateTimeField(_("line running again"), null=True, blank=True)
    diagnosis = models.TextField(
        _("remote diagnosis"),
        blank=True,
        help_text=_("What the readings, photos and calls with the customer showed."),
    )
    remote_outcome = models.CharField(
        _("outcome of remote diagnosis"), max_length=14, choices=RemoteOutcome.choices, blank=True
    )
    resolution = models.TextField(_("resolution"), blank=True)
    root_cause = models.CharField(_("root-cause code"), max_length=20, blank=True)
    billing = models.CharField(_("billing"), max_length=10, choices=Billing.choices, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    reopened_from = models.ForeignKey(
        "self",
        verbose_name=_("reopens"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reopenings",
    )
    # Optimistic locking: a save from an older version is refused, not silently merged.
    version = models.PositiveIntegerField(default=1, editable=False)
    # The words the case is found by (core.search.index_terms), kept by
    # services.cases_search and indexed by the database (decision 0018).
    search_text = models.TextField(default="", editable=False)
    history = HistoricalRecords(excluded_fields=["version", "search_text"])

    OPEN_STATES = OPEN_CASE_STATES

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("service case")
        verbose_name_plural = _("service cases")
        indexes = [
            models.Index(fields=["office", "state"], name="case_office_state"),
            # The office's cases newest first: a page far down the list is read from the
            # index alone (the id is in it), not from a million rows.
            models.Index(fields=["office", "-opened_at", "-id"], name="case_office_newest"),
            # The queue in its own order (selectors.cases.queue), open cases only: the first
            # page is the index's first rows, however many cases are open.
            models.Index(
                "office",
                models.Case(
                    models.When(assignee__isnull=True, then=models.Value(0)),
                    default=models.Value(1),
                    output_field=models.IntegerField(),
                ),
                # Ascending puts NULLs last on PostgreSQL, as the queue asks.
                "restore_due",
                "opened_at",
                condition=models.Q(state__in=sorted(str(state) for state in OPEN_CASE_STATES)),
                name="case_queue_order",
            ),
            # The latest closed cases: similar cases in remote diagnosis, closing KPIs.
            models.Index(fields=["state", "-closed_at"], name="case_state_closed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=CaseState.values), name="case_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def is_paused(self) -> bool:
        """Only waiting for the customer stops the clocks."""
        return self.state == CaseState.WAITING_CUSTOMER


class CaseEvent(models.Model):
    """The case's timeline: one row per thing that happened, written by the services."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Opened")
        TRANSITION = "transition", _("State changed")
        ASSIGNED = "assigned", _("Assigned")
        EDITED = "edited", _("Edited")
        NOTE = "note", _("Note")
        MESSAGE = "message", _("Message to the customer")
        READING = "reading", _("Reading added")
        ESCALATED = "escalated", _("Escalated")
        WARNED = "warned", _("SLA warning")
        REQUEST = "request", _("Request to the customer")
        ANSWER = "answer", _("The customer answered")
        QUOTE = "quote", _("Quote")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(db_index=True)
    data = models.JSONField(default=dict, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.case} {self.kind}"


class Reading(models.Model):
    """A machine reading at the fault, typed with its unit, as shown on the HMI."""

    class Tag(models.TextChoices):
        P_OUT = "P_out", _("Output power (kW)")
        F_OUT = "f_out", _("Frequency (kHz)")
        U_DC = "U_dc", _("DC bus voltage (V)")
        I_DC = "I_dc", _("DC bus current (A)")
        Q_PS = "Q_ps", _("Coolant flow, power supply (L/min)")
        Q_COIL = "Q_coil", _("Coolant flow, coil (L/min)")
        P_IN = "p_in", _("Water pressure (bar)")
        T_IN = "T_in", _("Water temperature (°C)")
        KAPPA = "kappa", _("Conductivity (µS/cm)")
        Q_Q = "Q_q", _("Quench flow (L/min)")
        ALARM = "alarm", _("Alarm code")

    UNITS = {
        "P_out": "kW",
        "f_out": "kHz",
        "U_dc": "V",
        "I_dc": "A",
        "Q_ps": "L/min",
        "Q_coil": "L/min",
        "p_in": "bar",
        "T_in": "°C",
        "kappa": "µS/cm",
        "Q_q": "L/min",
        "alarm": "",
    }

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="readings")
    tag = models.CharField(_("reading"), max_length=8, choices=Tag.choices)
    value = models.DecimalField(_("value"), max_digits=10, decimal_places=3, null=True, blank=True)
    code = models.CharField(_("alarm code"), max_length=40, blank=True)
    taken_at = models.DateTimeField(_("taken at"))
    # Empty when the customer typed it on a request link (`info_request` says who).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    info_request = models.ForeignKey(
        "service.InfoRequest", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["taken_at", "pk"]
        verbose_name = _("reading")
        verbose_name_plural = _("readings")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(tag="alarm") & ~models.Q(code=""))
                | (~models.Q(tag="alarm") & models.Q(value__isnull=False)),
                name="reading_has_value_or_alarm_code",
                violation_error_message=_("Give a value, or the alarm code for an alarm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tag}={self.code or self.value}"

    @property
    def unit_symbol(self) -> str:
        return self.UNITS.get(self.tag, "")

    @property
    def verdict(self) -> dict | None:
        """Against the normal window, where one is known (models/cases_readings.py)."""
        judged = judge(self.tag, self.value)
        if judged is None:
            return None
        verdict, window = judged
        return {"key": verdict, "label": VERDICTS[verdict], "window": window}


class Pause(models.Model):
    """A stretch of waiting for the customer: the only time the SLA clocks stop."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pauses")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(ended_at__isnull=True),
                name="one_open_pause_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.started_at}"


class Attachment(models.Model):
    """A photo or video of the fault: checked by content, photos re-encoded without
    metadata, kept outside the static tree and served only to who sees the case."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Photo")
        VIDEO = "video", _("Video")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    original = models.FileField(upload_to="cases/", max_length=200)
    display = models.FileField(upload_to="cases/", max_length=200, blank=True)
    thumbnail = models.FileField(upload_to="cases/", max_length=200, blank=True)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    info_request = models.ForeignKey(
        "service.InfoRequest", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return f"{self.case} {self.kind}"
