#!/usr/bin/env python
"""Time the report renderers against a plain WeasyPrint / openpyxl rendering of the
same rows, measured in the same run (no database needed):

    .venv/bin/python bench/reports_pdf.py --rows 1000

Prints, for a household list of ``--rows`` rows: our PDF (official frame, grouped
headers, fixed column widths), a plain WeasyPrint table of the same rows, our workbook
and a bare openpyxl write-only workbook; and the plan-sized document (a frame, a few
paragraphs, a 7 × 8 table).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tannkhai.settings")


def timed(label: str, fn, runs: int = 2) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<45} {best:7.2f} s")
    return best


def main() -> None:
    import django

    django.setup()
    from weasyprint import HTML

    from reports.builders.common import household_list_table
    from reports.document import Column, DocumentMeta, Report, Signature, Table
    from reports.render import pdf_bytes, workbook
    from tannkhai.xlsx import bare_write_only

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args()
    rows = [
        {
            "household__head_name": f"Nguyễn Thị Ánh Tuyết {i}",
            "household__head_birth_year": 1950 + i % 50,
            "household__head__sex": "female" if i % 2 else "male",
            "household__ethnicity__name": "Kinh",
            "household__code": f"KP1-{i:05d}",
            "quarter__name": f"Khu phố {i % 8 + 1}",
            "transition": "continuing_poor",
            "result": "poor",
            "household__is_ethnic_minority": i % 5 == 0,
            "household__no_labour_capacity": i % 7 == 0,
            "household__person_of_merit": False,
            "members_count": i % 6 + 1,
            "certificate_number": "",
        }
        for i in range(args.rows)
    ]
    meta = DocumentMeta(
        issuing_body="ỦY BAN NHÂN DÂN XÃ TÂN KHAI",
        superior_body="",
        place="Tân Khai, ngày 05 tháng 3 năm 2026",
        date=dt.date(2026, 3, 5),
        year=2026,
        number="/BC-UBND",
        doc_type="BÁO CÁO",
        summary="Danh sách hộ nghèo",
        signature=Signature("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A"),
    )
    report = Report(key="bench", title="Danh sách", meta=meta, landscape=True)
    report.add_table(household_list_table(rows))
    pdf_bytes(report)  # fonts loaded once per process, as in a running server
    ours = timed(f"our list PDF ({args.rows} rows)", lambda: pdf_bytes(report))
    body = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in r.values()) + "</tr>" for r in rows)
    plain_html = f"<table><thead><tr>{'<th>x</th>' * 13}</tr></thead><tbody>{body}</tbody></table>"
    plain = timed("plain WeasyPrint table, same rows", lambda: HTML(string=plain_html).write_pdf())
    print(f"{'ratio':<45} {ours / plain:7.2f}")

    def bare_xlsx() -> None:
        bare_write_only((list(r.values()) for r in rows), io.BytesIO())

    timed(
        f"our list workbook ({args.rows} rows)",
        lambda: workbook(report).workbook.save(io.BytesIO()),
    )
    timed("bare openpyxl write-only, same rows", bare_xlsx)
    plan = Report(key="plan", title="Kế hoạch", meta=meta)
    for _i in range(12):
        plan.add_paragraph("Thực hiện giảm nghèo bền vững, hạn chế tái nghèo. " * 6)
    table = Table(
        columns=[Column("Chỉ tiêu", "text", 30)]
        + [Column(str(y), "int", 8) for y in range(2021, 2026)]
    )
    table.rows = [[f"Chỉ tiêu {i}", *range(5)] for i in range(7)]
    plan.add_table(table)
    timed("plan-sized document PDF", lambda: pdf_bytes(plan))


if __name__ == "__main__":
    main()
