"""Password rules with messages in the interface language.

Django's Vietnamese catalogue lacks the minimum-length message; this subclass
keeps Django's rule and supplies the text.
"""

from __future__ import annotations

import copy
from typing import Any

from django.contrib.auth import password_validation as base
from django.utils.translation import gettext as _

from tannkhai.formatting import fold


class MinimumLengthValidator(base.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return _("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.") % {
            "min_length": self.min_length
        }

    def get_help_text(self) -> str:
        return _("Mật khẩu cần ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(base.UserAttributeSimilarityValidator):
    """Django's rule, also against the names without diacritics.

    ``dinhvanba2025`` is as guessable for *Đinh Văn Ba* as ``probeuser99`` is for
    ``probeuser4``; Django alone compares only the accented text.
    """

    def validate(self, password: str, user: Any = None) -> None:
        super().validate(password, user)
        if user is None:
            return
        for squeeze in (False, True):
            folded = copy.copy(user)
            for name in self.user_attributes:
                value = getattr(user, name, None)
                if isinstance(value, str) and value:
                    text = fold(value)
                    setattr(folded, name, text.replace(" ", "") if squeeze else text)
            super().validate(password, folded)
