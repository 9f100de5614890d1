from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TannkhaiConfig(AppConfig):
    name = "tannkhai"
    verbose_name = _("Người dùng và nhật ký")

    def ready(self) -> None:
        from tannkhai import (  # noqa: F401
            background,  # connects the task heartbeat
            errors,  # notes a lost database on the request
            sessions,  # connects the sign-in clock
        )
