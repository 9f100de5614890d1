from django.urls import path

from funding.loans import views

app_name = "loans"

urlpatterns = [
    path("", views.loan_list, name="loans"),
    path("xuat-excel/", views.loan_export, name="export"),
    path("them/", views.loan_start, name="start"),
    path("<int:pk>/", views.loan_detail, name="loan"),
    path("<int:pk>/sua/", views.loan_edit, name="loan_edit"),
    path("<int:pk>/tra-no/", views.repayment_create, name="repayment_create"),
    path("ho/<int:pk>/", views.household_support, name="household"),
    path("ho/<int:pk>/vay-moi/", views.loan_create, name="loan_create"),
    path("quy/", views.ledger, name="ledger"),
    path("quy/mo-so/", views.fund_open, name="fund_open"),
    path("quy/ung-ho/", views.donation_create, name="donation_create"),
    path("quy/chi/", views.spending_create, name="spending_create"),
    path("quy/cong-khai/", views.public_list, name="public"),
]
