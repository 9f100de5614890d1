"""Excel imports: upload → preview → confirm, the same for every kind of file.

A kind (households and members; later a campaign's review results) is an
``Importer``: its columns, its template, and a ``plan`` that reads the rows against
the database and says, row by row, what would happen (new, update, unchanged, error
with the column and the reason) and how to write it. This module does the rest, once
for every kind:

- the upload is kept in private storage (MEDIA_ROOT/private/imports/), so preview and
  confirm may run in different server processes, and its parsed rows beside it;
- a file of ``IMPORT_BACKGROUND_ROWS`` rows or more is previewed and written by the
  task worker (django-tasks, ``manage.py db_worker``), with a progress bar;
- confirm plans again inside the writing transaction and writes only when the outcome
  is the one the user saw (a digest of the preview); otherwise the new preview is shown;
- the write is one transaction: all rows or none, or (when chosen) every household
  without an error row; a failure half-way writes nothing and marks the batch failed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from households.imports.models import ImportBatch
from tannkhai import xlsx
from tannkhai.collector import few_collections
from tannkhai.formatting import fold
from tannkhai.models import User
from tannkhai.storage import private_storage

logger = logging.getLogger(__name__)

IMPORT_DIR = "imports"
MAX_UPLOAD_BYTES = 30 * 1024 * 1024

NEW, UPDATE, UNCHANGED, ERROR = "new", "update", "unchanged", "error"


class ImportRefused(Exception):
    """What the user is told when a file cannot be taken (not an xlsx, too big…)."""


@dataclass(frozen=True)
class ImportColumn:
    """A column of an import file: the header the template writes, other headers that
    mean the same, and whether a file without it is refused."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False


def header_key(text: str) -> str:
    """A header as compared: no case, no diacritics, no spaces, no required mark."""
    return fold(str(text or "")).rstrip("*").replace(" ", "")


@dataclass
class RowOutcome:
    """What planning found for one row of the file."""

    number: int
    status: str = NEW
    key: str = ""  # what groups rows written together (a household's code)
    label: str = ""  # whom the row is about (a member's name)
    identifier: str = ""  # a personal number, shown masked
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, reason)
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (column, old, new)
    raw: list[Any] = field(default_factory=list)

    def error(self, column: str, message: str) -> None:
        if (column, message) not in self.errors:
            self.errors.append((column, str(message)))
        self.status = ERROR

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "n": self.number,
            "s": self.status,
            "k": self.key,
            "l": self.label,
            "i": self.identifier,
        }
        if self.errors:
            data["e"] = [list(e) for e in self.errors]
            data["raw"] = [_jsonable(v) for v in self.raw]
        if self.changes:
            data["c"] = [list(c) for c in self.changes]
        return data


class Plan(ABC):
    """The rows' outcomes and how to write them (one per kind)."""

    rows: list[RowOutcome]

    @abstractmethod
    def write(self, *, user: User, batch: ImportBatch, skip_errors: bool) -> None:
        """Write the planned rows (inside the confirm's transaction)."""


class Importer(ABC):
    """A kind of import. Subclasses give the columns, the template and the plan."""

    kind: ClassVar[str]
    title: ClassVar[str]
    columns: ClassVar[tuple[ImportColumn, ...]]

    @abstractmethod
    def allowed(self, user: User) -> bool:
        """Whether ``user`` may import this kind at all."""

    @abstractmethod
    def template(self, user: User) -> xlsx.XlsxTemplate:
        """The template workbook offered to ``user`` (their quarters in the lists)."""

    def template_filename(self) -> str:
        return "mau-nhap"

    def for_target(self, target: str) -> Importer:
        """The importer for what a batch is about (a campaign for review results)."""
        return self

    def check(self, user: User) -> None:  # noqa: B027 (a hook: most kinds refuse nothing)
        """Refuse a whole upload (``ImportRefused``) before the file is read."""

    @abstractmethod
    def plan(self, *, user: User, table: ImportTable, progress: Progress) -> Plan:
        """Every row's outcome for ``user``, and how to write them."""

    def match_headers(self, headers: list[str]) -> dict[str, int]:
        """Each known column's position in the file (extra columns are ignored)."""
        wanted: dict[str, str] = {}
        for column in self.columns:
            for text in (column.header, *column.aliases):
                wanted.setdefault(header_key(text), column.key)
        positions: dict[str, int] = {}
        for index, header in enumerate(headers):
            key = wanted.get(header_key(header))
            if key is not None and key not in positions:
                positions[key] = index
        return positions

    def is_header(self, texts: list[str]) -> bool:
        found = self.match_headers(texts)
        return any(c.key in found for c in self.columns if c.required)


IMPORTERS: dict[str, Importer] = {}


def template_book(
    *,
    data_title: str,
    columns: list[xlsx.TemplateColumn],
    notes: list[str],
    rows: int = 2000,
    examples: list[list[Any]] | None = None,
) -> xlsx.XlsxTemplate:
    """An import template: the data sheet with its drop-down lists, and the instructions
    sheet (the notes, then one line per column: required, meaning, how to write it)."""
    book = xlsx.XlsxTemplate(
        data_title=data_title,
        columns=columns,
        rows=rows,
        examples=examples or [],
        lists_title=_("Danh mục"),
        choice_error=_("Hãy chọn một giá trị trong danh sách."),
    )
    book.instructions(
        title=_("Hướng dẫn"),
        notes=notes,
        headers=[_("Cột"), _("Bắt buộc"), _("Ý nghĩa"), _("Cách ghi")],
        rows=[[c.header, _("Có") if c.required else "", c.meaning, c.format] for c in columns],
    )
    return book


def register(importer: Importer) -> Importer:
    IMPORTERS[importer.kind] = importer
    return importer


def importer_for(kind: str) -> Importer:
    # The kinds register themselves when their module is imported.
    import households.resources
    import households.reviews.resources  # noqa: F401

    return IMPORTERS[kind]


@dataclass
class ImportTable:
    """The file's rows as the columns of the kind: ``values[key]`` per row."""

    columns: list[str]  # the kind's keys present in the file
    headers: dict[str, str]  # key → the header as written in the file
    rows: list[tuple[int, dict[str, Any], list[Any]]]  # (row number, values by key, raw)
    file_headers: list[str] = field(default_factory=list)  # the header row as written


class Progress:
    """Rows planned or written so far, saved at most twice a second (one UPDATE each)."""

    def __init__(self, batch: ImportBatch | None) -> None:
        self.batch = batch
        self.done = 0
        self._saved_at = 0.0

    def total(self, rows: int) -> None:
        if self.batch is not None:
            self.batch.total = rows
            ImportBatch.objects.filter(pk=self.batch.pk).update(total=rows, done=0)

    def step(self, rows: int = 1) -> None:
        self.done += rows
        if self.batch is None:
            return
        now = time.monotonic()
        if now - self._saved_at >= 0.5:
            self._saved_at = now
            ImportBatch.objects.filter(pk=self.batch.pk).update(done=self.done)


# ---------------------------------------------------------------- reading


def _messages(importer: Importer) -> dict[str, str]:
    required = [c.header for c in importer.columns if c.required][:3]
    return {
        "not_xlsx": _(
            "Tệp không phải là tệp Excel .xlsx (có thể là tệp CSV hoặc .xls đổi tên). "
            "Hãy mở tệp trong Excel và lưu lại dạng “Excel Workbook (.xlsx)”."
        ),
        "encrypted": _(
            "Tệp được đặt mật khẩu. Hãy bỏ mật khẩu (Tệp › Thông tin › Bảo vệ sổ làm việc) "
            "rồi tải lên lại."
        ),
        "empty": _("Tệp không có dòng dữ liệu nào."),
        "formula": _(
            "Ô %(cell)s chứa công thức. Hãy dán lại dữ liệu dạng giá trị "
            "(Dán đặc biệt › Giá trị) rồi tải lên lại."
        ),
        "merged": _("Tệp có ô gộp (merge). Hãy bỏ gộp ô để mỗi ô một giá trị rồi tải lên lại."),
        "too_many": _("Tệp có quá %(limit)s dòng. Hãy chia thành nhiều tệp nhỏ hơn."),
        "no_header": _(
            "Không tìm thấy dòng tiêu đề (các cột như %(columns)s). "
            "Hãy dùng tệp mẫu tải về từ trang này."
        )
        % {"columns": ", ".join(f"“{header}”" for header in required)},
    }


def read(importer: Importer, data: bytes) -> ImportTable:
    """The file's rows by the kind's columns, or ``UnreadableFile`` with the reason."""
    sheet = xlsx.read_table(
        data,
        max_rows=settings.IMPORT_MAX_ROWS,
        is_header=importer.is_header,
        messages=_messages(importer),
    )
    positions = importer.match_headers(sheet.headers)
    missing = [c.header for c in importer.columns if c.required and c.key not in positions]
    if missing:
        raise xlsx.UnreadableFile(
            _("Tệp thiếu cột bắt buộc: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    keys = list(positions)
    rows = []
    for number, values in sheet.rows:
        by_key = {
            key: (values[index] if index < len(values) else None)
            for key, index in positions.items()
        }
        rows.append((number, by_key, values[: len(sheet.headers)]))
    return ImportTable(
        columns=keys,
        headers={key: sheet.headers[index] for key, index in positions.items()},
        rows=rows,
        file_headers=sheet.headers,
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return {"d": value.isoformat()}
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, dict) and "d" in value:
        return dt.datetime.fromisoformat(value["d"])
    return value


def _table_path(batch: ImportBatch) -> str:
    return f"{IMPORT_DIR}/{batch.pk}.json"


def _store_table(batch: ImportBatch, table: ImportTable) -> None:
    """The parsed rows beside the file: confirm plans from them without parsing again."""
    payload = {
        "columns": table.columns,
        "headers": table.headers,
        "rows": [
            [n, {k: _jsonable(v) for k, v in values.items()}, [_jsonable(v) for v in raw]]
            for n, values, raw in table.rows
        ],
    }
    name = _table_path(batch)
    private_storage.delete(name)
    private_storage.save(name, ContentFile(json.dumps(payload, ensure_ascii=False).encode()))


def _load_table(batch: ImportBatch) -> ImportTable:
    try:
        with private_storage.open(_table_path(batch), "rb") as stream:
            payload = json.loads(stream.read())
    except FileNotFoundError:
        with private_storage.open(batch.file, "rb") as stream:
            return read(importer_of(batch), stream.read())
    return ImportTable(
        columns=payload["columns"],
        headers=payload["headers"],
        rows=[
            (n, {k: _from_json(v) for k, v in values.items()}, [_from_json(v) for v in raw])
            for n, values, raw in payload["rows"]
        ],
    )


def count_rows(data: bytes) -> int:
    """About how many rows the file has (its row elements), without reading the cells."""
    import io
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        sheets = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
        if not sheets:
            return 0
        # Rows with a value (a template's formatted empty rows are not counted).
        rows = re.findall(rb"<row\b[^>]*>(.*?)</row>", archive.read(sheets[0]), re.S)
        return max(0, sum(1 for r in rows if b"<v>" in r or b"<is>" in r or b"<v " in r) - 1)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return 0


# ---------------------------------------------------------------- the batch


def importer_of(batch: ImportBatch) -> Importer:
    return importer_for(batch.kind).for_target(batch.target)


def is_long(rows: int) -> bool:
    return rows >= settings.IMPORT_BACKGROUND_ROWS


def upload(*, user: User, kind: str, file: UploadedFile, target: str = "") -> ImportBatch:
    """Keep the file, record the batch and preview it (now, or queued when it is long)."""
    importer = importer_for(kind).for_target(target)
    if not importer.allowed(user):
        raise PermissionError
    importer.check(user)
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        raise ImportRefused(
            _("Tệp lớn hơn %(mb)s MB. Hãy chia thành nhiều tệp nhỏ hơn.")
            % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    data = file.read()
    if not data:
        raise ImportRefused(_("Tệp không có dòng dữ liệu nào."))
    batch = ImportBatch(
        owner=user,
        kind=kind,
        target=target,
        filename=(file.name or "tep.xlsx")[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        language=translation.get_language() or settings.LANGUAGE_CODE,
        status=ImportBatch.Status.QUEUED,
        stage=ImportBatch.Stage.PREVIEW,
        total=count_rows(data),
    )
    batch.file = f"{IMPORT_DIR}/{batch.pk}.xlsx"
    private_storage.save(batch.file, ContentFile(data))
    if is_long(batch.total):
        _enqueue(batch, create=True)
    else:
        batch.save()
        run_preview(str(batch.pk), data=data)
        batch.refresh_from_db()
    return batch


def _enqueue(batch: ImportBatch, *, create: bool = False) -> None:
    """Record the batch's state and queue its task in one transaction."""
    from households.tasks import run_import

    with transaction.atomic():
        if create:
            batch.save()
        result = run_import.enqueue(str(batch.pk))
        batch.task_id = str(result.id)
        ImportBatch.objects.filter(pk=batch.pk).update(task_id=batch.task_id)


def run(batch_id: str) -> None:
    """The task's body: the batch's queued stage."""
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        return
    if batch.stage == ImportBatch.Stage.PREVIEW:
        run_preview(batch_id)
    else:
        run_confirm(batch_id)


def _claim(batch_id: str, stage: str) -> ImportBatch | None:
    """Move a queued batch to running; None when someone else already did."""
    updated = ImportBatch.objects.filter(
        pk=batch_id, status=ImportBatch.Status.QUEUED, stage=stage
    ).update(status=ImportBatch.Status.RUNNING, done=0, started_at=timezone.now())
    if not updated:
        return None
    return ImportBatch.objects.select_related("owner").get(pk=batch_id)


def digest(rows: Iterable[RowOutcome]) -> str:
    outcome = [(r.number, r.status, r.errors, r.changes) for r in rows]
    return hashlib.sha256(json.dumps(outcome, ensure_ascii=False).encode()).hexdigest()


def _counts(rows: list[RowOutcome]) -> dict[str, int]:
    counts = {NEW: 0, UPDATE: 0, UNCHANGED: 0, ERROR: 0}
    for row in rows:
        counts[row.status] += 1
    return {
        "new_count": counts[NEW],
        "updated_count": counts[UPDATE],
        "unchanged_count": counts[UNCHANGED],
        "rejected_count": counts[ERROR],
    }


def _save_preview(batch: ImportBatch, rows: list[RowOutcome], *, error: str = "") -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.PREVIEWED,
        stage=ImportBatch.Stage.PREVIEW,
        preview=[r.as_json() for r in rows],
        digest=digest(rows),
        total=len(rows),
        done=len(rows),
        previewed_at=timezone.now(),
        error=error,
        **_counts(rows),
    )


def run_preview(batch_id: str, *, data: bytes | None = None) -> None:
    batch = _claim(batch_id, ImportBatch.Stage.PREVIEW)
    if batch is None:
        return
    importer = importer_of(batch)
    with translation.override(batch.language), few_collections():
        try:
            if data is None:
                with private_storage.open(batch.file, "rb") as stream:
                    data = stream.read()
            table = read(importer, data)
            ImportBatch.objects.filter(pk=batch.pk).update(headers=table.file_headers)
        except xlsx.UnreadableFile as exc:
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportBatch.Status.INVALID, error=str(exc), done=0
            )
            return
        progress = Progress(batch)
        progress.total(len(table.rows))
        plan = importer.plan(user=batch.owner, table=table, progress=progress)
        _store_table(batch, table)
        _save_preview(batch, plan.rows)


class Changed(Exception):
    """Planning again inside the write gave another outcome than the preview."""

    def __init__(self, rows: list[RowOutcome]) -> None:
        super().__init__("changed")
        self.rows = rows


def has_errors(batch: ImportBatch) -> bool:
    return batch.rejected_count > 0


def confirm(*, user: User, batch: ImportBatch, mode: str) -> ImportBatch:
    """Write the previewed batch (now, or queued when it is long). The batch must be the
    user's own and previewed; with errors, only the "skip" mode writes."""
    if batch.owner_id != user.pk:
        raise Http404
    if mode == ImportBatch.Mode.ALL and has_errors(batch):
        raise ImportRefused(
            _(
                "Tệp còn dòng lỗi. Hãy sửa tệp rồi tải lên lại, hoặc chọn "
                "“Bỏ qua các dòng lỗi” để ghi các hộ không có lỗi."
            )
        )
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEWED).update(
        status=ImportBatch.Status.QUEUED, stage=ImportBatch.Stage.CONFIRM, mode=mode, error=""
    )
    if not claimed:
        raise ImportRefused(_("Lô này đã được ghi hoặc đang được xử lý."))
    batch.refresh_from_db()
    if is_long(batch.total):
        _enqueue(batch)
    else:
        run_confirm(str(batch.pk))
        batch.refresh_from_db()
    return batch


def run_confirm(batch_id: str) -> None:
    batch = _claim(batch_id, ImportBatch.Stage.CONFIRM)
    if batch is None:
        return
    importer = importer_of(batch)
    skip_errors = batch.mode == ImportBatch.Mode.SKIP
    with translation.override(batch.language):
        try:
            table = _load_table(batch)
            progress = Progress(batch)
            progress.total(len(table.rows))
            with few_collections(), transaction.atomic():
                plan = importer.plan(user=batch.owner, table=table, progress=progress)
                if digest(plan.rows) != batch.digest:
                    raise Changed(plan.rows)
                if not skip_errors and any(r.status == ERROR for r in plan.rows):
                    raise Changed(plan.rows)
                plan.write(user=batch.owner, batch=batch, skip_errors=skip_errors)
        except Changed as changed:
            _save_preview(
                batch,
                changed.rows,
                error=_(
                    "Dữ liệu đã thay đổi từ lúc xem trước (có người vừa sửa hồ sơ). "
                    "Đây là kết quả xem trước mới; chưa có gì được ghi. Hãy xem lại rồi xác nhận."
                ),
            )
            return
        except Exception:
            # The boundary of a write the user waits on: whatever failed, the transaction
            # is rolled back, the batch says so and the traceback goes to the log.
            logger.exception("import %s failed", batch.pk)
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportBatch.Status.FAILED,
                error=_("Có lỗi khi ghi dữ liệu: chưa có gì được ghi. Vui lòng thử lại sau."),
                confirmed_at=timezone.now(),
            )
            return
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.DONE,
        preview=[r.as_json() for r in plan.rows],
        done=len(plan.rows),
        confirmed_at=timezone.now(),
        **_counts(plan.rows),
    )
    private_storage.delete(_table_path(batch))


# ---------------------------------------------------------------- reading batches


def batches_of(
    user: User, *, kind: str | None = None, target: str | None = None, limit: int = 20
) -> list[ImportBatch]:
    """The user's own recent batches (of a kind, about a target), newest first (the
    preview left out)."""
    batches = ImportBatch.objects.filter(owner=user)
    if kind is not None:
        batches = batches.filter(kind=kind)
    if target is not None:
        batches = batches.filter(target=target)
    return list(batches.defer("preview", "headers")[:limit])


def batch_get(*, user: User, pk: Any, kind: str | None = None) -> ImportBatch:
    """A batch of the user's own; anyone else's (an administrator's too) is a 404."""
    try:
        batch = ImportBatch.objects.get(pk=pk, owner=user)
    except (ImportBatch.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if kind is not None and batch.kind != kind:
        raise Http404
    return batch


def rejected_rows(batch: ImportBatch) -> list[dict[str, Any]]:
    return [row for row in batch.preview if row.get("s") == ERROR]


def rejected_workbook(batch: ImportBatch) -> xlsx.XlsxExport:
    """The rejected rows as they were in the file, with a column saying why."""
    headers = [str(h) for h in batch.headers]
    export = xlsx.XlsxExport(
        sheet_title=_("Dòng bị loại"),
        columns=[
            xlsx.Column(_("Dòng"), 8),
            *(xlsx.Column(h, 18) for h in headers),
            xlsx.Column(_("Lỗi"), 60),
        ],
    )
    for row in rejected_rows(batch):
        raw = [_from_json(v) for v in row.get("raw", [])]
        raw += [None] * (len(headers) - len(raw))
        reasons = "; ".join(f"{col}: {msg}" if col else msg for col, msg in row.get("e", []))
        export.append([row["n"], *raw[: len(headers)], reasons])
    return export


def prune(*, now: dt.datetime | None = None) -> int:
    """Delete batches older than ``IMPORT_KEEP_DAYS`` with their stored files (the upload
    and its parsed rows; the rejected rows are built from the batch when downloaded),
    never one still queued or running; how many."""
    before = (now or timezone.now()) - dt.timedelta(days=settings.IMPORT_KEEP_DAYS)
    old = list(
        ImportBatch.objects.filter(created_at__lt=before)
        .exclude(status__in=[ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING])
        .values_list("pk", "file")
    )
    for pk, name in old:
        if name:
            private_storage.delete(name)
        private_storage.delete(f"{IMPORT_DIR}/{pk}.json")
    ImportBatch.objects.filter(pk__in=[pk for pk, _name in old]).delete()
    return len(old)
