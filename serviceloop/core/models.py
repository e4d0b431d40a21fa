from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """A create form's one-time key, claimed by the POST that carried it.

    The unique key is the lock: a second POST with the same key (a double click, a retried
    request) cannot claim it again and is sent to what the first one made
    (core/form_keys.py, docs/decisions/0011-one-time-form-keys.md).
    """

    key = models.CharField(_("key"), max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    # Where the first POST sent the browser: where a repeat of it is sent too.
    location = models.CharField(_("result"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return f"{self.key[:8]}… → {self.location}"
