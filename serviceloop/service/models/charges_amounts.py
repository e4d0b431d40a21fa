"""Amounts that cannot be negative, checked twice: by the field's validator (a form error
next to the field) and by a database constraint (a value written past the forms, from the
admin, a shell or an import, is refused too). Hours, quantities, prices and rates all feed
the bill: a negative one would quietly lower it."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

NEGATIVE = _("This value cannot be negative.")
NEGATIVE_HOURS = _("Hours cannot be negative.")
OUT_OF_PERCENT = _("A percentage lies between 0 and 100.")

NOT_NEGATIVE = [MinValueValidator(0, message=NEGATIVE)]
HOURS = [MinValueValidator(0, message=NEGATIVE_HOURS)]
PERCENT = [
    MinValueValidator(0, message=OUT_OF_PERCENT),
    MaxValueValidator(100, message=OUT_OF_PERCENT),
]


def not_negative(field: str, name: str, message=NEGATIVE) -> models.CheckConstraint:
    """`field` >= 0; an empty (NULL) value passes, as SQL check constraints let it."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": 0}), name=name, violation_error_message=message
    )


def percent(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": 0, f"{field}__lte": 100}),
        name=name,
        violation_error_message=OUT_OF_PERCENT,
    )
