"""Each state-changing step of the review, sent twice at the same time on two database
connections: exactly one wins, the other gets the clear refusal, nothing is written twice.

PostgreSQL only (see ``tests/races.py``); the same checks against a stale copy run on
both databases in ``test_stale_state.py``.
"""

import datetime as dt
import uuid

import pytest

from households import services as hsvc
from households.models import Member
from households.reviews import services as svc
from households.reviews.models import (
    Complaint,
    Decision,
    Posting,
    QuarterMeeting,
    Review,
    ReviewCampaign,
    ReviewEvent,
)
from tests.races import one_wins, postgres_races, race
from tests.reviews.helpers import (
    MEETING_DAY,
    POSTING_START,
    SIGN_DAY,
    SURVEY_DAY,
    meet,
    post,
    survey,
    to_posted,
)

pytestmark = postgres_races


@pytest.fixture(autouse=True)
def _reference(reference_data):
    """Standards and holidays, emptied by the previous transactional test."""


@pytest.fixture
def surveyed_kp1(officer, review_kp1):
    return survey(officer, review_kp1, income=1_000_000, codes=["1", "2", "3"])


@pytest.fixture
def agreed_kp1(officer, campaign, areas, surveyed_kp1):
    meet(officer, campaign, areas.kp1)
    return Review.objects.get(pk=surveyed_kp1.pk)


@pytest.fixture
def posted_kp1(officer, campaign, review_kp1):
    to_posted(officer, campaign, [review_kp1])
    return Review.objects.get(pk=review_kp1.pk)


def fresh(review):
    return Review.objects.select_related("household", "standard", "quarter", "campaign").get(
        pk=review.pk
    )


def events(review, to_status):
    return ReviewEvent.objects.filter(review=review, to_status=to_status).exclude(
        from_status=to_status
    )


def test_survey_saved_twice_at_once(officer, quarter_head_kp1, review_kp1):
    version = Review.objects.get(pk=review_kp1.pk).version

    def save(user, income):
        return lambda: svc.review_save_survey(
            user=user,
            review=fresh(review_kp1),
            version=version,
            income_mode="per_person",
            income_input=income,
            score_a=None,
            deprived_codes=[],
            members_count=2,
            surveyed_on=SURVEY_DAY,
        )

    winner = one_wins(
        race(save(officer, 1_000_000), save(quarter_head_kp1, 5_000_000)),
        "Phiếu này vừa được người khác cập nhật. Hãy tải lại trang để xem thay đổi.",
    )
    stored = Review.objects.get(pk=review_kp1.pk)
    assert stored.income_input == winner.value.income_input
    assert stored.version == version + 1
    assert stored.history.count() == Review.objects.get(pk=review_kp1.pk).history.count()


def test_send_back_twice_at_once(officer, agreed_kp1):
    def send_back(reason):
        return lambda: svc.review_send_back(user=officer, review=fresh(agreed_kp1), reason=reason)

    one_wins(
        race(send_back("Sai thu nhập"), send_back("Sai nhân khẩu")),
        "Phiếu đang ở bước khảo sát.",
    )
    assert Review.objects.get(pk=agreed_kp1.pk).status == "draft"
    assert events(agreed_kp1, "draft").count() == 1


def test_meeting_recorded_twice_at_once(officer, quarter_head_kp1, campaign, areas, surveyed_kp1):
    def record(user):
        return lambda: meet(user, campaign, areas.kp1)

    one_wins(
        race(record(officer), record(quarter_head_kp1)),
        "Khu phố chưa có phiếu nào đã khảo sát để đưa ra họp.",
    )
    assert QuarterMeeting.objects.count() == 1
    assert Review.objects.get(pk=surveyed_kp1.pk).meeting == QuarterMeeting.objects.get()
    assert events(surveyed_kp1, "agreed").count() == 1


def test_posting_started_twice_at_once(officer, admin_user, campaign, areas, agreed_kp1):
    def start(user, day):
        return lambda: post(user, campaign, areas.kp1, start=day)

    one_wins(
        race(start(officer, POSTING_START), start(admin_user, MEETING_DAY)),
        "Chưa có phiếu nào được họp dân thống nhất để niêm yết.",
    )
    assert Posting.objects.count() == 1
    assert events(agreed_kp1, "posted").count() == 1


def test_complaint_double_submit_at_once(officer, posted_kp1):
    token = uuid.uuid4()

    def record():
        return svc.complaint_record(
            user=officer,
            review=fresh(posted_kp1),
            received_on=POSTING_START,
            complainant="Lê Văn Hàng Xóm",
            content="Hộ có xe tải",
            token=token,
        )

    one_wins(
        race(record, record),
        "Khiếu nại này đã được ghi nhận (biểu mẫu được gửi hai lần): không ghi thêm.",
    )
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize(("first", "second"), [("recheck", "rejected"), ("recheck", "recheck")])
def test_complaint_resolved_twice_at_once(officer, posted_kp1, first, second):
    complaint = svc.complaint_record(
        user=officer,
        review=posted_kp1,
        received_on=POSTING_START,
        complainant="Lê Văn Hàng Xóm",
        content="Hộ có xe tải",
    )

    def resolve(outcome):
        return lambda: svc.complaint_resolve(
            user=officer,
            complaint=Complaint.objects.select_related("review", "review__quarter").get(
                pk=complaint.pk
            ),
            outcome=outcome,
            resolution=f"Kết quả: {outcome}",
            resolved_on=dt.date(2026, 11, 17),
        )

    winner = one_wins(race(resolve(first), resolve(second)), "Khiếu nại này đã được giải quyết.")
    stored = Complaint.objects.get(pk=complaint.pk)
    assert stored.outcome == winner.value.outcome
    sent_back = 1 if stored.outcome == "recheck" else 0
    assert events(posted_kp1, "draft").count() == sent_back


def test_decision_prepared_twice_at_once(officer, admin_user, campaign, posted_kp1):
    def prepare(user, number):
        return lambda: svc.decision_prepare(
            user=user,
            campaign=campaign,
            number=number,
            signed_on=SIGN_DAY,
            signer_name="Trương Văn Lãnh Đạo",
        )

    winner = one_wins(
        race(prepare(officer, "125/QĐ-UBND"), prepare(admin_user, "126/QĐ-UBND")),
        "Chưa có phiếu nào đã niêm yết để đưa vào quyết định.",
    )
    assert Decision.objects.count() == 1
    assert Review.objects.get(pk=posted_kp1.pk).decision_id == winner.value.pk


def test_decision_approved_twice_at_once(officer, leader, admin_user, campaign, posted_kp1):
    decision = svc.decision_prepare(
        user=officer,
        campaign=campaign,
        number="125/QĐ-UBND",
        signed_on=SIGN_DAY,
        signer_name="Trương Văn Lãnh Đạo",
    )

    def approve(user):
        return lambda: svc.decision_approve(
            user=user, decision=Decision.objects.select_related("campaign").get(pk=decision.pk)
        )

    one_wins(race(approve(leader), approve(admin_user)), "Quyết định đã được ký ban hành.")
    review = Review.objects.get(pk=posted_kp1.pk)
    assert (review.status, review.certificate_number) == ("recognised", "2026-0001")
    assert events(posted_kp1, "recognised").count() == 1


def test_household_added_to_the_campaign_twice_at_once(officer, quarter_head_kp1, campaign, hh_kp1):
    def add(user):
        return lambda: svc.campaign_add_household(
            user=user, campaign=ReviewCampaign.objects.get(pk=campaign.pk), household=hh_kp1
        )

    one_wins(
        race(add(officer), add(quarter_head_kp1)),
        "Hộ KP1-001 đã có phiếu trong đợt rà soát này.",
    )
    assert Review.objects.filter(campaign=campaign, household=hh_kp1).count() == 1


def test_member_edited_twice_from_the_same_version(officer, quarter_head_kp1, hh_kp1):
    hoa = Member.objects.get(household=hh_kp1, full_name="Lê Thị Hoa")

    def edit(user, phone_name):
        return lambda: hsvc.member_update(
            user=user,
            member=Member.objects.select_related("household").get(pk=hoa.pk),
            version=hoa.version,
            full_name=phone_name,
        )

    winner = one_wins(
        race(edit(officer, "Lê Thị Hoa A"), edit(quarter_head_kp1, "Lê Thị Hoa B")),
        "Hồ sơ này vừa được người khác cập nhật. Dữ liệu bạn nhập vẫn còn trên biểu mẫu: "
        "hãy mở hồ sơ trong thẻ mới để xem thay đổi, rồi lưu lại.",
    )
    stored = Member.objects.get(pk=hoa.pk)
    assert (stored.full_name, stored.version) == (winner.value.full_name, hoa.version + 1)
