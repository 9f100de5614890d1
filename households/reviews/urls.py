from django.urls import path

from households.imports import views as import_views
from households.reviews import views as views

app_name = "reviews"

urlpatterns = [
    path("", views.campaign_list, name="campaigns"),
    path("tao/", views.campaign_create, name="campaign_create"),
    path("bien-dong/", views.transitions, name="transitions"),
    path("<int:pk>/", views.campaign_detail, name="campaign"),
    path("<int:pk>/khu-pho/<int:quarter_pk>/", views.campaign_quarter, name="quarter"),
    path("<int:pk>/khu-pho/<int:quarter_pk>/hop-dan/", views.meeting_record, name="meeting"),
    path("<int:pk>/khu-pho/<int:quarter_pk>/niem-yet/", views.posting_start, name="posting"),
    path("<int:pk>/nhap-excel/", import_views.review_import_start, name="import"),
    path("<int:pk>/nhap-excel/mau/", import_views.review_import_template, name="import_template"),
    path(
        "<int:pk>/nhap-excel/<uuid:batch_pk>/",
        import_views.review_import_batch,
        name="import_batch",
    ),
    path(
        "<int:pk>/nhap-excel/<uuid:batch_pk>/ghi/",
        import_views.review_import_confirm,
        name="import_confirm",
    ),
    path(
        "<int:pk>/nhap-excel/<uuid:batch_pk>/thu-lai/",
        import_views.review_import_retry,
        name="import_retry",
    ),
    path(
        "<int:pk>/nhap-excel/<uuid:batch_pk>/dong-loi/",
        import_views.review_import_rejected,
        name="import_rejected",
    ),
    path("<int:pk>/quyet-dinh/", views.decision_prepare, name="decision_prepare"),
    path("phieu/<int:pk>/", views.review_survey, name="survey"),
    path("phieu/<int:pk>/phan-loai/", views.review_preview, name="preview"),
    path("phieu/<int:pk>/tra-lai/", views.review_send_back, name="send_back"),
    path("phieu/<int:pk>/khieu-nai/", views.complaint_create, name="complaint"),
    path("khieu-nai/<int:pk>/", views.complaint_resolve, name="complaint_resolve"),
    path("quyet-dinh/<int:pk>/", views.decision_detail, name="decision"),
    path("quyet-dinh/<int:pk>/ky/", views.decision_approve, name="decision_approve"),
    path("ho/<int:pk>/de-nghi/", views.request_create, name="request"),
    path("ho/<int:pk>/thoat-ngheo/", views.escape_register, name="escape"),
    path("ho/<int:pk>/muc-song-trung-binh/", views.average_request, name="average_request"),
    path("muc-song-trung-binh/", views.average_list, name="average_list"),
    path("muc-song-trung-binh/<int:pk>/xac-dinh/", views.average_assess, name="average_assess"),
    path(
        "muc-song-trung-binh/<int:pk>/cong-nhan/",
        views.average_recognise,
        name="average_recognise",
    ),
]
