"""Reads every case's search words again (decision 0018): after a customer was renamed or
a serial corrected, or to check the index. Safe to run while the office works."""

from django.core.management.base import BaseCommand
from django.db import connection

from serviceloop.service.models.cases_search import ensure_case_search
from serviceloop.service.services.cases_search import refresh_all


class Command(BaseCommand):
    help = "Recompute every case's search words and make sure the search index exists."

    def handle(self, *args, **options) -> None:
        count = refresh_all()
        ensure_case_search(connection)
        self.stdout.write(f"{count} cases read again.")
