"""Meeting, posting, complaints, send back and the decision, through the screens."""

import pytest

from households.reviews.models import Complaint, Decision, Posting, QuarterMeeting, Review
from tests.reviews.helpers import (
    meet,
    prepare,
    review_counts,
    survey,
    to_posted,
)
from tests.utils import field_errors, messages_of, text


def meeting_url(campaign, quarter):
    return f"/ra-soat/{campaign.pk}/khu-pho/{quarter.pk}/hop-dan/"


def posting_url(campaign, quarter):
    return f"/ra-soat/{campaign.pk}/khu-pho/{quarter.pk}/niem-yet/"


def prepare_url(campaign):
    return f"/ra-soat/{campaign.pk}/quyet-dinh/"


def decision_url(decision):
    return f"/ra-soat/quyet-dinh/{decision.pk}/"


MEETING = {
    "held_on": "2026-11-10",
    "chair": "Hồ Văn Một",
    "secretary": "Lê Thị Hai",
    "fatherland_front_rep": "Trần Văn Ba",
    "attendees": "30",
    "votes_for": "20",
    "minutes": "",
}


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


@pytest.fixture
def decision(officer, campaign, posted_kp1):
    return prepare(officer, campaign)


# -- meeting ------------------------------------------------------------------------

MEETING_STATUS = {
    "officer": 200,
    "quarter_head_kp1": 200,
    "quarter_head_kp2": 404,
    "leader": 403,
    "org_member": 403,
    "admin_user": 200,
    "outsider": 404,
}


@pytest.mark.parametrize(("name", "status"), MEETING_STATUS.items())
def test_meeting_page_by_persona(persona, client_for, campaign, areas, surveyed_kp1, name, status):
    client = client_for(persona(name))
    client.raise_request_exception = False
    response = client.get(meeting_url(campaign, areas.kp1))
    assert response.status_code == status
    if status == 200:
        assert "Biên bản họp dân" in text(response)


@pytest.mark.parametrize(("name", "status"), MEETING_STATUS.items())
def test_meeting_post_by_persona(persona, client_for, campaign, areas, surveyed_kp1, name, status):
    client = client_for(persona(name))
    response = client.post(meeting_url(campaign, areas.kp1), MEETING)
    stored = Review.objects.get(pk=surveyed_kp1.pk)
    if status == 200:
        assert response.status_code == 302
        assert messages_of(response) == ["Họp dân đã thống nhất kết quả (≥ 50% người dự đồng ý)."]
        assert stored.status == "agreed"
    else:
        assert response.status_code == status
        assert stored.status == "surveyed"
        assert not QuarterMeeting.objects.exists()


def test_meeting_minutes_record_secretary_and_fatherland_front(
    client_for, officer, campaign, areas, surveyed_kp1
):
    client = client_for(officer)
    assert client.post(meeting_url(campaign, areas.kp1), MEETING).status_code == 302
    meeting = QuarterMeeting.objects.get()
    assert (meeting.secretary, meeting.fatherland_front_rep) == ("Lê Thị Hai", "Trần Văn Ba")
    body = text(client.get(f"/ra-soat/{campaign.pk}/khu-pho/{areas.kp1.pk}/"))
    assert "thư ký Lê Thị Hai · đại diện Mặt trận Trần Văn Ba" in body


def test_meeting_minutes_need_secretary_and_fatherland_front(
    client_for, officer, campaign, areas, surveyed_kp1
):
    data = {k: v for k, v in MEETING.items() if k not in ("secretary", "fatherland_front_rep")}
    response = client_for(officer).post(meeting_url(campaign, areas.kp1), data)
    assert response.status_code == 200
    assert field_errors(response, "secretary") == ["Trường này là bắt buộc."]
    assert field_errors(response, "fatherland_front_rep") == ["Trường này là bắt buộc."]
    assert not QuarterMeeting.objects.exists()


def test_meeting_page_says_how_many_reviews(client_for, officer, campaign, areas, surveyed_kp1):
    body = text(client_for(officer).get(meeting_url(campaign, areas.kp1)))
    assert (
        "1 phiếu đã khảo sát sẽ được đưa ra họp. Kết quả cần ít nhất 50% người dự đồng ý." in body
    )


def test_failed_meeting_through_the_form(client_for, officer, campaign, areas, surveyed_kp1):
    response = client_for(officer).post(
        meeting_url(campaign, areas.kp1), {**MEETING, "attendees": "10", "votes_for": "4"}
    )
    assert response.status_code == 302
    assert messages_of(response) == [
        "Chưa đạt 50% người dự đồng ý: biên bản đã lưu, các phiếu giữ ở bước “đã khảo sát” "
        "để khảo sát lại."
    ]
    assert QuarterMeeting.objects.get().passed is False
    assert Review.objects.get(pk=surveyed_kp1.pk).status == "surveyed"


def test_more_votes_than_attendees_through_the_form(
    client_for, officer, campaign, areas, surveyed_kp1
):
    before = review_counts()
    response = client_for(officer).post(
        meeting_url(campaign, areas.kp1), {**MEETING, "attendees": "10", "votes_for": "11"}
    )
    assert response.status_code == 200
    assert field_errors(response, "votes_for") == [
        "Số người đồng ý (11) không thể lớn hơn số người dự (10)."
    ]
    assert review_counts() == before


def test_meeting_without_surveyed_reviews_through_the_form(
    client_for, officer, campaign, areas, review_kp1
):
    response = client_for(officer).post(meeting_url(campaign, areas.kp1), MEETING)
    assert response.status_code == 200
    assert "Khu phố chưa có phiếu nào đã khảo sát để đưa ra họp." in text(response)
    assert not QuarterMeeting.objects.exists()


# -- posting ------------------------------------------------------------------------

POSTING_STATUS = {
    "officer": 200,
    "quarter_head_kp1": 403,
    "quarter_head_kp2": 404,
    "leader": 403,
    "org_member": 403,
    "admin_user": 200,
    "outsider": 404,
}


@pytest.mark.parametrize(("name", "status"), POSTING_STATUS.items())
def test_posting_by_persona(persona, client_for, campaign, areas, agreed_kp1, name, status):
    client = client_for(persona(name))
    assert client.get(posting_url(campaign, areas.kp1)).status_code == status
    response = client.post(posting_url(campaign, areas.kp1), {"start_date": "2026-11-19"})
    if status == 200:
        assert response.status_code == 302
        assert messages_of(response) == [
            "Niêm yết từ 19/11/2026 đến hết 23/11/2026 (3 ngày làm việc)."
        ]
        review = Review.objects.get(pk=agreed_kp1.pk)
        assert review.status == "posted"
        assert review.posting.end_date.isoformat() == "2026-11-23"
    else:
        assert response.status_code == status
        assert not Posting.objects.exists()


def test_posting_without_agreed_reviews_through_the_form(
    client_for, officer, campaign, areas, surveyed_kp1
):
    response = client_for(officer).post(
        posting_url(campaign, areas.kp1), {"start_date": "2026-11-19"}
    )
    assert response.status_code == 200
    assert "Chưa có phiếu nào được họp dân thống nhất để niêm yết." in text(response)
    assert not Posting.objects.exists()


# -- complaints and send back -------------------------------------------------------


def test_a_refused_complaint_says_which_field_and_why(client_for, officer, posted_kp1):
    client = client_for(officer)
    page = client.get(f"/ra-soat/phieu/{posted_kp1.pk}/")
    token = page.context["complaint_form"].initial["token"]
    url = f"/ra-soat/phieu/{posted_kp1.pk}/khieu-nai/"
    response = client.post(
        url, {"received_on": "9999-12-31", "complainant": "", "content": "x", "token": token}
    )
    errors = messages_of(response)
    assert len(errors) == 2
    assert errors[0].startswith("Ngày nhận: ")
    assert errors[1].startswith("Người khiếu nại, phản ánh: ")
    client.get(f"/ra-soat/phieu/{posted_kp1.pk}/")  # the messages above are shown there
    response = client.post(
        url, {"received_on": "2026-11-13", "complainant": "A", "content": "x", "token": ""}
    )
    assert messages_of(response) == ["Biểu mẫu đã cũ, hãy tải lại trang rồi nhập lại."]
    assert not Complaint.objects.exists()


def test_complaint_and_recheck_through_the_screens(client_for, officer, posted_kp1):
    client = client_for(officer)
    page = client.get(f"/ra-soat/phieu/{posted_kp1.pk}/")
    token = page.context["complaint_form"].initial["token"]
    assert f'name="token" value="{token}"' in page.content.decode()
    response = client.post(
        f"/ra-soat/phieu/{posted_kp1.pk}/khieu-nai/",
        {
            "received_on": "2026-11-13",
            "complainant": "Lê Văn Hàng Xóm",
            "content": "Có xe tải",
            "token": token,
        },
    )
    assert messages_of(response) == ["Đã ghi nhận khiếu nại."]
    complaint = Complaint.objects.get()
    resolve_url = f"/ra-soat/khieu-nai/{complaint.pk}/"
    assert client.get(resolve_url).status_code == 200
    response = client.post(
        resolve_url,
        {"outcome": "recheck", "resolution": "Khảo sát lại", "resolved_on": "2026-11-17"},
    )
    assert response.status_code == 302
    review = Review.objects.get(pk=posted_kp1.pk)
    assert (review.status, review.returned_reason) == (
        "draft",
        "Phúc tra theo khiếu nại: Khảo sát lại",
    )
    body = text(client.get(f"/ra-soat/phieu/{review.pk}/"))
    assert "Phiếu được trả lại: Phúc tra theo khiếu nại: Khảo sát lại" in body


@pytest.mark.parametrize(
    ("name", "status"),
    [("quarter_head_kp1", 403), ("leader", 403), ("org_member", 403), ("outsider", 404)],
)
def test_complaint_screens_are_for_officers(persona, client_for, officer, posted_kp1, name, status):
    from households.reviews import services as svc

    complaint = svc.complaint_record(
        user=officer,
        review=posted_kp1,
        received_on=posted_kp1.posting.start_date,
        complainant="Lê Văn Hàng Xóm",
        content="Có xe tải",
    )
    client = client_for(persona(name))
    assert client.get(f"/ra-soat/khieu-nai/{complaint.pk}/").status_code == status
    response = client.post(
        f"/ra-soat/phieu/{posted_kp1.pk}/khieu-nai/",
        {"received_on": "2026-11-13", "complainant": "X", "content": "Y"},
    )
    assert response.status_code == status
    assert Complaint.objects.count() == 1


def test_send_back_through_the_screen(client_for, officer, agreed_kp1):
    url = f"/ra-soat/phieu/{agreed_kp1.pk}/tra-lai/"
    client = client_for(officer)
    response = client.post(url, {"reason": ""})
    assert messages_of(response) == ["Hãy ghi lý do trả lại."]
    assert Review.objects.get(pk=agreed_kp1.pk).status == "agreed"
    response = client.post(url, {"reason": "Sai thu nhập"})
    assert messages_of(response)[-1] == "Đã trả phiếu về bước khảo sát."
    assert Review.objects.get(pk=agreed_kp1.pk).status == "draft"


def test_send_back_is_for_officers(client_for, quarter_head_kp1, leader, agreed_kp1):
    url = f"/ra-soat/phieu/{agreed_kp1.pk}/tra-lai/"
    for user in (quarter_head_kp1, leader):
        assert client_for(user).post(url, {"reason": "Sai"}).status_code == 403
    assert Review.objects.get(pk=agreed_kp1.pk).status == "agreed"


# -- decision -----------------------------------------------------------------------

PREPARE_STATUS = {
    "officer": 200,
    "quarter_head_kp1": 403,
    "quarter_head_kp2": 403,
    "leader": 403,
    "org_member": 403,
    "admin_user": 200,
    "outsider": 404,
}
DECISION_FORM = {
    "number": "125/QĐ-UBND",
    "signed_on": "2026-11-20",
    "signer_name": "Trương Văn Lãnh Đạo",
    "signer_title": "Chủ tịch",
}


@pytest.mark.parametrize(("name", "status"), PREPARE_STATUS.items())
def test_decision_prepare_by_persona(persona, client_for, campaign, posted_kp1, name, status):
    client = client_for(persona(name))
    assert client.get(prepare_url(campaign)).status_code == status
    response = client.post(prepare_url(campaign), DECISION_FORM)
    if status == 200:
        decision = Decision.objects.get()
        assert response.status_code == 302
        assert response["Location"] == decision_url(decision)
        assert messages_of(response) == ["Đã lập dự thảo quyết định; chờ lãnh đạo ký."]
        assert list(decision.reviews.all()) == [posted_kp1]
    else:
        assert response.status_code == status
        assert not Decision.objects.exists()


def test_bad_decision_number_through_the_form(client_for, officer, campaign, posted_kp1):
    response = client_for(officer).post(prepare_url(campaign), {**DECISION_FORM, "number": "125"})
    assert response.status_code == 200
    assert field_errors(response, "number") == ["Số quyết định có dạng 125/QĐ-UBND."]
    assert not Decision.objects.exists()


DETAIL_STATUS = {
    "officer": 200,
    "quarter_head_kp1": 200,
    "quarter_head_kp2": 200,
    "leader": 200,
    "org_member": 403,
    "admin_user": 200,
    "outsider": 404,
}


@pytest.mark.parametrize(("name", "status"), DETAIL_STATUS.items())
def test_decision_page_by_persona(persona, client_for, decision, name, status):
    response = client_for(persona(name)).get(decision_url(decision))
    assert response.status_code == status
    if status == 200:
        body = text(response)
        assert "Quyết định số 125/QĐ-UBND" in body
        assert response.context["blockers"] == []
        assert response.context["can_approve"] is (name in ("leader", "admin_user"))
        assert ("Phê duyệt, ký ban hành" in body) is (name in ("leader", "admin_user"))
        poor = dict(response.context["lists"])["Hộ nghèo"]
        # Khu phố 2's head sees the decision but not Khu phố 1's household.
        assert [r.household.code for r in poor] == (
            [] if name == "quarter_head_kp2" else ["KP1-001"]
        )


APPROVE_STATUS = {
    "officer": 403,
    "quarter_head_kp1": 403,
    "quarter_head_kp2": 403,
    "leader": 302,
    "org_member": 403,
    "admin_user": 302,
    "outsider": 404,
}


@pytest.mark.parametrize(("name", "status"), APPROVE_STATUS.items())
def test_decision_approve_by_persona(persona, client_for, decision, posted_kp1, name, status):
    response = client_for(persona(name)).post(f"{decision_url(decision)}ky/")
    assert response.status_code == status
    decision.refresh_from_db()
    review = Review.objects.select_related("household").get(pk=posted_kp1.pk)
    if status == 302:
        assert messages_of(response) == [
            "Đã ký ban hành Quyết định số 125/QĐ-UBND; danh sách hộ đã được cập nhật."
        ]
        assert decision.status == "approved"
        assert (review.status, review.certificate_number) == ("recognised", "2026-0001")
        assert review.household.poverty_status == "poor"
    else:
        assert decision.status == "draft"
        assert review.status == "posted"
        assert review.household.poverty_status == "unclassified"


def test_approve_with_blockers_shows_them(client_for, officer, leader, campaign, posted_kp1):
    # A draft whose date was changed after it was prepared (prepare refuses it up front).
    decision = prepare(officer, campaign)
    Decision.objects.filter(pk=decision.pk).update(signed_on=posted_kp1.posting.end_date)
    client = client_for(leader)
    page = client.get(decision_url(decision))
    message = "Thời gian niêm yết kết thúc ngày 16/11/2026: quyết định phải ký sau ngày đó."
    assert page.context["blockers"] == [message]
    assert message in text(page)
    response = client.post(f"{decision_url(decision)}ky/")
    assert response.status_code == 302
    assert messages_of(response) == [message]
    assert Decision.objects.get(pk=decision.pk).status == "draft"


def test_approve_twice_through_the_screen(client_for, leader, decision):
    client = client_for(leader)
    client.post(f"{decision_url(decision)}ky/")
    response = client.post(f"{decision_url(decision)}ky/")
    assert messages_of(response)[-1] == "Quyết định đã được ký ban hành."
    assert Review.objects.exclude(certificate_number="").count() == 1


def test_approved_decision_lists_the_certificate(client_for, leader, decision):
    client = client_for(leader)
    client.post(f"{decision_url(decision)}ky/")
    body = text(client.get(decision_url(decision)))
    assert "2026-0001" in body
    assert "Đã ký ban hành" in body


def test_another_communes_decision_is_not_found(
    client_for, officer, outsider, other_campaign, review_other
):
    to_posted(outsider, other_campaign, [review_other])
    other = prepare(outsider, other_campaign)
    assert client_for(officer).get(decision_url(other)).status_code == 404
    assert client_for(officer).post(f"{decision_url(other)}ky/").status_code == 404
