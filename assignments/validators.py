"""The signed commitment's scan: a PDF, JPEG or PNG of at most 5 MB, recognised by its
content (the first bytes), not by the name the browser sends."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_COMMITMENT_BYTES = 5 * 1024 * 1024

# Kind → (leading bytes, allowed name endings, content type to serve it with).
SIGNATURES: dict[str, tuple[bytes, tuple[str, ...], str]] = {
    "pdf": (b"%PDF-", (".pdf",), "application/pdf"),
    "jpeg": (b"\xff\xd8\xff", (".jpg", ".jpeg"), "image/jpeg"),
    "png": (b"\x89PNG\r\n\x1a\n", (".png",), "image/png"),
}


def sniff(head: bytes) -> str | None:
    for kind, (magic, _suffixes, _type) in SIGNATURES.items():
        if head.startswith(magic):
            return kind
    return None


def content_type_of(name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    for _magic, suffixes, content_type in SIGNATURES.values():
        if suffix in suffixes:
            return content_type
    return "application/octet-stream"


def validate_commitment_file(upload: Any) -> None:
    """Refuse anything but a PDF, JPEG or PNG of at most 5 MB whose name matches its content."""
    size = getattr(upload, "size", 0) or 0
    if size > MAX_COMMITMENT_BYTES:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s MB): tối đa 5 MB.") % {"size": f"{size / 1024 / 1024:.1f}"},
            code="file_too_large",
        )
    if size == 0:
        raise ValidationError(_("Tệp trống: hãy chọn lại bản scan cam kết."), code="empty_file")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head)
    suffix = PurePath(getattr(upload, "name", "") or "").suffix.lower()
    if kind is None or suffix not in SIGNATURES[kind][1]:
        raise ValidationError(
            _("Chỉ nhận bản scan dạng PDF, JPEG hoặc PNG (tệp này không phải tài liệu hợp lệ)."),
            code="file_type",
        )
