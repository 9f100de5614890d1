"""Settings for tannkhai, read from the environment through django-environ.

Defaults suit a developer's machine (SQLite under var/, DEBUG on). Production sets
DEBUG=off and must then provide SECRET_KEY and ALLOWED_HOSTS, or start-up fails.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    environ.Env.read_env(str(env_file))

DEBUG = env.bool("DEBUG", default=True)
# Django's technical 404/500 pages (URL list, traceback, settings) with DEBUG on; off by
# default so that the demo (`make run`) shows the app's own pages (tannkhai.errors).
DEBUG_ERROR_PAGES = env.bool("DEBUG_ERROR_PAGES", default=False)

_DEV_SECRET = "dev-only-insecure-key-never-used-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 32 characters when DEBUG is off."
    )

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Reverse proxies whose X-Real-IP header gives the client's address (e.g. 127.0.0.1 for
# nginx on the same machine); empty: the peer's address is the client's.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "tannkhai",
    "households",
    "targets",
    "funding",
    "assignments",
    "reports",
]

MIDDLEWARE = [
    # The client's address from the reverse proxy's X-Real-IP (only from TRUSTED_PROXIES).
    "tannkhai.middleware.ProxyClientAddressMiddleware",
    # Then: every response and every log record of the request carries its id.
    "tannkhai.logs.RequestIdMiddleware",
    # A view that loses the database answers 503 "try again in a moment" (tannkhai.errors).
    "tannkhai.errors.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Signed-in responses are never stored by browsers or proxies (personal data).
    "tannkhai.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle and absolute session limits; needs the user and messages above.
    "tannkhai.sessions.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # django-htmx's, adding "Vary: HX-Request" where the view branched on request.htmx.
    "tannkhai.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that lockout applies to the authentication done above.
    "axes.middleware.AxesMiddleware",
    # Innermost: with DEBUG on, our 404/500 pages instead of Django's technical ones.
    "tannkhai.errors.AppErrorPagesMiddleware",
]

ROOT_URLCONF = "tannkhai.urls"
WSGI_APPLICATION = "tannkhai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tannkhai.context_processors.navigation",
            ],
            "builtins": ["tannkhai.templatetags.fmt"],
        },
    },
]

# SQLite by default (file under var/, WAL mode); PostgreSQL ≥ 15 via DATABASE_URL.
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'tannkhai.sqlite3'}"),
}
# A read-only PostgreSQL replica for the dashboard and the program reports
# (tannkhai.routers); everything else reads and writes the primary.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
READ_REPLICA: str | None = "replica" if "replica" in DATABASES else None
DATABASE_ROUTERS = ["tannkhai.routers.ReplicaRouter"]


def _pool_sizes(value: str) -> dict[str, int] | None:
    """``DATABASE_POOL``: ``off`` (default), or ``MIN:MAX`` connections per process."""
    if value.strip().lower() in ("", "off", "0", "false", "no"):
        return None
    try:
        low, high = (int(part) for part in value.split(":"))
    except ValueError as exc:
        raise ImproperlyConfigured(
            "DATABASE_POOL must be 'off' or MIN:MAX, e.g. DATABASE_POOL=2:8."
        ) from exc
    if not 0 <= low <= high or high < 1:
        raise ImproperlyConfigured("DATABASE_POOL: need 0 <= MIN <= MAX and MAX >= 1.")
    return {"min_size": low, "max_size": high}


DATABASE_POOL = _pool_sizes(env.str("DATABASE_POOL", default="off"))
for _alias, _db in DATABASES.items():
    if _db["ENGINE"] == "django.db.backends.sqlite3":
        _db.setdefault("OPTIONS", {})
        _db["OPTIONS"].update(
            {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
                ),
                "transaction_mode": "IMMEDIATE",
            }
        )
        continue
    # JIT compilation costs more than it saves on the registry's short queries.
    _db.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # A kept connection is tested before reuse, so a database restart costs one
    # failed request per process at most (it gets the 503 page), never a restart of ours.
    _db.setdefault("CONN_HEALTH_CHECKS", True)
    if DATABASE_POOL is None:
        # Each web worker holds one connection and replaces it after CONN_MAX_AGE: the
        # first queries on a new one are slow (PostgreSQL loads its catalog caches), so
        # with 60 s a 50-user load test showed a burst of 200–400 ms pages every minute.
        _db.setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=600))
    else:
        # Django's pool (psycopg_pool) hands out connections per request; it cannot be
        # combined with persistent connections.
        if env.int("CONN_MAX_AGE", default=0) > 0:
            raise ImproperlyConfigured("DATABASE_POOL cannot be used with CONN_MAX_AGE > 0.")
        _db["CONN_MAX_AGE"] = 0
        # With CONN_HEALTH_CHECKS Django has the pool check a connection before handing
        # it out: after a database restart dead connections are replaced, not used.
        _db["OPTIONS"]["pool"] = {
            **DATABASE_POOL,
            "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10.0),
        }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "tannkhai.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "tannkhai.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["username", "full_name", "email"]},
    },
    {"NAME": "tannkhai.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout: 5 failures for the same user name from the same address locks for 30 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Sign-in ignores the case of the user name, so lockout must count CANBO and canbo together.
AXES_USERNAME_CALLABLE = "tannkhai.auth.lockout_username"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["tannkhai.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))

# Everything is served from our own origin: the app must work on an intranet.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

CSRF_FAILURE_VIEW = "tannkhai.errors.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
# Absolute limit, in seconds from sign-in, enforced by tannkhai.sessions (activity
# does not extend it; SESSION_SAVE_EVERY_REQUEST stays off).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
# Idle limit: the environment gives minutes, the setting holds seconds.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30) * 60
# The cookie dies with the browser (a shared commune computer).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
if SESSION_IDLE_TIMEOUT <= 0 or SESSION_COOKIE_AGE <= 0:
    raise ImproperlyConfigured("SESSION_IDLE_TIMEOUT and SESSION_COOKIE_AGE must be positive.")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The header only allows a later submission to the preload list; it commits to nothing.
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The health check is asked over plain HTTP by local monitoring (tannkhai.health).
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Registry list: pages of this size; counts stop at REGISTRY_COUNT_CAP so that
# a province-wide list never runs an unbounded COUNT(*) (see README).
REGISTRY_PAGE_SIZE = env.int("REGISTRY_PAGE_SIZE", default=50)
REGISTRY_COUNT_CAP = env.int("REGISTRY_COUNT_CAP", default=10000)

# Background tasks: queued in the database and run by `manage.py db_worker` (no broker).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A list longer than this, and the registry export beyond it, is made in the background;
# shorter ones download at once.
BACKGROUND_EXPORT_ROWS = env.int("BACKGROUND_EXPORT_ROWS", default=2000)
# An Excel import of this many rows or more is previewed and written by the task worker.
IMPORT_BACKGROUND_ROWS = env.int("IMPORT_BACKGROUND_ROWS", default=2000)
# The most data rows an import file may have.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=50000)
# Days an Excel import batch and its stored files are kept (`manage.py prune_imports`).
IMPORT_KEEP_DAYS = env.int("IMPORT_KEEP_DAYS", default=30)
# Days a finished background file is kept for its owner (`manage.py prune_exports`).
EXPORT_KEEP_DAYS = env.int("EXPORT_KEEP_DAYS", default=7)
# `manage.py backup`: where the archives go and how many of the newest are kept.
BACKUP_DIR = env.path("BACKUP_DIR", default=str(VAR_DIR / "backups"))
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)
if BACKUP_KEEP < 1:
    raise ImproperlyConfigured("BACKUP_KEEP must be at least 1.")
# The worker writes a heartbeat of the task it runs every this many seconds (0: none);
# a running task without one for TASK_STALE_AFTER seconds lost its worker, and its job
# is marked failed with a way to try again (tannkhai.background).
TASK_HEARTBEAT_SECONDS = env.int("TASK_HEARTBEAT_SECONDS", default=20)
TASK_STALE_AFTER = env.int("TASK_STALE_AFTER", default=120)
if TASK_HEARTBEAT_SECONDS and TASK_STALE_AFTER < 3 * TASK_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured("TASK_STALE_AFTER must be at least 3 × TASK_HEARTBEAT_SECONDS.")
# A short import runs inside the web request; one still "running" this many seconds after
# it started lost its request (the web worker was killed at its timeout, or restarted)
# and is marked failed with a way to try again. Well above GUNICORN_TIMEOUT.
IMPORT_REQUEST_STALE_AFTER = env.int("IMPORT_REQUEST_STALE_AFTER", default=300)

# Logs hold no personal data: no query strings (searches carry names and citizen IDs),
# long digit runs and the values a database error quotes masked; every record carries
# the request id (tannkhai.logs).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "tannkhai.logs.RequestIdFilter"},
        "path_only": {"()": "tannkhai.logs.PathOnlyFilter"},
    },
    "formatters": {
        "app": {
            "()": "tannkhai.logs.RedactingFormatter",
            "fmt": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "path_only"],
            "formatter": "app",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Django's own request and development-server loggers have handlers of their
        # own by default; here they write through ours.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint logs every rendering step at INFO; its warnings (fonts) still show.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

FORM_RENDERER = "tannkhai.forms_rendering.BootstrapRenderer"
