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


def leaky_boom(request: HttpRequest) -> HttpResponse:
    # An error whose text quotes what the user searched, as a database error may.
    raise RuntimeError(f"nothing matched {request.GET.get('q')}")


urlpatterns.insert(0, path("leaky-boom/", leaky_boom))

handler500 = "tannkhai.errors.server_error"
