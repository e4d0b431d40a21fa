from django.contrib.auth.backends import ModelBackend

from .models import User


class UserWithOfficeBackend(ModelBackend):
    """Loads the signed-in user with its office: every page's frame shows both."""

    def get_user(self, user_id):
        try:
            user = User.objects.select_related("office").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
