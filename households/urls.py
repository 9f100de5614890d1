from django.urls import path

from households import views
from households.imports import views as import_views

app_name = "households"

urlpatterns = [
    path("", views.household_list, name="list"),
    path("xuat-excel/", views.household_export, name="export"),
    path("khu-pho-theo-xa/", views.quarter_options, name="quarter_options"),
    path("them/", views.household_create, name="create"),
    path("nhap-excel/", import_views.import_start, name="import"),
    path("nhap-excel/mau/", import_views.import_template, name="import_template"),
    path("nhap-excel/<uuid:pk>/", import_views.import_batch, name="import_batch"),
    path("nhap-excel/<uuid:pk>/ghi/", import_views.import_confirm, name="import_confirm"),
    path("nhap-excel/<uuid:pk>/dong-loi/", import_views.import_rejected, name="import_rejected"),
    path("nhap-excel/<uuid:pk>/thu-lai/", import_views.import_retry, name="import_retry"),
    path("<int:pk>/", views.household_detail, name="detail"),
    path("<int:pk>/sua/", views.household_edit, name="edit"),
    path("<int:pk>/chuyen-khu-pho/", views.household_move, name="move"),
    path("<int:pk>/ra-khoi-danh-sach/", views.household_retire, name="retire"),
    path("<int:pk>/doi-chu-ho/", views.household_set_head, name="set_head"),
    path("<int:pk>/them-thanh-vien/", views.member_create, name="member_create"),
    path("thanh-vien/<int:pk>/sua/", views.member_edit, name="member_edit"),
    path("thanh-vien/<int:pk>/ra-khoi-ho/", views.member_retire, name="member_retire"),
    path("dia-ban/", views.area_list, name="areas"),
    path("dia-ban/<int:pk>/", views.area_detail, name="area_detail"),
    path("dia-ban/<int:pk>/doi-ten/", views.area_rename, name="area_rename"),
    path("dia-ban/<int:pk>/sap-nhap/", views.area_merge, name="area_merge"),
    path("dia-ban/<int:pk>/van-ban/", views.commune_settings_edit, name="commune_settings"),
]
