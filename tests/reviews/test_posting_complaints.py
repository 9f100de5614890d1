"""Public posting, complaints and sending a review back to survey."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from households.reviews import services as svc
from households.reviews.models import Complaint, Posting, Review, ReviewEvent
from tests.reviews.helpers import (
    POSTING_END,
    POSTING_START,
    meet,
    post,
    prepare,
    review_counts,
    snapshot,
    survey,
    to_posted,
)


@pytest.fixture
def agreed_kp1(officer, campaign, areas, review_kp1):
    survey(officer, review_kp1, income=1_000_000, codes=["1", "2", "3"])
    meet(officer, campaign, areas.kp1)
    return Review.objects.get(pk=review_kp1.pk)


@pytest.fixture
def posted_kp1(officer, campaign, review_kp1):
    to_posted(officer, campaign, [review_kp1])
    return Review.objects.get(pk=review_kp1.pk)


def complain(user, review, *, day=dt.date(2026, 11, 13)):
    return svc.complaint_record(
        user=user,
        review=review,
        received_on=day,
        complainant="Lê Văn Hàng Xóm",
        content="Hộ có xe tải, không thuộc diện nghèo.",
    )


def test_posting_posts_agreed_reviews_with_the_end_date(officer, campaign, areas, agreed_kp1):
    posting = post(officer, campaign, areas.kp1)
    assert (posting.start_date, posting.end_date) == (POSTING_START, POSTING_END)
    assert posting.working_days == 3
    assert posting.places == "Nhà văn hóa khu phố, trụ sở UBND xã, loa truyền thanh"
    agreed_kp1.refresh_from_db()
    assert (agreed_kp1.status, agreed_kp1.posting) == ("posted", posting)
    assert agreed_kp1.events.last().to_status == "posted"


def test_posting_over_the_april_holidays(officer, campaign, areas, review_kp1):
    survey(officer, review_kp1, income=1_000_000, codes=["1", "2", "3"], on=dt.date(2026, 4, 10))
    meet(officer, campaign, areas.kp1, held_on=dt.date(2026, 4, 20))
    posting = post(officer, campaign, areas.kp1, start=dt.date(2026, 4, 28))
    assert posting.end_date == dt.date(2026, 5, 4)


def test_posting_places_can_be_given(officer, campaign, areas, agreed_kp1):
    posting = svc.posting_start(
        user=officer,
        campaign=campaign,
        quarter=areas.kp1,
        start_date=POSTING_START,
        places="  Chợ Tân Khai  ",
    )
    assert posting.places == "Chợ Tân Khai"


def test_posting_needs_agreed_reviews(officer, campaign, areas, review_kp1):
    survey(officer, review_kp1, income=1_000_000)
    with pytest.raises(ValidationError) as exc:
        post(officer, campaign, areas.kp1)
    assert exc.value.messages == ["Chưa có phiếu nào được họp dân thống nhất để niêm yết."]
    assert not Posting.objects.exists()


@pytest.mark.parametrize("name", ["quarter_head_kp1", "leader", "org_member", "outsider"])
def test_only_officers_post(persona, campaign, areas, agreed_kp1, name):
    with pytest.raises(PermissionDenied):
        post(persona(name), campaign, areas.kp1)
    assert not Posting.objects.exists()


# -- complaints --------------------------------------------------------------------


def test_pending_complaint_blocks_the_decision_until_resolved(
    officer, leader, campaign, posted_kp1
):
    complaint = complain(officer, posted_kp1)
    assert complaint.outcome == "pending"
    decision = prepare(officer, campaign)
    assert svc.decision_blockers(decision) == ["Khiếu nại về hộ KP1-001 chưa được giải quyết."]
    before = review_counts()
    with pytest.raises(ValidationError) as exc:
        svc.decision_approve(user=leader, decision=decision)
    assert exc.value.messages == ["Khiếu nại về hộ KP1-001 chưa được giải quyết."]
    assert review_counts() == before
    assert Review.objects.get(pk=posted_kp1.pk).status == "posted"

    svc.complaint_resolve(
        user=officer,
        complaint=complaint,
        outcome="rejected",
        resolution="Xe tải của người thuê nhà.",
        resolved_on=dt.date(2026, 11, 17),
    )
    assert svc.decision_blockers(decision) == []
    svc.decision_approve(user=leader, decision=decision)
    assert Review.objects.get(pk=posted_kp1.pk).status == "recognised"


def test_recheck_sends_the_review_back_to_survey(officer, campaign, posted_kp1):
    complaint = complain(officer, posted_kp1)
    decision = prepare(officer, campaign)
    svc.complaint_resolve(
        user=officer,
        complaint=complaint,
        outcome="recheck",
        resolution="  Khảo sát lại thu nhập  ",
        resolved_on=dt.date(2026, 11, 17),
    )
    complaint.refresh_from_db()
    assert (complaint.outcome, complaint.resolution) == ("recheck", "Khảo sát lại thu nhập")
    assert complaint.resolved_on == dt.date(2026, 11, 17)
    review = Review.objects.get(pk=posted_kp1.pk)
    assert review.status == "draft"
    assert review.returned_reason == "Phúc tra theo khiếu nại: Khảo sát lại thu nhập"
    assert (review.meeting, review.posting, review.decision) == (None, None, None)
    event = review.events.last()
    assert (event.from_status, event.to_status, event.user) == ("posted", "draft", officer)
    assert event.note == "Phúc tra theo khiếu nại: Khảo sát lại thu nhập"
    assert svc.decision_blockers(decision) == ["Quyết định chưa có hộ nào."]


def test_survey_after_a_send_back_clears_the_reason(officer, campaign, posted_kp1):
    svc.review_send_back(user=officer, review=posted_kp1, reason="Sai số nhân khẩu")
    review = survey(officer, posted_kp1, income=1_000_000, codes=["1"], members=3)
    assert (review.status, review.returned_reason) == ("surveyed", "")


def test_a_resolved_complaint_is_not_resolved_again(officer, posted_kp1):
    complaint = complain(officer, posted_kp1)
    svc.complaint_resolve(
        user=officer,
        complaint=complaint,
        outcome="rejected",
        resolution="Không có cơ sở",
        resolved_on=dt.date(2026, 11, 17),
    )
    with pytest.raises(ValidationError) as exc:
        svc.complaint_resolve(
            user=officer,
            complaint=complaint,
            outcome="recheck",
            resolution="Khảo sát lại",
            resolved_on=dt.date(2026, 11, 18),
        )
    assert exc.value.messages == ["Khiếu nại này đã được giải quyết."]
    assert Review.objects.get(pk=posted_kp1.pk).status == "posted"


@pytest.mark.parametrize(
    ("outcome", "resolution", "errors"),
    [
        ("pending", "x", {"outcome": ["Hãy chọn kết quả giải quyết."]}),
        ("recheck", "  ", {"resolution": ["Hãy ghi nội dung giải quyết."]}),
    ],
)
def test_complaint_resolution_input(officer, posted_kp1, outcome, resolution, errors):
    complaint = complain(officer, posted_kp1)
    with pytest.raises(ValidationError) as exc:
        svc.complaint_resolve(
            user=officer,
            complaint=complaint,
            outcome=outcome,
            resolution=resolution,
            resolved_on=dt.date(2026, 11, 17),
        )
    assert exc.value.message_dict == errors
    assert Complaint.objects.get(pk=complaint.pk).outcome == "pending"


def test_complaints_only_while_agreed_or_posted(officer, review_kp1):
    with pytest.raises(ValidationError) as exc:
        complain(officer, review_kp1)
    assert exc.value.messages == ["Chỉ nhận khiếu nại khi kết quả đang được niêm yết."]
    assert not Complaint.objects.exists()


def test_complaint_input(officer, posted_kp1):
    with pytest.raises(ValidationError):
        complain(officer, posted_kp1, day=dt.date(2099, 1, 1))
    with pytest.raises(ValidationError) as exc:
        svc.complaint_record(
            user=officer,
            review=posted_kp1,
            received_on=dt.date(2026, 11, 13),
            complainant=" ",
            content="",
        )
    # Each field says what is missing, both at once.
    assert exc.value.message_dict == {
        "complainant": ["Hãy ghi người khiếu nại, phản ánh."],
        "content": ["Hãy ghi nội dung khiếu nại, phản ánh."],
    }
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("name", ["quarter_head_kp1", "leader", "outsider"])
def test_only_officers_record_complaints(persona, posted_kp1, name):
    with pytest.raises(PermissionDenied):
        complain(persona(name), posted_kp1)


# -- send back ---------------------------------------------------------------------


def test_send_back_from_agreed(officer, agreed_kp1):
    svc.review_send_back(user=officer, review=agreed_kp1, reason="  Họp dân chưa thống nhất  ")
    review = Review.objects.get(pk=agreed_kp1.pk)
    assert (review.status, review.returned_reason, review.meeting) == (
        "draft",
        "Họp dân chưa thống nhất",
        None,
    )
    assert ReviewEvent.objects.filter(review=review, to_status="draft", from_status="agreed").get()


@pytest.mark.parametrize("reason", ["", "   "])
def test_send_back_needs_a_reason(officer, agreed_kp1, reason):
    before, rows = snapshot(agreed_kp1), review_counts()
    with pytest.raises(ValidationError) as exc:
        svc.review_send_back(user=officer, review=agreed_kp1, reason=reason)
    assert exc.value.message_dict == {"reason": ["Hãy ghi lý do trả lại."]}
    assert snapshot(agreed_kp1) == before
    assert review_counts() == rows


def test_a_draft_is_not_sent_back(officer, review_kp1):
    with pytest.raises(ValidationError) as exc:
        svc.review_send_back(user=officer, review=review_kp1, reason="x")
    assert exc.value.messages == ["Phiếu đang ở bước khảo sát."]


def test_a_recognised_review_is_not_sent_back(officer, leader, campaign, posted_kp1):
    svc.decision_approve(user=leader, decision=prepare(officer, campaign))
    review = Review.objects.get(pk=posted_kp1.pk)
    with pytest.raises(ValidationError) as exc:
        svc.review_send_back(user=officer, review=review, reason="Sai")
    assert exc.value.messages == ["Phiếu đã được công nhận bằng quyết định, không thể trả lại."]


@pytest.mark.parametrize("name", ["quarter_head_kp1", "leader", "outsider"])
def test_only_officers_send_back(persona, agreed_kp1, name):
    with pytest.raises(PermissionDenied):
        svc.review_send_back(user=persona(name), review=agreed_kp1, reason="Sai")
    assert Review.objects.get(pk=agreed_kp1.pk).status == "agreed"
