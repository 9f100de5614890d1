"""The program reports: what each is called, which parameters it takes and which
builder makes it. The reports page, the preview and the downloads all read this list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from reports.builders import program, progress, reviews
from reports.builders.common import list_kind_filename
from reports.document import Report
from reports.selectors import Params


def household_list(params: Params) -> Report:
    """The household list, its file named in Vietnamese after the list
    (``danh-sach-ho-can-ngheo``), not after the list's internal key."""
    report = reviews.household_list(params)
    report.filename = list_kind_filename(params.list_kind)
    return report


@dataclass(frozen=True)
class Spec:
    key: str
    title: str | Promise
    description: str | Promise
    # Parameters shown on the form: program, year, campaign, quarter, list, day, signer.
    needs: tuple[str, ...]
    build: Callable[[Params], Report]
    # How many rows the output will have, for lists that may run long: over
    # ``settings.BACKGROUND_EXPORT_ROWS`` the file is made in the background.
    count: Callable[[Params], int] | None = None


SPECS: tuple[Spec, ...] = (
    Spec(
        "ke-hoach",
        _("Kế hoạch thực hiện Chương trình"),
        _("Kế hoạch lập lại từ dữ liệu: mục I–V, các chỉ tiêu theo năm và cả giai đoạn."),
        ("program", "signer"),
        program.plan,
    ),
    Spec(
        "tien-do",
        _("Kết quả thực hiện Chương trình năm"),
        _(
            "Chỉ tiêu và kết quả của năm, kết quả rà soát, nguồn lực hỗ trợ, phân công giúp đỡ "
            "và tình hình thực hiện nhiệm vụ."
        ),
        ("program", "year", "day", "signer"),
        progress.progress_report,
    ),
    Spec(
        "ket-qua-ra-soat",
        _("Kết quả rà soát theo khu phố, ấp"),
        _("Số hộ, nhân khẩu; hộ nghèo, cận nghèo, mức sống trung bình và tỷ lệ."),
        ("campaign", "quarter", "day", "signer"),
        reviews.review_results,
    ),
    Spec(
        "bien-dong",
        _("Biến động hộ nghèo, hộ cận nghèo"),
        _("Đầu kỳ, giảm, tăng, cuối kỳ theo số hộ và nhân khẩu trong năm."),
        ("program", "year", "day", "signer"),
        program.changes,
    ),
    Spec(
        "thieu-hut",
        _("Thiếu hụt dịch vụ xã hội cơ bản"),
        _("Số hộ nghèo, cận nghèo thiếu hụt từng chỉ số và tỷ lệ, theo khu phố, ấp."),
        ("campaign", "quarter", "day", "signer"),
        reviews.deprivations,
    ),
    Spec(
        "phan-loai",
        _("Phân loại theo nhóm, dân tộc, nguyên nhân"),
        _("Hộ DTTS, KCKNLĐ, CSCC; theo dân tộc; theo nguyên nhân nghèo; theo nhóm hộ."),
        ("campaign", "quarter", "day", "signer"),
        reviews.breakdowns,
    ),
    Spec(
        "danh-sach-ho",
        _("Danh sách hộ theo khu phố, ấp"),
        _("Hộ nghèo, cận nghèo, thoát nghèo, nghèo phát sinh mới của một đợt rà soát."),
        ("campaign", "quarter", "list", "day", "signer"),
        household_list,
        count=reviews.household_list_count,
    ),
)

BY_KEY = {spec.key: spec for spec in SPECS}
