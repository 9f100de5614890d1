"""The official frame of the commune's documents (Nghị định 30/2020/NĐ-CP, Phụ lục I).

The issuing body, the place name and the signers are the commune settings valid on the
document's date (``households.selectors.commune_settings_on``): a document dated before
the 2025 merger is the former town's.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from households.models import Area
from households.selectors import commune_settings_on, issuing_body_on
from reports.document import DocumentMeta, Signature, body_in_sentence, unit_in_sentence

# Document kinds and the abbreviations of their numbers (Phụ lục III of the decree).
DECISION, PLAN, REPORT = "QĐ", "KH", "BC"

CHAIRMAN, VICE_CHAIRMAN = "chairman", "vice_chairman"


def date_line(place: str, day: dt.date | None, *, year: int | None = None) -> str:
    """``"Tân Khai, ngày 05 tháng 3 năm 2024"``: a leading zero on days 1–9 and on
    months 1 and 2 only. Without a day: ``"Tân Khai, ngày … tháng … năm 2024"``."""
    if day is None:
        return _("%(place)s, ngày … tháng … năm %(year)s") % {"place": place, "year": year or ""}
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return _("%(place)s, ngày %(day)s tháng %(month)s năm %(year)s") % {
        "place": place,
        "day": f"{day.day:02d}",
        "month": month,
        "year": day.year,
    }


def body_in_text(commune: Area, day: dt.date) -> str:
    """The issuing body of ``day`` as written inside a sentence ("Chủ tịch Ủy ban nhân
    dân xã Tân Khai chứng nhận…"): capitals belong to the header only."""
    return body_in_sentence(issuing_body_on(commune, day))


def unit_in_text(commune: Area, day: dt.date) -> str:
    """The unit as it stood on ``day``, as written in a sentence: "thị trấn Tân Khai"
    before the merger, "xã Tân Khai" after."""
    return unit_in_sentence(issuing_body_on(commune, day))


def document_number(number: str, kind: str) -> str:
    """The number as typed (``125/QĐ-UBND``), or the blank the clerk fills in at issue
    (``/BC-UBND``)."""
    return number.strip() or f"/{kind}-UBND"


def signature(commune: Area, day: dt.date, *, who: str = CHAIRMAN) -> Signature:
    """The chairman signs on behalf of the committee (TM.); a vice-chairman signs for
    the chairman (KT.). A name marked as a placeholder is left blank."""
    found = commune_settings_on(commune, day)
    if who == VICE_CHAIRMAN:
        name = (
            "" if found is None or found.vice_chairman_is_placeholder else found.vice_chairman_name
        )
        return Signature(on_behalf=_("KT. CHỦ TỊCH"), title=_("PHÓ CHỦ TỊCH"), name=name)
    name = "" if found is None or found.chairman_is_placeholder else found.chairman_name
    return Signature(on_behalf=_("TM. ỦY BAN NHÂN DÂN"), title=_("CHỦ TỊCH"), name=name)


def signature_for_title(title: str, name: str) -> Signature:
    """The block for a recorded signer (a decision's): a vice-chairman signs KT."""
    if "phó" in title.casefold():
        return Signature(on_behalf=_("KT. CHỦ TỊCH"), title=_("PHÓ CHỦ TỊCH"), name=name)
    return Signature(on_behalf=_("TM. ỦY BAN NHÂN DÂN"), title=_("CHỦ TỊCH"), name=name)


def meta(
    *,
    commune: Area,
    day: dt.date | None,
    year: int,
    kind: str,
    doc_type: str,
    summary: str,
    number: str = "",
    recipients: list[str] | None = None,
    sign: Signature | None = None,
    draft: bool = False,
) -> DocumentMeta:
    """The frame of a document of ``commune`` dated ``day`` (or only ``year`` when the
    day is left blank, as in a plan signed later)."""
    when = day or dt.date(year, 12, 31)
    found = commune_settings_on(commune, when)
    place = found.place_name if found is not None else commune.name
    return DocumentMeta(
        issuing_body=issuing_body_on(commune, when).upper(),
        superior_body=(found.superior_body if found is not None else "").upper(),
        place=date_line(place, day, year=year),
        date=day,
        year=year,
        number=document_number(number, kind),
        doc_type=doc_type,
        summary=summary,
        recipients=recipients if recipients is not None else default_recipients(),
        signature=sign if sign is not None else signature(commune, when),
        draft=draft,
    )


def default_recipients() -> list[str]:
    return [_("UBND cấp trên (báo cáo);"), _("CT, các PCT UBND;"), _("Lưu: VT.")]
