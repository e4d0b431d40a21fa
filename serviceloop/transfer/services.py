"""Importing and exporting lists: plan a file, apply it whole or not at all, keep uploads.

Rows are written only through the domain services (create_customer, update_customer,
save_site, save_contact, save_unit), only into the importing user's office, and all in
one transaction: a file applies completely or leaves the database as it was.
"""

import re
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from serviceloop.accounts.models import User
from serviceloop.core.tabular.imports import Action, Importer, ListDefinition, PlannedRow, RowError
from serviceloop.core.tabular.reading import Table, read_table
from serviceloop.core.tabular.writing import write_csv, write_xlsx

from .registry import LISTS

UPLOAD_FOLDER = "imports"
STALE_UPLOAD_SECONDS = 24 * 60 * 60  # a checked file nobody applied within a day goes
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


@dataclass
class ImportPlan:
    """What a file does: its clean rows with their action, and every error of every row."""

    kind: str
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    def _count(self, action: Action) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self._count(Action.CREATE)

    @property
    def updated(self) -> int:
        return self._count(Action.UPDATE)

    @property
    def unchanged(self) -> int:
        return self._count(Action.UNCHANGED)


def plan_import(user: User, kind: str, table: Table) -> ImportPlan:
    """What importing `table` would create, update and leave unchanged. Writes nothing."""
    definition = LISTS[kind]
    return _plan(definition, definition.importer(user), user, table)


def apply_import(user: User, kind: str, table: Table) -> ImportPlan:
    """Plans the file again (the data may have changed) and writes every row only if no
    row has an error. A service refusing any row rolls every row back."""
    definition = LISTS[kind]
    with transaction.atomic():
        importer = definition.importer(user)
        plan = _plan(definition, importer, user, table)
        if plan.errors:
            return plan
        for planned in plan.rows:
            if planned.action == Action.UNCHANGED:
                continue
            try:
                importer.save(planned)
            except ValidationError as error:
                plan.errors = _refusals(planned, error)
                transaction.set_rollback(True)
                return plan
    return plan


def _plan(definition: ListDefinition, importer: Importer, user: User, table: Table) -> ImportPlan:
    known = [column.code for column in definition.columns]
    plan = ImportPlan(kind=definition.kind, ignored_columns=table.unknown_columns(known))
    plan.errors = _file_errors(definition, user, table)
    if plan.errors:
        return plan
    importer.prepare(table.rows)
    plan.errors = importer.header_errors(table.columns)
    known += [code for code in importer.known_columns(table.columns) if code not in known]
    plan.ignored_columns = table.unknown_columns(known)
    for row in table.rows:
        result = importer.plan_row(row)
        if isinstance(result, PlannedRow):
            plan.rows.append(result)
        else:
            plan.errors.extend(result)
    position = {code: index for index, code in enumerate(known)}
    plan.errors.sort(key=lambda error: (error.row_number, position.get(error.column_code, -1)))
    return plan


def _file_errors(definition: ListDefinition, user: User, table: Table) -> list[RowError]:
    required = [column.code for column in definition.columns if column.required]
    errors = [
        RowError(1, code, _("This required column is missing from the first row."))
        for code in table.missing_columns(required)
    ]
    if user.office_id is None:
        message = _("Your account belongs to no office: lists are imported into an office.")
        errors.append(RowError(1, "", message))
    return errors


def _refusals(planned: PlannedRow, error: ValidationError) -> list[RowError]:
    """A service's refusal of a row, as row errors (field names become column codes)."""
    if not hasattr(error, "error_dict"):
        return [RowError(planned.number, "", message) for message in error.messages]
    return [
        RowError(planned.number, planned.column_of.get(name, ""), message)
        for name, messages in error.message_dict.items()
        for message in messages
    ]


# --- Export -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    filename: str
    content_type: str
    rows: int


def export_list(
    user: User, kind: str, params: QueryDict, *, file_format: str = "xlsx", template=False
) -> ExportFile:
    """The list as its list page filters it (a template has no rows), its help sheet in
    the active language. Every row comes from the user's scoped selectors."""
    definition = LISTS[kind]
    records = definition.export_queryset(user, params)
    rows = list(definition.export_rows(user, records.none() if template else records))
    if file_format == "csv":
        content = write_csv(definition.columns, rows)
    else:
        file_format = "xlsx"
        content = write_xlsx(
            definition.columns,
            rows,
            sheet_title=_sheet_name(str(definition.title)),
            help_title=_sheet_name(_("Columns")),
        )
    filename = f"{kind}-{timezone.localdate().isoformat()}.{file_format}"
    return ExportFile(content, filename, CONTENT_TYPES[file_format], len(rows))


def _sheet_name(text: str) -> str:
    return _NOT_IN_SHEET_NAMES.sub("", text)[:31] or "Sheet"


# --- Checked uploads, kept until applied -------------------------------------------------


@dataclass(frozen=True)
class StoredUpload:
    """A checked file under MEDIA_ROOT/imports/<uuid>.<extension>; the session keeps this."""

    uuid: str
    filename: str
    kind: str
    extension: str

    @property
    def path(self) -> Path:
        if self.extension not in CONTENT_TYPES:
            raise ValueError(f"not an upload extension: {self.extension!r}")
        return _upload_folder() / f"{uuid.UUID(self.uuid).hex}.{self.extension}"


def _upload_folder() -> Path:
    return Path(settings.MEDIA_ROOT) / UPLOAD_FOLDER


def store_upload(*, kind: str, file: BinaryIO, filename: str) -> StoredUpload:
    """Keeps a checked file under a generated name (never the user's) until it is applied."""
    folder = _upload_folder()
    folder.mkdir(parents=True, exist_ok=True)
    _remove_stale_uploads(folder)
    file.seek(0)
    data = file.read()
    extension = "xlsx" if data.startswith(b"PK\x03\x04") else "csv"
    upload = StoredUpload(uuid.uuid4().hex, Path(filename).name[:200], kind, extension)
    upload.path.write_bytes(data)
    return upload


def read_upload(upload: StoredUpload) -> Table:
    """Raises FileNotFoundError when the file is gone, TableError when it cannot be read."""
    with upload.path.open("rb") as file:
        return read_table(file, filename=upload.filename)


def discard_upload(upload: StoredUpload) -> None:
    upload.path.unlink(missing_ok=True)


def _remove_stale_uploads(folder: Path) -> None:
    oldest = time.time() - STALE_UPLOAD_SECONDS
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < oldest:
            path.unlink(missing_ok=True)
