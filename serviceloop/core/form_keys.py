"""One-time form keys: a create form sent twice (a double click, a retried request) makes
one record. docs/decisions/0011-one-time-form-keys.md

Every create form renders `{% form_key %}`, a hidden random key made when it is shown; its
view is decorated with `@submitted_once`. The spare-parts ledger reads the same key
(`form_key_of`) and also keeps it on its movements, checked under the stock lock.
"""

import re
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.http.response import HttpResponseRedirectBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .models import FormSubmission

FIELD = "form_key"
KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
# A repeat arrives within seconds (a double click) or hours (a browser's "resend" after a
# dropped connection); a week is far beyond both.
KEEP_FOR = timedelta(days=7)
NOT_ECHOED = {FIELD, "csrfmiddlewaretoken"}


def new_form_key() -> str:
    return secrets.token_urlsafe(24)


def form_key_of(request) -> str | None:
    """The key the POST carries, when it is one we could have made (else None)."""
    value = request.POST.get(FIELD, "")
    return value if KEY.fullmatch(value) else None


def submitted_once(view=None, *, creating: Callable[..., bool] | None = None):
    """Makes a create view's POST take effect once per form key.

    `creating(**view_kwargs)` says whether this URL creates, for views that also edit
    (`creating=adding`); their edits are left as they are.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if (
                request.method != "POST"
                or not request.user.is_authenticated
                or (creating is not None and not creating(**kwargs))
            ):
                return view(request, *args, **kwargs)
            key = form_key_of(request)
            if key is None:
                return _send_again(request)
            return _once(request, key, lambda: view(request, *args, **kwargs))

        wrapper.checks_form_key = True  # type: ignore[attr-defined]  # kept by outer @wraps
        return wrapper

    return decorate(view) if view is not None else decorate


def adding(pk=None, **_kwargs) -> bool:
    """For a view that adds and edits: the URL without a `pk` adds."""
    return pk is None


def _once(request, key: str, run):
    # One transaction: on PostgreSQL a simultaneous second POST waits on the unique key
    # until the first commits, then fails to claim it and follows the first one's result.
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = FormSubmission.objects.create(key=key, user=request.user)
        except IntegrityError:
            return _already_sent(request, key)
        response = run()
        if isinstance(response, HttpResponseRedirectBase):
            claim.location = response["Location"][:2000]
            claim.save(update_fields=["location"])
        else:
            # The form came back refused: the corrected form may send the same key again.
            claim.delete()
        return response


def _already_sent(request, key: str):
    earlier = FormSubmission.objects.filter(key=key, user=request.user).first()
    if earlier is None:  # another user's key is not theirs to follow
        return _send_again(request)
    messages.info(request, _("This form had already been sent: it was not saved twice."))
    return HttpResponseRedirect(earlier.location or reverse("core:home"))


def _send_again(request):
    """A POST without a usable key (a page opened before an update, a script): nothing is
    saved; what was typed comes back, to be sent again with a key."""
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in NOT_ECHOED
        for value in values
    ]
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("core:home")
    context = {"fields": fields, "has_files": bool(request.FILES), "back": back}
    return render(request, "core/form_send_again.html", context, status=400)


def forget_old_keys(now: datetime | None = None) -> int:
    """Deletes the keys older than KEEP_FOR; returns how many."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    deleted, _by_model = FormSubmission.objects.filter(created_at__lt=cutoff).delete()
    return deleted
