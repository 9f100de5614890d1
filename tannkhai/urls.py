from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tannkhai import health, views
from tannkhai.forms import SignInForm

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", health.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=SignInForm
        ),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/", include("tannkhai.account_urls")),
    path("ho-gia-dinh/", include("households.urls")),
    path("ra-soat/", include("households.reviews.urls")),
    path("chuong-trinh/", include("targets.urls")),
    path("ho-tro/", include("funding.urls")),
    path("vay-von-va-quy/", include("funding.loans.urls")),
    path("giup-do/", include("assignments.urls")),
    path("bao-cao/", include("reports.urls")),
    path("quan-tri/", admin.site.urls),
]

# The 500 page shows the request id; a database that cannot be reached gets the 503 page.
handler500 = "tannkhai.errors.server_error"
