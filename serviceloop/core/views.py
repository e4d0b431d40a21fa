import logging

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from .extensions import home_panels, site_search
from .security_log import log_security_event

logger = logging.getLogger(__name__)
# Longer than any part number, serial or case number a person types.
SEARCH_LENGTH = 60


@login_required
def home(request):
    if request.user.is_customer:
        return redirect("portal:home")
    # What needs the user's attention, from the apps that know it (open complaints).
    return render(request, "core/home.html", {"panels": home_panels.panels(request=request)})


@login_required
def search(request):
    """The top search: every app answers with what it found (the `site_search` point), so
    this page knows none of them. A customer's people search in their portal."""
    if request.user.is_customer:
        return redirect("portal:home")
    query = request.GET.get("q", "").strip()[:SEARCH_LENGTH]
    sections = site_search.panels(request=request, query=query) if query else []
    context = {"query": query, "top_query": query, "sections": sections}
    return render(request, "core/search.html", context)


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
