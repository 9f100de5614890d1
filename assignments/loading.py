"""Load the plan's responsibility matrix (section V) for a program: idempotent."""

from __future__ import annotations

from typing import Any

from assignments import plan_duties
from assignments.models import Duty, ResponsibleUnit


def load_responsibilities(program: Any, *, overwrite: bool = False) -> int:
    """Create the 14 units and their duties for ``program``; links to indicators and
    coordinators are set when a duty is created (or with ``overwrite``). Texts edited in
    the app since are kept unless ``overwrite``. Returns the number of rows created or
    changed."""
    changed = 0
    units: dict[str, ResponsibleUnit] = {}
    for order, (code, name, _duties) in enumerate(plan_duties.UNITS, start=1):
        unit = ResponsibleUnit.objects.filter(program=program, code=code).first()
        if unit is None:
            unit = ResponsibleUnit(program=program, code=code, order=order, name=name)
            unit.full_clean()
            unit.save()
            changed += 1
        elif overwrite and (unit.name, unit.order) != (name, order):
            unit.name, unit.order = name, order
            unit.full_clean()
            unit.save()
            changed += 1
        units[code] = unit
    indicators = {i.code: i for i in program.indicators.all()}
    order = 0
    for code, _name, duties in plan_duties.UNITS:
        for number, (text, lead, coordinators, indicator_codes) in enumerate(duties, start=1):
            order += 1
            duty_code = f"{code}-{number}"
            duty = Duty.objects.filter(program=program, code=duty_code).first()
            created = duty is None
            if duty is None:
                duty = Duty(program=program, code=duty_code)
            elif not overwrite:
                continue
            values = {"order": order, "unit": units[code], "text": text, "lead": units[lead]}
            if not created and all(getattr(duty, k) == v for k, v in values.items()):
                continue
            for key, value in values.items():
                setattr(duty, key, value)
            duty.full_clean()
            duty.save()
            duty.coordinators.set([units[c] for c in coordinators])
            duty.indicators.set([indicators[c] for c in indicator_codes if c in indicators])
            changed += 1
    return changed
