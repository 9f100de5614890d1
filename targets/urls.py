from django.urls import path

from targets import views

app_name = "targets"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("thoat-ngheo/", views.escaped_households, name="escaped"),
    path("viec-lam/", views.placement_list, name="placements"),
    path("viec-lam/them/", views.placement_edit, name="placement_create"),
    path("viec-lam/<int:pk>/", views.placement_edit, name="placement_edit"),
    path("dao-tao/", views.enrolment_list, name="enrolments"),
    path("dao-tao/them/", views.enrolment_edit, name="enrolment_create"),
    path("dao-tao/<int:pk>/", views.enrolment_edit, name="enrolment_edit"),
    path("tim-nguoi/", views.member_search, name="member_search"),
    path("ke-hoach/<int:pk>/", views.program_targets, name="program"),
    path("ke-hoach/<int:pk>/sao-chep/", views.program_copy, name="program_copy"),
    path("chi-tieu/<int:pk>/ket-qua-nhap-tay/", views.manual_result, name="manual_result"),
]
