"""Password rules with messages in the interface language.

Django's Vietnamese catalogue lacks the minimum-length message; this subclass
keeps Django's rule and supplies the text.
"""

from __future__ import annotations

from django.contrib.auth import password_validation as base
from django.utils.translation import gettext as _


class MinimumLengthValidator(base.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return _("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.") % {
            "min_length": self.min_length
        }

    def get_help_text(self) -> str:
        return _("Mật khẩu cần ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}
