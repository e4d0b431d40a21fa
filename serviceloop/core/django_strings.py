"""Strings of Django itself that its own zh_Hans catalogue (6.1) does not translate yet.

Listing them here puts them into our catalogue, which Django consults first.
"""

from django.utils.translation import gettext_lazy as _

MISSING_IN_DJANGO = [
    _("- Select an option -"),  # the empty choice of every select (django.db.models.fields)
]
