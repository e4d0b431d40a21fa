"""Readable change history of a record kept by django-simple-history."""

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

HISTORY_SHOWN = 50
KINDS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    kind: str
    changes: list[Change]


def _display(field: models.Field, value, related: dict) -> str:
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        return str(related.get((field.name, value), value))
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return str(value)


def _related_names(model, records) -> dict:
    """Looks up every referenced row once per relation, not once per change."""
    related = {}
    for field in model._meta.concrete_fields:
        if not field.is_relation:
            continue
        ids = {getattr(r, field.attname) for r in records} - {None}
        if ids:
            for obj in field.related_model._default_manager.filter(pk__in=ids):
                related[(field.name, obj.pk)] = obj
    return related


def history_entries(obj: models.Model, limit: int | None = HISTORY_SHOWN) -> list[HistoryEntry]:
    """Newest first: who changed which fields of `obj`, when, from what to what. The
    latest `limit` changes; every one with `limit=None` (a printed record file)."""
    model = type(obj)
    history = obj.history.select_related("history_user").order_by("-history_date", "-pk")
    records = list(history if limit is None else history[: limit + 1])
    related = _related_names(model, records)
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if len(entries) == limit:
            break
        changes = []
        if older is not None:
            for delta in newer.diff_against(older).changes:
                field = model._meta.get_field(delta.field)
                changes.append(
                    Change(
                        field=str(field.verbose_name),
                        old=_display(field, delta.old, related),
                        new=_display(field, delta.new, related),
                    )
                )
        entries.append(
            HistoryEntry(
                when=newer.history_date,
                who=str(newer.history_user) if newer.history_user else "",
                kind=str(KINDS[newer.history_type]),
                changes=changes,
            )
        )
    return entries
