from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied


class ServiceLoopAdminSite(admin.AdminSite):
    """The Django admin, for administrators only (managers use the staff pages)."""

    site_header = "ServiceLoop"
    site_title = "ServiceLoop"

    def __init__(self, *args, **kwargs):
        # Imported here: this module is read with INSTALLED_APPS, before models can load.
        from .forms import AdminLoginForm

        super().__init__(*args, **kwargs)
        self.login_form = AdminLoginForm

    def has_permission(self, request) -> bool:
        user = request.user
        if user.is_authenticated and not user.is_staff:
            # Signed in, but not an administrator: a plain refusal, not a second login form.
            raise PermissionDenied
        return user.is_active and user.is_staff


class ServiceLoopAdminConfig(AdminConfig):
    default_site = "serviceloop.accounts.admin_site.ServiceLoopAdminSite"
