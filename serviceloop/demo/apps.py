from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data: each domain's part in its own module, loaded by `manage.py seed_demo`."""

    name = "serviceloop.demo"
    verbose_name = "Demo data"
