from django.urls import path

from funding import views

app_name = "funding"

urlpatterns = [
    path("", views.line_list, name="lines"),
    path("dong/<int:pk>/", views.line_detail, name="line"),
    path("dong/<int:pk>/xuat-excel/", views.line_export, name="line_export"),
    path("dong/<int:pk>/phan-bo/", views.allocation_create, name="allocation_create"),
    path("phan-bo/", views.allocation_list, name="allocations"),
    path("phan-bo/<int:pk>/", views.allocation_detail, name="allocation"),
    path("phan-bo/<int:pk>/chi/", views.disburse, name="disburse"),
    path("giai-ngan/", views.disbursement_list, name="disbursements"),
]
