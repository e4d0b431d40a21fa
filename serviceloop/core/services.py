"""Helpers shared by the domain apps' services."""

from typing import Any

from django.db import models


def apply_changes(instance: models.Model, changes: dict[str, Any], allowed: frozenset[str]) -> None:
    """Copies form data onto a stored row, refusing any field the caller may not set."""
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"fields not allowed here: {sorted(unknown)}")
    for field, value in changes.items():
        setattr(instance, field, value)
