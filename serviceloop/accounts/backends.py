from django.contrib.auth.backends import ModelBackend

from .models import User


class UserWithOfficeBackend(ModelBackend):
    """Loads the signed-in user with its office: every page's frame shows both."""

    def get_user(self, user_id):
        user = User.objects.select_related("office").filter(pk=user_id).first()
        return user if user and self.user_can_authenticate(user) else None
