"""The project's URLs plus one view that fails, to see the 500 page as a user does."""

from django.urls import path

from serviceloop.urls import handler403, handler404, handler500, urlpatterns


def crash(request):
    raise RuntimeError("a bug")


urlpatterns = [*urlpatterns, path("crash/", crash)]
__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
