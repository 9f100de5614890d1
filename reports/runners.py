"""What each kind of background file is made of: the same builders, selectors and
writers as the page's direct download, run by the task worker for the job's owner."""

from __future__ import annotations

from pathlib import Path

from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext as _

from reports import catalogue, jobs
from reports import render as renderers
from reports.jobs import JobError, Progress
from reports.models import ExportJob
from reports.params import ParamError, params_from
from tannkhai.xlsx import stamped

# Official documents are Vietnamese whatever the interface language.
DOCUMENT_LANGUAGE = "vi"


def _owner(job: ExportJob):  # type: ignore[no-untyped-def]
    if not job.owner.is_active:
        raise JobError(_("Tài khoản yêu cầu đã bị khóa."))
    return job.owner


@jobs.runner(ExportJob.Kind.REGISTRY)
def registry(job: ExportJob, progress: Progress, path: Path) -> str:
    """The registry list with the filters the user had on the page."""
    from households import exports

    found = exports.registry_export(_owner(job), QueryDict(job.query))
    if found is None:
        raise JobError(_("Bộ lọc không hợp lệ, chưa xuất được danh sách."))
    queryset, policy = found
    progress.total(queryset.count())
    book = exports.household_list_workbook(queryset, policy=policy, progress=progress)
    book.save(str(path))
    return f"{stamped(exports.FILENAME)}.xlsx"


@jobs.runner(ExportJob.Kind.REPORT)
def report(job: ExportJob, progress: Progress, path: Path) -> str:
    """A report of the catalogue with the parameters the user chose."""
    spec = catalogue.BY_KEY.get(job.report_key)
    if spec is None:
        raise JobError(_("Không có báo cáo này."))
    with translation.override(DOCUMENT_LANGUAGE):
        try:
            params = params_from(_owner(job), QueryDict(job.query), spec)
        except ParamError as exc:
            raise JobError(str(exc)) from exc
        built = spec.build(params)
        rows = sum(len(table.rows) for table in built.tables)
        if job.fmt == "pdf":
            # WeasyPrint lays the pages out in one go: the bar shows the rows once built.
            progress.total(rows)
            path.write_bytes(renderers.pdf_bytes(built))
            progress.step(rows)
        else:
            progress.total(rows)
            renderers.workbook(built, progress=progress).workbook.save(str(path))
    return f"{stamped(built.filename)}.{job.fmt}"
