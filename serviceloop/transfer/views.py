"""Import (check, then apply) and export of the lists in .xlsx and CSV."""

from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from serviceloop.core.security_log import log_security_event
from serviceloop.core.tabular.imports import ListDefinition
from serviceloop.core.tabular.reading import TableError

from . import services
from .forms import ImportForm
from .registry import RETURN_TO, list_definition

TEMPLATE = "transfer/list_import.html"
SESSION_KEY = "transfer_uploads"  # kind -> the StoredUpload checked last, as a dict


def _definition(request, kind: str, *, importing: bool) -> ListDefinition:
    """The list, if this user may import it (or export it): each list names its roles."""
    definition = list_definition(kind)
    if definition is None:
        raise Http404
    roles = definition.importing_roles if importing else definition.viewing_roles
    if request.user.role not in roles:
        raise PermissionDenied
    return definition


def _page(request, definition: ListDefinition, form: ImportForm, **context):
    template = TEMPLATE + "#import_panel" if request.htmx else TEMPLATE
    context |= {"definition": definition, "form": form, "return_to": RETURN_TO[definition.kind]}
    return render(request, template, context)


@login_required
def import_list(request, kind: str):
    """Explains the columns; a posted file is checked (a dry run) and kept for "Apply"."""
    definition = _definition(request, kind, importing=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    plan = None
    if request.method == "POST" and form.is_valid():
        plan = services.plan_import(request.user, kind, form.cleaned_data["table"])
        if not plan.errors:
            upload = form.cleaned_data["file"]
            _remember(request, services.store_upload(kind=kind, file=upload, filename=upload.name))
    return _page(request, definition, form, plan=plan)


@require_POST
@login_required
def import_apply(request, kind: str):
    """Re-reads the checked file and writes all its rows, or none if any row fails now."""
    definition = _definition(request, kind, importing=True)
    upload = _recall(request, kind)
    try:
        table = services.read_upload(upload) if upload else None
    except (FileNotFoundError, TableError):
        table = None
    if table is None:
        messages.error(request, _("The checked file is no longer here: upload it again."))
        return redirect("transfer:import", kind=kind)
    plan = services.apply_import(request.user, kind, table)
    if plan.errors:
        return _page(request, definition, ImportForm(), plan=plan, applying=True)
    services.discard_upload(upload)
    _forget(request, kind)
    counts = {"created": plan.created, "updated": plan.updated, "unchanged": plan.unchanged}
    messages.success(
        request, _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % counts
    )
    return redirect(RETURN_TO[kind])


@require_GET
@login_required
def export_list(request, kind: str):
    """?format=xlsx (default) or csv, filtered like the list page; ?template=1: no rows."""
    _definition(request, kind, importing=False)
    export = services.export_list(
        request.user,
        kind,
        request.GET,
        file_format=request.GET.get("format", "xlsx"),
        template=bool(request.GET.get("template")),
    )
    if kind == "contacts":  # personal data, possibly read from another country (PIPL)
        log_security_event("personal_data_export", request, kind="contacts", rows=export.rows)
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


# --- The checked file of each kind, remembered in the session ----------------------------


def _remember(request, upload: services.StoredUpload) -> None:
    previous = _recall(request, upload.kind)
    if previous is not None:
        services.discard_upload(previous)
    request.session[SESSION_KEY] = {
        **request.session.get(SESSION_KEY, {}),
        upload.kind: asdict(upload),
    }


def _recall(request, kind: str) -> services.StoredUpload | None:
    stored = request.session.get(SESSION_KEY, {}).get(kind)
    return services.StoredUpload(**stored) if stored else None


def _forget(request, kind: str) -> None:
    uploads = dict(request.session.get(SESSION_KEY, {}))
    uploads.pop(kind, None)
    request.session[SESSION_KEY] = uploads
