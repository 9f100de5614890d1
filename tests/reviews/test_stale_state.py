"""A step checks the state it changes as stored, not as the caller last saw it.

Each test loads an object, lets another step change it, then runs the step with the
copy loaded earlier (what a second browser tab or a double submit does): the step
must be refused and nothing written twice. The same races with two real database
connections at once are in ``tests/concurrency`` (PostgreSQL).
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from households import services as hsvc
from households.models import Household, Member
from households.reviews import services as svc
from households.reviews.models import Complaint, Review, ReviewCampaign, ReviewEvent, ReviewRequest
from tests.reviews.helpers import POSTING_START, to_posted
from tests.utils import messages_of

DUPLICATE = "Khiếu nại này đã được ghi nhận (biểu mẫu được gửi hai lần): không ghi thêm."


@pytest.fixture
def posted_kp1(officer, campaign, review_kp1):
    to_posted(officer, campaign, [review_kp1])
    return Review.objects.get(pk=review_kp1.pk)


def record(officer, review, **extra):
    return svc.complaint_record(
        user=officer,
        review=review,
        received_on=POSTING_START,
        complainant="Lê Văn Hàng Xóm",
        content="Hộ có xe tải",
        **extra,
    )


def send_backs(review):
    return ReviewEvent.objects.filter(review=review, to_status="draft").exclude(from_status="draft")


@pytest.mark.parametrize("second_outcome", ["recheck", "rejected"])
def test_complaint_resolved_from_a_stale_copy_is_refused(officer, posted_kp1, second_outcome):
    complaint = record(officer, posted_kp1)
    tab_1 = Complaint.objects.select_related("review").get(pk=complaint.pk)
    tab_2 = Complaint.objects.select_related("review").get(pk=complaint.pk)
    svc.complaint_resolve(
        user=officer,
        complaint=tab_1,
        outcome="recheck",
        resolution="Khảo sát lại",
        resolved_on=dt.date(2026, 11, 17),
    )
    with pytest.raises(ValidationError) as exc:
        svc.complaint_resolve(
            user=officer,
            complaint=tab_2,
            outcome=second_outcome,
            resolution="Giữ kết quả",
            resolved_on=dt.date(2026, 11, 17),
        )
    assert exc.value.messages == ["Khiếu nại này đã được giải quyết."]
    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.outcome, stored.resolution) == ("recheck", "Khảo sát lại")
    assert send_backs(posted_kp1).count() == 1


def test_second_recheck_of_the_same_review_does_not_send_it_back_twice(officer, posted_kp1):
    first = record(officer, posted_kp1)
    second = svc.complaint_record(
        user=officer,
        review=posted_kp1,
        received_on=POSTING_START,
        complainant="Trần Văn Khác",
        content="Nhà mới xây",
    )
    for complaint in (first, second):
        svc.complaint_resolve(
            user=officer,
            complaint=Complaint.objects.select_related("review").get(pk=complaint.pk),
            outcome="recheck",
            resolution="Khảo sát lại",
            resolved_on=dt.date(2026, 11, 17),
        )
    assert set(Complaint.objects.values_list("outcome", flat=True)) == {"recheck"}
    assert send_backs(posted_kp1).count() == 1


def test_double_submit_of_a_complaint_records_it_once(officer, posted_kp1):
    import uuid

    token = uuid.uuid4()
    record(officer, posted_kp1, token=token)
    with pytest.raises(ValidationError) as exc:
        record(officer, posted_kp1, token=token)
    assert exc.value.messages == [DUPLICATE]
    assert Complaint.objects.count() == 1
    # A new form (a new token) records a new complaint.
    record(officer, posted_kp1, token=uuid.uuid4())
    assert Complaint.objects.count() == 2


def test_double_submit_through_the_screen(client_for, officer, posted_kp1):
    client = client_for(officer)
    page = client.get(f"/ra-soat/phieu/{posted_kp1.pk}/")
    data = {
        "received_on": "2026-11-13",
        "complainant": "Lê Văn Hàng Xóm",
        "content": "Có xe tải",
        "token": str(page.context["complaint_form"].initial["token"]),
    }
    url = f"/ra-soat/phieu/{posted_kp1.pk}/khieu-nai/"
    assert messages_of(client.post(url, data)) == ["Đã ghi nhận khiếu nại."]
    assert messages_of(client.post(url, data))[-1] == DUPLICATE
    assert Complaint.objects.count() == 1
    # Each showing of the form carries a new token.
    again = client.get(f"/ra-soat/phieu/{posted_kp1.pk}/")
    assert again.context["complaint_form"].initial["token"] != data["token"]


def test_send_back_from_a_stale_copy_is_refused(officer, posted_kp1):
    tab_1 = Review.objects.get(pk=posted_kp1.pk)
    tab_2 = Review.objects.get(pk=posted_kp1.pk)
    svc.review_send_back(user=officer, review=tab_1, reason="Sai thu nhập")
    with pytest.raises(ValidationError) as exc:
        svc.review_send_back(user=officer, review=tab_2, reason="Sai nhân khẩu")
    assert exc.value.messages == ["Phiếu đang ở bước khảo sát."]
    assert send_backs(posted_kp1).count() == 1
    assert Review.objects.get(pk=posted_kp1.pk).returned_reason == "Sai thu nhập"


def test_complaint_on_a_review_sent_back_meanwhile_is_refused(officer, posted_kp1):
    stale = Review.objects.get(pk=posted_kp1.pk)
    svc.review_send_back(user=officer, review=Review.objects.get(pk=posted_kp1.pk), reason="Sai")
    with pytest.raises(ValidationError) as exc:
        record(officer, stale)
    assert exc.value.messages == ["Chỉ nhận khiếu nại khi kết quả đang được niêm yết."]
    assert not Complaint.objects.exists()


def test_decision_approved_from_a_stale_copy_is_refused(officer, leader, campaign, posted_kp1):
    decision = svc.decision_prepare(
        user=officer,
        campaign=campaign,
        number="125/QĐ-UBND",
        signed_on=dt.date(2026, 11, 20),
        signer_name="Trương Văn Lãnh Đạo",
    )
    stale = type(decision).objects.get(pk=decision.pk)
    svc.decision_approve(user=leader, decision=decision)
    with pytest.raises(ValidationError) as exc:
        svc.decision_approve(user=leader, decision=stale)
    assert exc.value.messages == ["Quyết định đã được ký ban hành."]
    assert ReviewEvent.objects.filter(to_status="recognised").count() == 1


def test_household_added_to_a_campaign_closed_meanwhile_is_refused(officer, campaign, hh_kp1):
    stale = ReviewCampaign.objects.get(pk=campaign.pk)
    ReviewCampaign.objects.filter(pk=campaign.pk).update(status=ReviewCampaign.Status.CLOSED)
    with pytest.raises(ValidationError) as exc:
        svc.campaign_add_household(user=officer, campaign=stale, household=hh_kp1)
    assert exc.value.messages == ["Đợt rà soát đã kết thúc."]
    assert not Review.objects.exists()


def test_request_submitted_twice_is_recorded_once(officer, hh_kp1):
    def submit():
        return svc.request_submit(
            user=officer,
            household=hh_kp1,
            submitted_on=dt.date(2026, 8, 1),
            reason="Đề nghị rà soát",
            answers={"A1": False},
        )

    submit()
    with pytest.raises(ValidationError) as exc:
        submit()
    assert exc.value.messages == [
        "Hộ đã có đơn đề nghị đang chờ đưa vào rà soát: không ghi thêm đơn."
    ]
    assert ReviewRequest.objects.count() == 1


def test_head_set_to_a_member_who_left_meanwhile_is_refused(officer, hh_kp1):
    hoa = Member.objects.get(household=hh_kp1, full_name="Lê Thị Hoa")
    household = Household.objects.get(pk=hh_kp1.pk)
    stale_hoa = Member.objects.get(pk=hoa.pk)
    hsvc.member_retire(
        user=officer, member=hoa, reason="moved_out", left_on=dt.date(2025, 1, 1), version=1
    )
    with pytest.raises(ValidationError) as exc:
        hsvc.household_set_head(
            user=officer, household=household, member=stale_hoa, version=household.version
        )
    assert exc.value.message_dict == {
        "head": ["Chủ hộ phải là một thành viên đang cư trú của chính hộ này."]
    }
    assert Household.objects.get(pk=hh_kp1.pk).head_id == hh_kp1.head_id


def test_member_retired_from_a_stale_household_copy_cannot_be_the_head(officer, hh_kp1):
    """Head changed to Hoa in one tab; another tab retires Hoa with her stale copy."""
    hoa = Member.objects.get(household=hh_kp1, full_name="Lê Thị Hoa")
    stale_hoa = Member.objects.select_related("household").get(pk=hoa.pk)
    hsvc.household_set_head(user=officer, household=hh_kp1, member=hoa, version=hh_kp1.version)
    with pytest.raises(ValidationError) as exc:
        hsvc.member_retire(
            user=officer,
            member=stale_hoa,
            reason="moved_out",
            left_on=dt.date(2025, 1, 1),
            version=stale_hoa.version,
        )
    assert exc.value.messages == [
        "Đây là chủ hộ: hãy chọn chủ hộ mới trước khi cho thành viên này ra khỏi hộ."
    ]
    assert Member.objects.get(pk=hoa.pk).is_active
