from functools import cache

from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .models import Notification, User


@cache
def _signed_in_users() -> QuerySet[User]:
    """Users with their office and their number of unread notifications. Built once per
    process: every request filters a copy (building the annotation cost more than the query's
    own run)."""
    unread = (
        Notification.objects.filter(user_id=OuterRef("pk"), read_at=None)
        .order_by()
        .values("user_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return User.objects.select_related("office").annotate(
        unread_notifications=Coalesce(Subquery(unread, output_field=IntegerField()), 0)
    )


class UserWithOfficeBackend(ModelBackend):
    """Loads the signed-in user with its office and the number of its unread notifications,
    in one query: every page's frame shows all three (navigation.shell)."""

    def get_user(self, user_id):
        try:
            user = _signed_in_users().get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
