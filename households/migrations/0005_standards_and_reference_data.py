"""Ship the two poverty standards, their indicators, the Phiếu A items, the plan's
household groups, support-need types and public holidays as editable data."""

import datetime as dt

from django.db import migrations

VERIFY = "Cần xác minh với văn bản gốc."

DIMENSIONS_2022 = [
    ("VL", "Việc làm", "Employment"),
    ("YT", "Y tế", "Health"),
    ("GD", "Giáo dục", "Education"),
    ("NO", "Nhà ở", "Housing"),
    ("NS", "Nước sinh hoạt và vệ sinh", "Water and sanitation"),
    ("TT", "Thông tin", "Information"),
]

# code, dimension, name, English name, deprived when, suggestion rule
INDICATORS_2022 = [
    (
        "1",
        "VL",
        "Việc làm",
        "Employment",
        "Hộ có ít nhất 01 người trong độ tuổi lao động, có khả năng lao động đang thất nghiệp "
        "hoặc làm công việc có thu nhập nhưng không có hợp đồng lao động.",
        "employment",
    ),
    (
        "2",
        "VL",
        "Người phụ thuộc trong hộ gia đình",
        "Dependants",
        "Tỷ lệ người phụ thuộc trên tổng số nhân khẩu của hộ lớn hơn 50%.",
        "dependants",
    ),
    (
        "3",
        "YT",
        "Dinh dưỡng",
        "Nutrition",
        "Hộ có ít nhất 01 trẻ em dưới 16 tuổi bị suy dinh dưỡng chiều cao theo tuổi hoặc "
        "cân nặng theo tuổi.",
        "",
    ),
    (
        "4",
        "YT",
        "Bảo hiểm y tế",
        "Health insurance",
        "Hộ có ít nhất 01 người từ đủ 6 tuổi trở lên không có bảo hiểm y tế.",
        "health_insurance",
    ),
    (
        "5",
        "GD",
        "Trình độ giáo dục của người lớn",
        "Adult education level",
        "Hộ có ít nhất 01 người từ 16 đến 30 tuổi không tham gia các khóa đào tạo hoặc không có "
        "bằng cấp, chứng chỉ giáo dục đào tạo so với độ tuổi tương ứng.",
        "adult_education",
    ),
    (
        "6",
        "GD",
        "Tình trạng đi học của trẻ em",
        "Children's schooling",
        "Hộ có ít nhất 01 trẻ em từ 3 tuổi đến dưới 16 tuổi không được học đúng bậc, cấp "
        "học phù hợp với độ tuổi.",
        "child_schooling",
    ),
    (
        "7",
        "NO",
        "Chất lượng nhà ở",
        "Housing quality",
        "Hộ gia đình đang ở trong ngôi nhà/căn hộ thuộc loại không bền chắc (ít nhất 2 trong 3 "
        "kết cấu chính tường, cột, mái làm bằng vật liệu không bền chắc).",
        "",
    ),
    (
        "8",
        "NO",
        "Diện tích nhà ở bình quân đầu người",
        "Floor area per person",
        "Diện tích nhà ở bình quân đầu người của hộ gia đình nhỏ hơn 8 m².",
        "",
    ),
    (
        "9",
        "NS",
        "Nguồn nước sinh hoạt",
        "Domestic water",
        "Hộ gia đình không được tiếp cận nguồn nước sạch trong sinh hoạt.",
        "",
    ),
    (
        "10",
        "NS",
        "Nhà tiêu hợp vệ sinh",
        "Hygienic toilet",
        "Hộ gia đình không sử dụng hố xí/nhà tiêu hợp vệ sinh.",
        "",
    ),
    (
        "11",
        "TT",
        "Sử dụng dịch vụ viễn thông",
        "Telecom services",
        "Hộ gia đình không có thành viên nào sử dụng dịch vụ viễn thông (điện thoại, internet).",
        "",
    ),
    (
        "12",
        "TT",
        "Phương tiện phục vụ tiếp cận thông tin",
        "Information devices",
        "Hộ gia đình không có phương tiện nào trong số các phương tiện: ti vi, radio, máy tính, "
        "điện thoại…; và không nghe được hệ thống loa đài truyền thanh xã/thôn.",
        "",
    ),
]

DIMENSIONS_2027 = [
    ("VL", "Việc làm", "Employment"),
    ("YT", "Y tế", "Health"),
    ("GD", "Giáo dục", "Education"),
    ("NO", "Nhà ở", "Housing"),
    ("NS", "Nước sinh hoạt, vệ sinh và môi trường", "Water, sanitation and environment"),
    ("TT", "Thông tin", "Information"),
]

INDICATORS_2027 = [
    ("1", "VL", "Việc làm", "Employment", INDICATORS_2022[0][4], "employment", False),
    (
        "2",
        "VL",
        "Người phụ thuộc trong hộ gia đình",
        "Dependants",
        "Tỷ lệ người phụ thuộc (trẻ em dưới 16 tuổi; người cao tuổi, người khuyết tật đang "
        "hưởng trợ cấp xã hội hằng tháng) trên tổng số nhân khẩu lớn hơn 50%.",
        "dependants",
        True,
    ),
    ("3", "YT", "Dinh dưỡng", "Nutrition", INDICATORS_2022[2][4], "", False),
    (
        "4",
        "YT",
        "Bảo hiểm y tế",
        "Health insurance",
        INDICATORS_2022[3][4],
        "health_insurance",
        False,
    ),
    (
        "5",
        "GD",
        "Trình độ giáo dục của người lớn",
        "Adult education level",
        INDICATORS_2022[4][4],
        "adult_education",
        False,
    ),
    (
        "6",
        "GD",
        "Tình trạng đi học của trẻ em",
        "Children's schooling",
        INDICATORS_2022[5][4],
        "child_schooling",
        False,
    ),
    ("7", "NO", "Chất lượng nhà ở", "Housing quality", INDICATORS_2022[6][4], "", False),
    (
        "8",
        "NO",
        "Diện tích nhà ở bình quân đầu người",
        "Floor area per person",
        INDICATORS_2022[7][4],
        "",
        False,
    ),
    ("9", "NS", "Nguồn nước sinh hoạt", "Domestic water", INDICATORS_2022[8][4], "", False),
    ("10", "NS", "Nhà tiêu hợp vệ sinh", "Hygienic toilet", INDICATORS_2022[9][4], "", False),
    (
        "11",
        "NS",
        "Thu gom, xử lý chất thải sinh hoạt",
        "Waste treatment",
        "Hộ gia đình không được thu gom hoặc không xử lý chất thải rắn sinh hoạt đúng quy định.",
        "",
        True,
    ),
    (
        "12",
        "TT",
        "Sử dụng dịch vụ viễn thông",
        "Telecom services",
        INDICATORS_2022[10][4],
        "",
        False,
    ),
]

SCREENING_ITEMS = [
    (
        "A1",
        "Có thành viên hưởng lương thường xuyên từ ngân sách nhà nước hoặc lương hưu hằng tháng",
    ),
    ("A2", "Có ô tô con"),
    ("A3", "Có tàu, thuyền, xe tải hoặc máy móc có giá trị lớn phục vụ sản xuất, kinh doanh"),
    ("A4", "Có nhà ở kiên cố với diện tích bình quân từ 30 m²/người trở lên"),
    ("A5", "Có máy điều hòa nhiệt độ"),
]

GROUPS = [
    (
        1,
        "Hộ nghèo có ý chí vươn lên thoát nghèo",
        "Tập trung ưu tiên đầu tư kinh phí từ các chính sách, dự án, bảo đảm đủ nguồn lực hỗ trợ "
        "cho hộ đầu tư phát triển sản xuất, kinh doanh, tăng nguồn thu nhập.",
    ),
    (
        2,
        "Hộ nghèo thiếu vốn sản xuất, kinh doanh",
        "Hỗ trợ vốn vay của Ngân hàng Chính sách xã hội gắn với tập huấn khuyến nông - lâm - ngư; "
        "lựa chọn mô hình sản xuất phù hợp với điều kiện, trình độ, khả năng của hộ, sản xuất theo "
        "hướng hàng hóa có thị trường tiêu thụ.",
    ),
    (
        3,
        "Hộ nghèo thiếu đất sản xuất",
        "Hỗ trợ phát triển chăn nuôi gia súc, gia cầm; dạy nghề, tư vấn, giới thiệu việc làm trong "
        "các doanh nghiệp hoặc tham gia xuất khẩu lao động.",
    ),
    (
        4,
        "Hộ nghèo có người ốm đau thường xuyên, mất sức lao động, nghèo triền miên, không có khả "
        "năng thoát nghèo",
        "Chính sách an sinh xã hội và vận động cộng đồng khu dân cư, doanh nghiệp giúp đỡ.",
    ),
    (
        5,
        "Hộ nghèo còn trông chờ, ỷ lại, không chịu lao động, vướng tệ nạn xã hội",
        "Tăng cường tuyên truyền của chính quyền, hội đoàn thể; phân công đảng viên, hội viên có "
        "trách nhiệm, uy tín trực tiếp giúp đỡ, vận động; vận động bà con, dòng tộc giúp thay đổi "
        "nhận thức, tích cực tham gia lao động.",
    ),
]

NEED_TYPES = [
    ("new_house", "Xây mới nhà ở"),
    ("house_repair", "Sửa chữa nhà ở"),
    ("vbsp_loan", "Vay vốn Ngân hàng Chính sách xã hội"),
    ("livestock", "Hỗ trợ con giống, cây giống"),
    ("vocational_training", "Đào tạo nghề"),
    ("job_placement", "Giới thiệu việc làm"),
    ("health_insurance", "Thẻ bảo hiểm y tế"),
    ("learning_support", "Hỗ trợ học tập"),
    ("clean_water", "Nước sạch"),
    ("toilet", "Nhà tiêu hợp vệ sinh"),
    ("other", "Khác"),
]

# Public holidays (Bộ luật Lao động 2019, Điều 112) with the announced days off;
# lunar-calendar dates and bridging days are announced yearly — check each year.
HOLIDAYS = [
    ("2025-01-01", "Tết Dương lịch"),
    *[(f"2025-01-{d}", "Tết Nguyên đán") for d in range(25, 32)],
    ("2025-02-01", "Tết Nguyên đán"),
    ("2025-02-02", "Tết Nguyên đán"),
    ("2025-04-07", "Giỗ Tổ Hùng Vương"),
    ("2025-04-30", "Ngày Chiến thắng"),
    ("2025-05-01", "Quốc tế Lao động"),
    ("2025-09-01", "Quốc khánh"),
    ("2025-09-02", "Quốc khánh"),
    ("2026-01-01", "Tết Dương lịch"),
    *[(f"2026-02-{d}", "Tết Nguyên đán") for d in range(14, 23)],
    ("2026-04-27", "Giỗ Tổ Hùng Vương (nghỉ bù)"),
    ("2026-04-30", "Ngày Chiến thắng"),
    ("2026-05-01", "Quốc tế Lao động"),
    ("2026-09-01", "Quốc khánh"),
    ("2026-09-02", "Quốc khánh"),
    ("2027-01-01", "Tết Dương lịch"),
    *[(f"2027-02-0{d}", "Tết Nguyên đán") for d in range(5, 10)],
    ("2027-04-16", "Giỗ Tổ Hùng Vương"),
    ("2027-04-30", "Ngày Chiến thắng"),
    ("2027-05-01", "Quốc tế Lao động"),
    ("2027-09-02", "Quốc khánh"),
    ("2027-09-03", "Quốc khánh"),
]


def load(apps, schema_editor):
    Standard = apps.get_model("households", "PovertyStandard")
    Dimension = apps.get_model("households", "Dimension")
    Indicator = apps.get_model("households", "Indicator")
    ScreeningItem = apps.get_model("households", "ScreeningItem")
    HouseholdGroup = apps.get_model("households", "HouseholdGroup")
    NeedType = apps.get_model("households", "NeedType")
    Holiday = apps.get_model("households", "Holiday")

    s2022, _ = Standard.objects.update_or_create(
        code="2022-2025",
        defaults=dict(
            name="Chuẩn nghèo đa chiều giai đoạn 2022–2025",
            legal_basis="Nghị định 07/2021/NĐ-CP ngày 27/01/2021",
            valid_from=dt.date(2022, 1, 1),
            valid_to=dt.date(2026, 12, 31),
            income_line_rural=1_500_000,
            income_line_urban=2_000_000,
            average_upper_rural=2_250_000,
            average_upper_urban=3_000_000,
            min_deprivations_poor=3,
            score_a_cutoff_rural=140,
            score_a_cutoff_urban=175,
            score_a_max=500,
            b_points_per_deprivation=10,
            notes="Áp dụng kéo dài đến hết năm 2026. Điểm A tối đa hợp lệ (500) là giới hạn "
            "kiểm tra nhập liệu, " + VERIFY,
        ),
    )
    s2027, _ = Standard.objects.update_or_create(
        code="2027-2030",
        defaults=dict(
            name="Chuẩn nghèo đa chiều giai đoạn 2027–2030",
            legal_basis="Nghị định 351/2025/NĐ-CP",
            valid_from=dt.date(2027, 1, 1),
            valid_to=dt.date(2030, 12, 31),
            income_line_rural=2_200_000,
            income_line_urban=2_800_000,
            average_upper_rural=None,
            average_upper_urban=None,
            min_deprivations_poor=3,
            score_a_cutoff_rural=None,
            score_a_cutoff_urban=None,
            score_a_max=500,
            b_points_per_deprivation=10,
            notes="Mức sống trung bình và ngưỡng điểm A chưa được xác nhận; chỉ số 2 (người phụ "
            "thuộc) và 11 (xử lý chất thải) theo thông tin thứ cấp. " + VERIFY,
        ),
    )
    for standard, dims, indicators in (
        (s2022, DIMENSIONS_2022, [(*i, False) for i in INDICATORS_2022]),
        (s2027, DIMENSIONS_2027, INDICATORS_2027),
    ):
        dim_by_code = {}
        for order, (code, name, name_en) in enumerate(dims, start=1):
            dim_by_code[code], _ = Dimension.objects.update_or_create(
                standard=standard, code=code, defaults=dict(name=name, name_en=name_en, order=order)
            )
        for order, (code, dim, name, name_en, definition, rule, verify) in enumerate(
            indicators, start=1
        ):
            Indicator.objects.update_or_create(
                standard=standard,
                code=code,
                defaults=dict(
                    dimension=dim_by_code[dim],
                    name=name,
                    name_en=name_en,
                    definition=definition,
                    order=order,
                    suggestion_rule=rule,
                    needs_verification=verify,
                ),
            )
        for order, (code, text) in enumerate(SCREENING_ITEMS, start=1):
            ScreeningItem.objects.update_or_create(
                standard=standard, code=code, defaults=dict(text=text, order=order)
            )
    for number, name, measures in GROUPS:
        HouseholdGroup.objects.update_or_create(
            number=number, defaults=dict(name=name, measures=measures)
        )
    for order, (code, name) in enumerate(NEED_TYPES, start=1):
        NeedType.objects.update_or_create(code=code, defaults=dict(name=name, order=order))
    for day, name in HOLIDAYS:
        Holiday.objects.update_or_create(date=dt.date.fromisoformat(day), defaults=dict(name=name))


class Migration(migrations.Migration):
    dependencies = [("households", "0004_reviews")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
