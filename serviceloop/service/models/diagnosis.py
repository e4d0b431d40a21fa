"""Remote diagnosis: what the office asks the customer to read off the machine or photograph."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .cases import Case


class InfoRequest(models.Model):
    """A one-time link to the customer: the readings and photos the engineer needs.

    The customer answers without signing in (often the operator at the machine, on a
    phone); the readings land typed on the case and the clocks run again."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="info_requests")
    tags = models.JSONField(_("readings asked for"), default=list, blank=True)
    wants_photos = models.BooleanField(_("photos asked for"), default=False)
    message = models.TextField(_("message to the customer"))
    sent_to = models.EmailField(_("sent to"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by_name = models.CharField(_("answered by"), max_length=100, blank=True)
    answer = models.TextField(_("customer's answer"), blank=True)

    class Meta:
        ordering = ["case", "requested_at"]
        verbose_name = _("request to the customer")
        verbose_name_plural = _("requests to the customer")

    def __str__(self) -> str:
        return f"{self.case} ?"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
