from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("xem/<slug:key>/", views.preview, name="preview"),
    path("khu-pho-theo-dot/", views.quarter_options, name="quarter_options"),
    path("tai-ve/<slug:key>.<str:fmt>", views.download, name="download"),
    path("quyet-dinh/<int:pk>.<str:fmt>", views.decision_document, name="decision"),
    path("quyet-dinh/<int:pk>/giay-chung-nhan.pdf", views.certificates, name="certificates"),
    path(
        "dot/<int:pk>/khu-pho/<int:quarter_pk>/bien-ban-hop-dan.pdf",
        views.meeting_minutes,
        name="minutes",
    ),
    path(
        "dot/<int:pk>/khu-pho/<int:quarter_pk>/niem-yet.<str:fmt>",
        views.posting_list,
        name="posting",
    ),
    path("giay-de-nghi/<int:pk>.pdf", views.request_form, name="request_form"),
    path("tep/", views.job_list, name="jobs"),
    path("tep/<uuid:pk>/", views.job_detail, name="job"),
    path("tep/<uuid:pk>/tai-ve/", views.job_download, name="job_download"),
    path("tep/<uuid:pk>/thu-lai/", views.job_retry, name="job_retry"),
    path(
        "quy/<int:fund_pk>/<int:year>/cong-khai.<str:fmt>",
        views.fund_disclosure,
        name="fund_disclosure",
    ),
    path("ho/<int:pk>/ho-so.pdf", views.household_file, name="household_file"),
]
