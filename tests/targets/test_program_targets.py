"""The targets page (yearly and period targets), their validation, and copying a program."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from targets import services
from targets.models import Indicator, ManualResult, Program, YearlyTarget
from tests.targets.helpers import plan_counts, program_url, targets_snapshot
from tests.utils import messages_of, text


def full_form(client, plan):
    """The targets form as the page renders it, ready to post back."""
    response = client.get(program_url(plan))
    assert response.status_code == 200
    data = {"version": str(response.context["version"])}
    for row in response.context["table"]:
        for cell in row["cells"]:
            data[cell["key"]] = "" if cell["value"] in (None, "") else str(cell["value"])
        data[row["period_key"]] = (
            "" if row["period_value"] in (None, "") else str(row["period_value"])
        )
    return data


def test_page_shows_every_target(client_for, officer, plan, ind):
    response = client_for(officer).get(program_url(plan))
    assert response.status_code == 200
    form = full_form(client_for(officer), plan)
    # Shown as typed in Vietnamese: "." between thousands.
    assert form[f"t-{ind['VL'].pk}-2024"] == "525"
    assert form[f"p-{ind['VL'].pk}"] == "2.056"
    assert form[f"p-{ind['DN'].pk}"] == "602"
    assert form[f"t-{ind['LDQDT'].pk}-2025"] == "65"
    assert form[f"t-{ind['TLHN'].pk}-2024"] == "0"
    assert form[f"t-{ind['GN'].pk}-2025"] == ""
    assert "Chỉ tiêu chương trình" in text(response)


def test_posting_the_form_back_unchanged_changes_no_value(client_for, officer, plan):
    client = client_for(officer)
    before = targets_snapshot(plan)
    response = client.post(program_url(plan), full_form(client, plan))
    assert response.status_code == 302
    assert targets_snapshot(plan) == before


def test_save_targets_typed_the_vietnamese_way(client_for, officer, plan, ind):
    client = client_for(officer)
    data = full_form(client, plan)
    data[f"p-{ind['VL'].pk}"] = "2.100"
    data[f"t-{ind['LDQDT'].pk}-2025"] = "65,5"
    data[f"t-{ind['GN'].pk}-2025"] = "1"
    data[f"t-{ind['BHYT'].pk}-2022"] = ""  # cleared
    response = client.post(program_url(plan), data)
    assert response.status_code == 302
    assert "Đã lưu chỉ tiêu." in messages_of(response)
    ind["VL"].refresh_from_db()
    assert ind["VL"].period_target == 2100
    assert YearlyTarget.objects.get(indicator=ind["LDQDT"], year=2025).value == D("65.5")
    assert YearlyTarget.objects.get(indicator=ind["GN"], year=2025).value == 1
    assert not YearlyTarget.objects.filter(indicator=ind["BHYT"], year=2022).exists()
    assert YearlyTarget.objects.get(indicator=ind["VL"], year=2024).value == 525
    assert YearlyTarget.history.filter(history_user=officer).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("t-VL-2023", "-5", "Chỉ tiêu không được âm."),
        ("p-VL", "-1", "Chỉ tiêu không được âm."),
        ("t-VL-2023", "năm trăm", "Hãy nhập một số (ví dụ 2.056 hoặc 65,5)."),
        ("p-DN", "6o2", "Hãy nhập một số (ví dụ 2.056 hoặc 65,5)."),
        ("t-LDQDT-2025", "120", "Tỷ lệ không được vượt quá 100%."),
        ("t-TLHN-2024", "100,5", "Tỷ lệ không được vượt quá 100%."),
        ("p-LDQDT", "150%", "Tỷ lệ không được vượt quá 100%."),
    ],
)
def test_bad_target_rerenders_with_the_message_and_saves_nothing(
    client_for, officer, plan, ind, field, value, message
):
    client = client_for(officer)
    data = full_form(client, plan)
    data[f"t-{ind['VL'].pk}-2022"] = "600"  # a good change, not saved either
    kind, code, *year = field.split("-")
    key = "-".join([kind, str(ind[code].pk), *year])
    data[key] = value
    before, counts = targets_snapshot(plan), plan_counts()
    response = client.post(program_url(plan), data)
    assert response.status_code == 200
    assert response.context["errors"] == {key: message}
    body = text(response)
    assert message in body
    assert "Có giá trị không hợp lệ, chưa lưu gì." in body
    assert f'value="{value}"' in body  # what was typed is kept
    assert targets_snapshot(plan) == before
    assert plan_counts() == counts


def test_value_the_database_cannot_hold_saves_nothing(client_for, officer, plan, ind):
    """A later field failing in the service rolls back the fields saved before it."""
    client = client_for(officer)
    data = full_form(client, plan)
    data[f"t-{ind['VL'].pk}-2022"] = "600"
    data[f"t-{ind['DN'].pk}-2025"] = "1234567890123"  # more than 12 digits
    before = targets_snapshot(plan)
    response = client.post(program_url(plan), data)
    assert response.status_code == 200
    assert response.context["errors"]["__all__"]
    assert "Có giá trị không hợp lệ, chưa lưu gì." in text(response)
    assert targets_snapshot(plan) == before


# -- services ---------------------------------------------------------------------------------


def test_yearly_target_outside_the_period_full_clean(ind):
    target = YearlyTarget(indicator=ind["VL"], year=2019, value=D(10))
    with pytest.raises(ValidationError) as exc:
        target.full_clean()
    assert exc.value.message_dict == {
        "year": ["Năm 2019 nằm ngoài giai đoạn 2021–2025 của chương trình."]
    }


@pytest.mark.parametrize("year", [2020, 2026])
def test_yearly_target_set_outside_the_period(officer, ind, year):
    before = plan_counts()
    with pytest.raises(ValidationError, match=f"Năm {year} nằm ngoài giai đoạn 2021–2025"):
        services.yearly_target_set(user=officer, indicator=ind["VL"], year=year, value=D(10))
    assert plan_counts() == before


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("VL", D(-1), "Giá trị không được âm."),
        ("LDQDT", D(101), "Tỷ lệ không được vượt quá 100%."),
    ],
)
def test_yearly_target_set_bad_values(officer, ind, code, value, message):
    with pytest.raises(ValidationError, match=message):
        services.yearly_target_set(user=officer, indicator=ind[code], year=2025, value=value)
    assert YearlyTarget.objects.get(indicator=ind[code], year=2025).value != value


def test_yearly_target_set_and_clear(officer, ind):
    services.yearly_target_set(user=officer, indicator=ind["SCN"], year=2023, value=D(2))
    assert YearlyTarget.objects.get(indicator=ind["SCN"], year=2023).value == 2
    services.yearly_target_set(user=officer, indicator=ind["SCN"], year=2023, value=None)
    assert not YearlyTarget.objects.filter(indicator=ind["SCN"], year=2023).exists()


def test_period_target_percentage_over_100(officer, ind):
    with pytest.raises(ValidationError, match="Tỷ lệ không được vượt quá 100%"):
        services.period_target_set(user=officer, indicator=ind["LDQDT"], value=D(120))
    ind["LDQDT"].refresh_from_db()
    assert ind["LDQDT"].period_target == 65


@pytest.mark.parametrize("name", ["leader", "quarter_head_kp1", "outsider"])
def test_target_services_refuse_others(persona, ind, name):
    user = persona(name)
    with pytest.raises(PermissionDenied):
        services.yearly_target_set(user=user, indicator=ind["VL"], year=2022, value=D(1))
    with pytest.raises(PermissionDenied):
        services.period_target_set(user=user, indicator=ind["VL"], value=D(1))
    assert YearlyTarget.objects.get(indicator=ind["VL"], year=2022).value == 494


def test_admin_may_set_targets(admin_user, ind):
    services.yearly_target_set(user=admin_user, indicator=ind["VL"], year=2022, value=D(495))
    assert YearlyTarget.objects.get(indicator=ind["VL"], year=2022).value == 495


# -- program_copy -----------------------------------------------------------------------------


def indicator_fields(program):
    return list(
        program.indicators.order_by("order").values_list(
            "code", "name", "name_en", "unit", "kind", "direction", "computation", "order"
        )
    )


def test_program_copy_same_indicators_no_targets(officer, plan):
    new = services.program_copy(
        user=officer, program=plan, name=plan.name, start_year=2026, end_year=2030
    )
    assert (new.commune, new.start_year, new.end_year) == (plan.commune, 2026, 2030)
    assert new.years == [2026, 2027, 2028, 2029, 2030]
    assert indicator_fields(new) == indicator_fields(plan)
    assert not YearlyTarget.objects.filter(indicator__program=new).exists()
    assert not ManualResult.objects.filter(indicator__program=new).exists()
    assert set(new.indicators.values_list("period_target", flat=True)) == {None}
    # The old program is untouched.
    assert YearlyTarget.objects.filter(indicator__program=plan).count() == 13


def test_program_copy_through_the_page(client_for, officer, plan):
    client = client_for(officer)
    response = client.post(
        f"{program_url(plan)}sao-chep/",
        {"name": "Giảm nghèo bền vững 2026–2030", "start_year": "2026", "end_year": "2030"},
    )
    new = Program.objects.get(start_year=2026)
    assert response.status_code == 302
    assert response["Location"] == program_url(new)
    assert new.indicators.count() == Indicator.objects.filter(program=plan).count() == 7
    page = client.get(program_url(new))
    assert [c["year"] for c in page.context["table"][0]["cells"]] == [2026, 2027, 2028, 2029, 2030]
    # The dashboard now opens on the newest program.
    assert client.get("/chuong-trinh/").context["program"] == new


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start_year": "2030", "end_year": "2026"}, "Năm kết thúc phải sau năm bắt đầu."),
        ({"start_year": "2021", "end_year": "2025"}, "Chương trình này đã có."),
    ],
)
def test_program_copy_refused(client_for, officer, plan, data, message):
    response = client_for(officer).post(
        f"{program_url(plan)}sao-chep/", {"name": plan.name, **data}
    )
    assert response.status_code == 302
    assert message in messages_of(response)
    assert Program.objects.count() == 1


@pytest.mark.parametrize("name", ["leader", "quarter_head_kp1"])
def test_program_copy_needs_target_rights(persona, plan, name):
    with pytest.raises(PermissionDenied):
        services.program_copy(
            user=persona(name), program=plan, name=plan.name, start_year=2026, end_year=2030
        )
    assert Program.objects.count() == 1
