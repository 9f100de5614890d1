"""The 2027–2030 standard's details come from a draft: every definition not confirmed
against NĐ 351/2025 is marked, the survey and the recognition step warn, and an
administrator confirms them (audited) while the standard is not frozen."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from households.models import Area, Dimension, Indicator, PovertyStandard
from households.reviews import services as svc
from households.reviews.models import Review, ReviewCampaign
from households.standards import standard_confirm_definitions
from tests.reports.conftest import drafted, settings_with_town  # noqa: F401 (fixtures)
from tests.utils import text

WARNING = "đang dùng định nghĩa chưa được xác nhận"


@pytest.fixture
def s2027(db):
    return PovertyStandard.objects.get(code="2027-2030")


@pytest.fixture
def review_2027(officer, areas, hh_kp1, s2027):
    campaign = svc.campaign_create(
        user=officer, commune=areas.commune, kind="periodic", year=2026, standard=s2027
    )
    return svc.campaign_add_household(user=officer, campaign=campaign, household=hh_kp1)


def test_every_2027_indicator_is_unconfirmed(s2027):
    assert not s2027.indicators.filter(needs_verification=False).exists()
    assert s2027.indicators.count() == 12
    renamed = Dimension.objects.get(standard=s2027, code="NS")
    assert renamed.needs_verification
    names = s2027.unconfirmed_definitions()
    assert "Chiều Nước sinh hoạt, vệ sinh và môi trường" in names
    assert "Chỉ số 2. Người phụ thuộc trong hộ gia đình" in names
    assert "Chỉ số 11. Thu gom, xử lý chất thải sinh hoạt" in names


def test_2022_standard_has_no_unconfirmed_definition(db):
    assert PovertyStandard.objects.get(code="2022-2025").unconfirmed_definitions() == []


def test_survey_and_recognition_step_warn(client_for, officer, review_2027):
    client = client_for(officer)
    campaign = review_2027.campaign
    for url in (
        f"/ra-soat/phieu/{review_2027.pk}/",
        f"/ra-soat/{campaign.pk}/quyet-dinh/",
        f"/ra-soat/{campaign.pk}/",
    ):
        assert WARNING in text(client.get(url)), url


def test_2022_campaign_has_no_warning(client_for, officer, campaign, review_kp1):
    client = client_for(officer)
    assert WARNING not in text(client.get(f"/ra-soat/phieu/{review_kp1.pk}/"))
    assert WARNING not in text(client.get(f"/ra-soat/{campaign.pk}/quyet-dinh/"))


def test_administrator_confirms_the_definitions(client_for, officer, admin_user, review_2027):
    count = standard_confirm_definitions(user=admin_user, standard=review_2027.standard)
    assert count == 12 + 5  # all indicators, all dimensions but employment
    assert review_2027.standard.unconfirmed_definitions() == []
    change = Indicator.history.filter(code="11", standard=review_2027.standard).first()
    assert change.history_user == admin_user
    assert change.needs_verification is False
    assert WARNING not in text(client_for(officer).get(f"/ra-soat/phieu/{review_2027.pk}/"))


def test_only_an_administrator_confirms(officer, s2027):
    with pytest.raises(PermissionDenied):
        standard_confirm_definitions(user=officer, standard=s2027)


def test_frozen_standard_cannot_be_confirmed(admin_user, review_2027):
    Review.objects.filter(pk=review_2027.pk).update(status="recognised")
    with pytest.raises(ValidationError):
        standard_confirm_definitions(user=admin_user, standard=review_2027.standard)


def test_2027_standard_says_do_thi_for_urban(client_for, officer, review_2027, areas):
    Review.objects.filter(pk=review_2027.pk).update(area_type=Area.SettlementType.URBAN)
    body = text(client_for(officer).get(f"/ra-soat/phieu/{review_2027.pk}/"))
    assert "Khu phố 1 · Đô thị ·" in body
    assert PovertyStandard.objects.get(code="2022-2025").area_type_label("urban") == "Thành thị"


def test_legal_bases(db):
    s2022 = PovertyStandard.objects.get(code="2022-2025")
    # The amending decrees are cited from the day each was issued.
    assert s2022.legal_basis == "Nghị định 07/2021/NĐ-CP ngày 27/01/2021"
    assert s2022.legal_basis_on(dt.date(2025, 12, 31)) == (
        "Nghị định 07/2021/NĐ-CP ngày 27/01/2021, sửa đổi, bổ sung bởi Nghị định "
        "30/2025/NĐ-CP ngày 24/02/2025; kéo dài đến hết năm 2026 theo Nghị định "
        "351/2025/NĐ-CP ngày 30/12/2025"
    )
    assert PovertyStandard.objects.get(code="2027-2030").legal_basis.startswith(
        "Nghị định 351/2025/NĐ-CP"
    )


def test_score_a_label_names_part_b1_of_phieu_b(client_for, officer, review_kp1):
    body = text(client_for(officer).get(f"/ra-soat/phieu/{review_kp1.pk}/"))
    assert "Điểm A (phần B1 của phiếu B)" in body
    assert "phiếu B1" not in body


def test_decision_page_warns_above_the_documents(
    client_for,
    leader,
    drafted,  # noqa: F811
    s2027,
):
    """The notice is a block of the page: the signing button keeps its own label (and its
    ``disabled`` while something blocks the signature)."""
    ReviewCampaign.objects.filter(pk=drafted.decision.campaign_id).update(standard=s2027)
    response = client_for(leader).get(f"/ra-soat/quyet-dinh/{drafted.decision.pk}/")
    html = response.content.decode()
    assert WARNING in text(response)
    button = re.search(r"<button class=\"btn btn-success\"[^<]*>(.*?)</button>", html, re.S)
    assert button is not None
    assert "unconfirmed-definitions" not in button.group(0)
    assert " ".join(re.sub(r"<[^>]+>", "", button.group(1)).split()) == "Phê duyệt, ký ban hành"
    assert html.index('id="unconfirmed-definitions"') < html.index('id="decision-documents"')
