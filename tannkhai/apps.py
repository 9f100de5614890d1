from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TannkhaiConfig(AppConfig):
    name = "tannkhai"
    verbose_name = _("Người dùng và nhật ký")

    def ready(self) -> None:
        from tannkhai import sessions  # noqa: F401  (connects the sign-in clock)
