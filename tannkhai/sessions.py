"""Session limits: an idle timeout and an absolute limit counted from sign-in.

Django alone has only ``SESSION_COOKIE_AGE``, counted from the last save of the
session: with ``SESSION_SAVE_EVERY_REQUEST`` it would become an idle timeout and the
absolute limit would be gone; without it, a busy user is never timed out for being
idle. So the sign-in time and the last activity are kept in the session and both
limits are enforced here, on every request, before any view runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from tannkhai.formatting import format_number
from tannkhai.health import PATH as HEALTH_PATH

LOGIN_AT = "tannkhai_login_at"
LAST_SEEN = "tannkhai_last_seen"
# Activity is written back at most once a minute: a session save per request would
# cost a write on every page for a precision nobody needs.
TOUCH_EVERY = 60


@receiver(user_logged_in)
def start_session_clock(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[LOGIN_AT] = now
        request.session[LAST_SEEN] = now


def _expired(session: Any, now: float) -> str | None:
    """Why the session has ended, or ``None``."""
    login_at = session.get(LOGIN_AT)
    last_seen = session.get(LAST_SEEN)
    if login_at is not None and now - login_at > settings.SESSION_COOKIE_AGE:
        return _(
            "Phiên làm việc đã quá %(hours)s giờ kể từ lúc đăng nhập. Vui lòng đăng nhập lại."
        ) % {"hours": format_number(round(settings.SESSION_COOKIE_AGE / 3600, 1))}
    if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
        return _(
            "Phiên làm việc đã hết hạn vì quá %(minutes)s phút không thao tác. "
            "Vui lòng đăng nhập lại."
        ) % {"minutes": format_number(round(settings.SESSION_IDLE_TIMEOUT / 60))}
    return None


class SessionTimeoutMiddleware:
    """Sign out an idle or too-old session and send the user to the login page.

    Goes after the authentication and message middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == HEALTH_PATH:
            # Monitoring: no user, no session read or written.
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            reason = _expired(session, now)
            if reason is not None:
                logout(request)
                messages.warning(request, reason)
                if request.path != resolve_url(settings.LOGIN_URL):
                    response = redirect_to_login(request.get_full_path())
                    if request.headers.get("HX-Request") == "true":
                        return HttpResponseClientRedirect(response["Location"])
                    return response
            else:
                if LOGIN_AT not in session:
                    # A session from before these limits (or made by force_login).
                    session[LOGIN_AT] = now
                last_seen = session.get(LAST_SEEN)
                if last_seen is None or now - last_seen >= TOUCH_EVERY:
                    session[LAST_SEEN] = now
        return self.get_response(request)
