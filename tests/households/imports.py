"""Helpers of the Excel import tests: a workbook from rows, upload and confirm."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

HEADERS = [
    "Mã hộ",
    "Họ và tên",
    "Quan hệ với chủ hộ",
    "Giới tính",
    "Ngày sinh",
    "Dân tộc",
    "Số CCCD",
    "Khu phố",
    "Địa chỉ",
    "Số điện thoại",
    "Có thẻ BHYT",
    "Trình độ học vấn",
    "Trình độ chuyên môn",
    "Tình trạng việc làm",
    "Khuyết tật",
]


def row(**values: Any) -> list[Any]:
    """A row by header keys: code, name, relation, sex, birth, ethnicity, cid, quarter,
    address, phone, insurance, schooling, vocational, employment, disability."""
    keys = [
        "code",
        "name",
        "relation",
        "sex",
        "birth",
        "ethnicity",
        "cid",
        "quarter",
        "address",
        "phone",
        "insurance",
        "schooling",
        "vocational",
        "employment",
        "disability",
    ]
    return [values.get(k) for k in keys]


def workbook(rows: list[list[Any]], headers: list[str] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers or HEADERS)
    for values in rows:
        sheet.append(values)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def upload(data: bytes, name: str = "ho.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def household_rows(code: str = "KP1-100", quarter: str = "Khu phố 1") -> list[list[Any]]:
    """A new household of three: a head, his wife, a child without a citizen ID."""
    return [
        row(
            code=code,
            name="Trần Văn Nam",
            relation="Chủ hộ",
            sex="Nam",
            birth="05/03/1980",
            ethnicity="Kinh",
            cid="070080009001",
            quarter=quarter,
            address="5 Lê Lợi",
            phone="0912345678",
            insurance="x",
            schooling="Trung học phổ thông",
            employment="Tự làm, sản xuất nông nghiệp, kinh doanh",
        ),
        row(
            code=code,
            name="Lý Thị Mai",
            relation="Vợ / chồng",
            sex="Nữ",
            birth="1983",
            ethnicity="Kinh",
            cid="070183009002",
            quarter=quarter,
            address="5 Lê Lợi",
            insurance="có",
        ),
        row(
            code=code,
            name="Trần Minh Khôi",
            relation="Con",
            sex="Nam",
            birth="12/09/2015",
            quarter=quarter,
            insurance="1",
            schooling="Tiểu học",
        ),
    ]


def previewed(
    user: Any, rows: list[list[Any]], name: str = "ho.xlsx", headers: list[str] | None = None
) -> Any:
    """A batch of ``user`` uploaded and previewed (inline)."""
    from households.imports import engine

    data = workbook(rows, headers=headers)
    return engine.upload(user=user, kind="households", file=upload(data, name))


def statuses(batch: Any) -> list[str]:
    return [r["s"] for r in batch.preview]


def errors(batch: Any, number: int) -> list[tuple[str, str]]:
    """The (column, reason) pairs of the row with sheet number ``number``."""
    for r in batch.preview:
        if r["n"] == number:
            return [tuple(e) for e in r.get("e", [])]
    raise AssertionError(f"no row {number}")
