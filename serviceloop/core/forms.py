"""The two shapes of a form view: validate, call the service, show its refusals on the form.

`save_through` is for a form on a page of its own. `save_inline` is for a form shown on a
detail page (the case page, a unit's record) and posted to a view of its own: refused, the
detail page is shown again with the bound form in place of its empty one, so what was typed
and the reason stay next to the field instead of being lost to a redirect.
"""

import copy
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import get_script_prefix, resolve, reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _


def save_through(form, request, action: Callable[[dict], Any], success: str) -> Any:
    """Runs `action` with the cleaned data once the form is valid; a ValidationError from
    the service comes back onto the form (nothing typed is lost). Returns what was saved."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = action(form.cleaned_data)
    except ValidationError as error:
        add_refusal(form, error)
        return None
    messages.success(request, success)
    return saved


def tell_refused(request: HttpRequest, error: Exception, *, fallback: str) -> None:
    """A refused step with nothing typed (a button): its reasons at the top of the next page,
    or `fallback` when the refusal gave none."""
    messages.error(request, " ".join(getattr(error, "messages", [])) or fallback)


def add_refusal(form, error: ValidationError | PermissionDenied) -> None:
    """Puts a service's refusal on the form: a message about one of the form's fields next
    to that field, any other above the form (a field the form does not show cannot take it)."""
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error) or _("You may not take this step."))
    elif hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def save_inline(
    form,
    request,
    action: Callable[[dict], Any],
    *,
    page: str,
    name: str,
    success: str = "",
    anchor: str = "",
    **page_kwargs: Any,
) -> HttpResponse:
    """The shape of a form posted from a detail page: valid and accepted by `action`, the
    success message and a redirect back to the page (URL name `page`, at `anchor`); refused
    by the form or the service, the page shown again with the bound form as its `name`
    (answering 403 when the service said the user may not take this step)."""
    forbidden = False
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            add_refusal(form, error)
            forbidden = isinstance(error, PermissionDenied)
        else:
            if success:
                messages.success(request, success)
            return redirect(reverse(page, kwargs=page_kwargs) + anchor)
    response = show_refused(request, page, {name: form}, **page_kwargs)
    if forbidden and response.status_code == 200:
        response.status_code = 403
    return response


def show_refused(request: HttpRequest, page: str, forms: dict, **page_kwargs: Any) -> HttpResponse:
    """The page at the URL named `page`, rendered by its own view as a GET would render it
    (same checks, same context), but with `forms`, refused and bound, in place of the page's
    empty forms of the same names (see `shown_form`).

    The page's view gets a GET copy of the request at the page's own address: a page that
    handles a form of its own must not take the refused post for its own, and links built
    from the address (the language switch's way back) must point at the page."""
    url = reverse(page, kwargs=page_kwargs)
    # Detail pages are long: the top of the page says it was not saved, and why when the
    # reason is not about one field (the form may be gone from the page, e.g. a step no
    # longer allowed once someone else moved the case).
    reasons = [str(error) for form in forms.values() for error in form.non_field_errors()]
    if reasons:
        messages.error(request, _("Not saved: %(reasons)s") % {"reasons": " ".join(reasons)})
    else:
        messages.error(request, _("Not saved: the reason is shown at the form."))
    as_get = copy.copy(request)
    as_get.method = "GET"
    as_get.POST, as_get._files = QueryDict(), MultiValueDict()
    as_get.path, as_get.path_info = url, "/" + url.removeprefix(get_script_prefix())
    as_get.refused_forms = forms
    match = resolve(as_get.path_info)
    return match.func(as_get, *match.args, **match.kwargs)


def shown_form(request: HttpRequest, name: str, empty):
    """The form a detail page shows as `name`: the refused one when the page is shown again
    after a refused post (`show_refused`), else the page's own `empty` form."""
    return getattr(request, "refused_forms", {}).get(name, empty)
