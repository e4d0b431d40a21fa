import zoneinfo

from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class UserPreferencesMiddleware:
    """Shows every page in the signed-in user's language and time zone.

    The language a user picked is stored on the user, so it follows them to any browser;
    anonymous visitors get the language cookie or their browser's language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
            timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class ReadOnlyRoleMiddleware:
    """Refuses every state-changing request from a read-only role (headquarters).

    Being a mechanism rather than a check in each view, a new view is read-only for HQ
    until it is marked with `read_only_roles_may_post`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if (
            request.method not in SAFE_METHODS
            and user.is_authenticated
            and user.is_read_only
            and not getattr(view_func, "read_only_roles_may_post", False)
        ):
            raise PermissionDenied
        return None
