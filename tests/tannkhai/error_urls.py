"""The project's URLs plus views that fail, for the error-page tests."""

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret internals")


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("secret internals")


urlpatterns = [
    path("boom/", boom),
    path("suspicious/", suspicious),
    path("", include("tannkhai.urls")),
]
