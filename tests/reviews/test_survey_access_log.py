"""Opening a survey page is logged like the household page (issue 7, finding 4)."""

from households.reviews import services as svc
from tannkhai.models import AccessLog


def test_opening_the_survey_page_is_logged(campaign, officer, hh_kp1, quarter_head_kp1, client_for):
    review = svc.campaign_add_household(user=officer, campaign=campaign, household=hh_kp1)
    assert client_for(quarter_head_kp1).get(f"/ra-soat/phieu/{review.pk}/").status_code == 200
    [log] = AccessLog.objects.filter(user=quarter_head_kp1)
    assert (log.action, log.household_id, log.detail) == (
        AccessLog.Action.VIEW_REVIEW,
        hh_kp1.pk,
        {"review": review.pk},
    )
