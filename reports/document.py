"""What a report builder returns: plain data that the PDF, Excel and screen renderers share.

A builder never formats for one output: it gives values (text, whole numbers, đồng,
percentages) typed by their column, and each renderer shows them its own way — so the
PDF, the workbook and the preview cannot disagree on a figure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

Kind = Literal["text", "int", "money", "percent", "center"]


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = "text"
    # Excel width in characters; the PDF shares the width in proportion.
    width: float = 12


@dataclass(frozen=True)
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    # Grouped header rows (colspan / rowspan); default: one row of the column headers.
    header: list[list[HeaderCell]] | None = None
    totals: list[Any] | None = None
    caption: str = ""
    sheet_title: str = ""
    # Set by the PDF renderer: the class its column widths are attached to.
    css_class: str = ""

    @property
    def header_rows(self) -> list[list[HeaderCell]]:
        return self.header or [[HeaderCell(c.header) for c in self.columns]]


@dataclass
class Block:
    """A heading, a paragraph, a table or a page break, in the order of the document."""

    kind: Literal["heading", "subheading", "paragraph", "center", "table", "annex"]
    text: str = ""
    table: Table | None = None


@dataclass
class Signature:
    """The signature block: "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH" or "KT. CHỦ TỊCH" /
    "PHÓ CHỦ TỊCH", then the signer's name (blank when none is on record)."""

    on_behalf: str
    title: str
    name: str = ""


@dataclass
class DocumentMeta:
    """The official frame of a document (Nghị định 30/2020/NĐ-CP, Phụ lục I)."""

    issuing_body: str
    superior_body: str
    place: str
    date: dt.date | None
    year: int
    number: str  # "125/QĐ-UBND", or "/BC-UBND" when the number is given at issue
    doc_type: str  # QUYẾT ĐỊNH, KẾ HOẠCH, BÁO CÁO…
    summary: str
    recipients: list[str] = field(default_factory=list)
    signature: Signature | None = None
    draft: bool = False
    # Forms filed by a household (Mẫu 01, Mẫu 04) carry the national title only.
    national_title_only: bool = False
    form_label: str = ""
    # Several signers side by side (minutes: secretary, chair, Fatherland Front), in
    # place of the recipients and the single signature.
    signatures: list[Signature] = field(default_factory=list)

    @property
    def superior_lines(self) -> list[str]:
        """The superior body in pieces kept whole: "ỦY BAN NHÂN DÂN HUYỆN" and the unit's
        name, so that a line too long for the column breaks before the name, never
        inside it."""
        return body_lines(self.superior_body)

    @property
    def issuing_lines(self) -> list[str]:
        """The issuing body as it is set in the header: "ỦY BAN NHÂN DÂN" on its own
        line, the unit's name under it, rather than a break wherever the column ends."""
        for lead in ("ỦY BAN NHÂN DÂN ", "UỶ BAN NHÂN DÂN "):
            if self.issuing_body.startswith(lead):
                return [lead.strip(), self.issuing_body[len(lead) :].strip()]
        return [self.issuing_body]


# The kinds of administrative unit, longest first ("thị xã" before "xã").
UNIT_KINDS = (
    "thành phố",
    "thị trấn",
    "thị xã",
    "đặc khu",
    "phường",
    "huyện",
    "quận",
    "tỉnh",
    "xã",
)
BODY_LEADS = ("ủy ban nhân dân", "uỷ ban nhân dân", "ubnd", "ủy ban mttq việt nam")


def _split_body(body: str) -> tuple[str, str, str] | None:
    """``"ỦY BAN NHÂN DÂN XÃ TÂN KHAI"`` → ``("ỦY BAN NHÂN DÂN", "XÃ", "TÂN KHAI")``, in the
    text's own case; None when the text is not a body of an administrative unit."""
    words = body.split()
    folded = " ".join(words).casefold()
    for lead in BODY_LEADS:
        if not folded.startswith(lead + " "):
            continue
        rest = folded[len(lead) + 1 :]
        for kind in UNIT_KINDS:
            if rest.startswith(kind + " "):
                lead_n, kind_n = len(lead.split()), len(kind.split())
                return (
                    " ".join(words[:lead_n]),
                    " ".join(words[lead_n : lead_n + kind_n]),
                    " ".join(words[lead_n + kind_n :]),
                )
    return None


def body_lines(body: str) -> list[str]:
    """A body's name in the pieces a header breaks it into: the body and the kind of
    unit, then the unit's name."""
    found = _split_body(body)
    if found is None:
        return [body] if body else []
    lead, kind, name = found
    return [f"{lead} {kind}", name]


def body_in_sentence(body: str) -> str:
    """A body's name as it is written inside a sentence: ``"ỦY BAN NHÂN DÂN XÃ TÂN
    KHAI"`` → ``"Ủy ban nhân dân xã Tân Khai"`` (capitals only in the header)."""
    found = _split_body(body)
    if found is None:
        return body
    lead, kind, name = found
    if lead.casefold() in ("ủy ban nhân dân", "uỷ ban nhân dân"):
        lead = "Ủy ban nhân dân"
    return f"{lead} {kind.casefold()} {_proper(name)}"


def unit_in_sentence(body: str) -> str:
    """The unit a body governs, as written in a sentence: ``"ỦY BAN NHÂN DÂN THỊ TRẤN
    TÂN KHAI"`` → ``"thị trấn Tân Khai"``."""
    found = _split_body(body)
    if found is None:
        return body
    _lead, kind, name = found
    return f"{kind.casefold()} {_proper(name)}"


def _proper(name: str) -> str:
    """A place name with each word capitalised, as typed when it is not all capitals."""
    if name != name.upper():
        return name
    return " ".join(word[:1] + word[1:].casefold() for word in name.split())


@dataclass
class Report:
    key: str
    title: str
    parameters: list[tuple[str, str]] = field(default_factory=list)
    meta: DocumentMeta | None = None
    blocks: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    landscape: bool = False
    filename: str = "bao-cao"
    # Further parts printed after this one, each on its own pages with its own frame
    # (the certificates of a decision, one per household).
    parts: list[Report] = field(default_factory=list)
    # What follows the signature: the annexes (the decision's lists), each on a new page.
    annexes: list[Block] = field(default_factory=list)
    # A document of one page of its own (a certificate) carries no page number.
    page_numbers: bool = True

    @property
    def tables(self) -> list[Table]:
        found = [b.table for b in [*self.blocks, *self.annexes] if b.table is not None]
        for part in self.parts:
            found.extend(part.tables)
        return found

    def _add(self, block: Block) -> None:
        (self.annexes if self.annexes else self.blocks).append(block)

    def add_heading(self, text: str) -> None:
        self._add(Block("heading", text))

    def add_subheading(self, text: str) -> None:
        self._add(Block("subheading", text))

    def add_paragraph(self, text: str) -> None:
        self._add(Block("paragraph", text))

    def add_center(self, text: str) -> None:
        """A centred bold line (the authority of a decision, "QUYẾT ĐỊNH:")."""
        self._add(Block("center", text))

    def add_table(self, table: Table) -> None:
        self._add(Block("table", table=table))

    def add_annex(self, title: str) -> None:
        """A new page after the signature, headed as an annex (the decision's lists);
        what is added next belongs to it."""
        self.annexes.append(Block("annex", title))


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in per cent, one decimal (None when ``whole`` is 0)."""
    from households.reviews.selectors import _percent

    return _percent(part, whole)
