import logging

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from .security_log import log_security_event

logger = logging.getLogger(__name__)


@login_required
def home(request):
    if request.user.is_customer:
        return redirect("portal:home")
    return render(request, "core/home.html")


@never_cache
@csrf_exempt
def health(request):
    """For load balancers and monitoring: 200 when the database answers, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("health check: database unreachable")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def permission_denied(request, exception=None):
    log_security_event("access_refused", request, status=403)
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without context processors: the error may be the database itself.
    return HttpResponseServerError(loader.get_template("500.html").render({}))


def csrf_failure(request, reason=""):
    log_security_event("csrf_refused", request, status=403)
    return render(request, "403_csrf.html", status=403)
