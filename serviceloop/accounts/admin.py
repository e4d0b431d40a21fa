from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Office, User


@admin.register(Office)
class OfficeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "time_zone", "currency", "is_headquarters"]
    search_fields = ["name", "code"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin):
    list_display = ["username", "full_name", "role", "office", "is_active", "last_login"]
    list_filter = ["role", "office", "is_active"]
    search_fields = ["username", "full_name", "email", "phone"]
    # Passwords are set through the owner's e-mailed link, never typed in by someone else.
    exclude = ["password"]
    readonly_fields = ["last_login", "date_joined"]
