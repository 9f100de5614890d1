from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from tannkhai import views

app_name = "accounts"

urlpatterns = [
    path(
        "doi-mat-khau/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("accounts:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("nguoi-dung/", views.user_list, name="users"),
    path("nguoi-dung/them/", views.user_create, name="user_create"),
    path("nguoi-dung/<int:pk>/", views.user_edit, name="user_edit"),
    path("nguoi-dung/<int:pk>/mat-khau/", views.user_set_password, name="user_password"),
]
