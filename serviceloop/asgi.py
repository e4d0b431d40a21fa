"""ASGI entry point. Serve over WSGI in production (see README): it measured faster here."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "serviceloop.settings")

application = get_asgi_application()
