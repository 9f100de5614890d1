"""Private files: under MEDIA_ROOT/private, with no public URL. Only scoped views serve
them (a helper's commitment scan, a user's finished export)."""

from __future__ import annotations

import os
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="assignments.models.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """Files under MEDIA_ROOT/private, with no public URL: served only by scoped views."""

    @property
    def base_location(self) -> Any:  # type: ignore[override]
        return str(PurePath(settings.MEDIA_ROOT, "private"))

    @property
    def location(self) -> Any:  # type: ignore[override]
        return os.path.abspath(self.base_location)

    def url(self, name: Any) -> str:
        raise ValueError("private files have no public URL")


private_storage = PrivateStorage()
