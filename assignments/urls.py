from django.urls import path

from assignments import views

app_name = "assignments"

urlpatterns = [
    path("", views.assignment_list, name="list"),
    path("bao-phu/", views.coverage, name="coverage"),
    path("bao-phu/phan-cong/", views.bulk_assign, name="bulk_assign"),
    path("ho/<int:pk>/phan-cong/", views.assignment_create, name="create"),
    path("<int:pk>/", views.assignment_detail, name="detail"),
    path("<int:pk>/ket-thuc/", views.assignment_end, name="end"),
    path("<int:pk>/chuyen-giao/", views.assignment_reassign, name="reassign"),
    path("<int:pk>/cam-ket/", views.commitment_file, name="commitment_file"),
    path("<int:pk>/ghi-nhan/", views.support_log_create, name="log_create"),
    path("nguoi-giup-do/", views.person_list, name="people"),
    path("nguoi-giup-do/them/", views.person_edit, name="person_create"),
    path("nguoi-giup-do/<int:pk>/", views.person_edit, name="person_edit"),
    path("danh-gia/", views.evaluation, name="evaluation"),
    path("danh-gia/xuat-excel/", views.evaluation_export, name="evaluation_export"),
    path("phan-cong-nhiem-vu/", views.matrix, name="matrix"),
    path("nhiem-vu/<int:pk>/", views.duty_status, name="duty_status"),
]
