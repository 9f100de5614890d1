"""Load Tân Khai's 2021–2025 plan: program, indicators, yearly targets, 2021 results and
the funding lines (section III).

    python manage.py load_plan [--commune 75.TANKHAI]

Idempotent: running it again changes nothing. Values edited in the app since are
kept unless ``--overwrite`` is given.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from assignments.loading import load_responsibilities
from funding import plan_data as funding_plan
from households.models import Area
from targets import plan_data
from targets.models import Indicator, IndustrialPark, ManualResult, Program, YearlyTarget


class Command(BaseCommand):
    help = "Nạp kế hoạch giảm nghèo 2021–2025 của Tân Khai (chỉ tiêu, kết quả năm 2021)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--commune", default="75.TANKHAI", help="mã xã / phường")
        parser.add_argument(
            "--overwrite", action="store_true", help="ghi đè các giá trị đã sửa trong ứng dụng"
        )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        commune = Area.objects.filter(code=options["commune"], kind=Area.Kind.COMMUNE).first()
        if commune is None:
            raise CommandError(
                f"Commune {options['commune']!r} not found: create the area first "
                "(or run seed_demo for the demo commune)."
            )
        overwrite: bool = options["overwrite"]
        changed = 0

        def upsert(model: Any, lookup: dict[str, Any], values: dict[str, Any]) -> Any:
            nonlocal changed
            obj = model.objects.filter(**lookup).first()
            if obj is None:
                obj = model(**lookup, **values)
                obj.full_clean()
                obj.save()
                changed += 1
            elif overwrite and any(getattr(obj, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(obj, k, v)
                obj.full_clean()
                obj.save()
                changed += 1
            return obj

        data = plan_data.PROGRAM
        # The area the plan covers, as it stood (the former town); the commune if unknown.
        area = Area.objects.filter(code=data["area_code"], kind=Area.Kind.COMMUNE).first()
        program = upsert(
            Program,
            {"commune": commune, "name": data["name"], "start_year": data["start_year"]},
            {
                "end_year": data["end_year"],
                "legal_basis": data["legal_basis"],
                "plan_number": data["plan_number"],
                "plan_year": data["plan_year"],
                "area": area,
            },
        )
        for order, row in enumerate(plan_data.INDICATORS, start=1):
            (code, name, name_en, unit, kind, direction, computation, period, note, yearly,
             result_2021) = row  # fmt: skip
            indicator = upsert(
                Indicator,
                {"program": program, "code": code},
                {
                    "name": name,
                    "name_en": name_en,
                    "unit": unit,
                    "kind": kind,
                    "direction": direction,
                    "computation": computation,
                    "period_target": period,
                    "period_note": note,
                    "yearly_average": plan_data.YEARLY_AVERAGES.get(code),
                    "order": order,
                },
            )
            for year, value in yearly.items():
                upsert(YearlyTarget, {"indicator": indicator, "year": year}, {"value": value})
            if result_2021 is not None:
                upsert(
                    ManualResult,
                    {"indicator": indicator, "year": 2021},
                    {"value": result_2021, "source": plan_data.MANUAL_SOURCE},
                )
        for name in plan_data.INDUSTRIAL_PARKS:
            upsert(IndustrialPark, {"name": name}, {})
        funding_plan.load_lines(program, upsert)
        # Section V: the units and their duties (the assignments app owns them).
        changed += load_responsibilities(program, overwrite=overwrite)
        self.stdout.write(
            f"Plan loaded for {commune.name}: {changed} record(s) created or updated."
            if changed
            else "Plan already loaded; nothing changed."
        )
