"""Django settings, from the environment: the data folder, the database, the secret.

`JIXIAO_DATA` (default `./jixiao-data`) holds the SQLite database, the task queue and the
secret key; `DATABASE_URL` switches to PostgreSQL (`postgres://user:pass@host/db`).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

DATA_DIR = Path(os.environ.get("JIXIAO_DATA", "jixiao-data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
PACKAGE_DIR = Path(__file__).resolve().parent


def _secret_key() -> str:
    """The environment's key, else one generated once and kept in the data folder."""
    if os.environ.get("JIXIAO_SECRET_KEY"):
        return os.environ["JIXIAO_SECRET_KEY"]
    path = DATA_DIR / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = _secret_key()
DEBUG = _flag("JIXIAO_DEBUG")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("JIXIAO_ALLOWED_HOSTS", "*").split(",")
                 if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("JIXIAO_TRUSTED_ORIGINS", "").split(",")
                        if o.strip()]
#: Behind nginx with TLS: cookies only over HTTPS (`JIXIAO_HTTPS=1`).
HTTPS = _flag("JIXIAO_HTTPS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "huey.contrib.djhuey",
    "jixiao.web.apps.WebConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "jixiao.web.security.ContentSecurityPolicy",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "jixiao.web.urls"
WSGI_APPLICATION = "jixiao.web.wsgi.application"

TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "jixiao.web.views.common.navigation",
    ]},
}]

DATABASES = {"default": dj_database_url.config(
    default=f"sqlite:///{DATA_DIR / 'jixiao.sqlite3'}", conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers go on while one request writes; the timeout waits for a writer
    # instead of failing with "database is locked" under concurrent saves.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "forms"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_AGE = 8 * 3600
CSRF_FAILURE_VIEW = "jixiao.web.views.common.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

#: Uploads: the request body limit and the largest single file (by content, see web.uploads).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
JIXIAO_MAX_UPLOAD_MB = int(os.environ.get("JIXIAO_MAX_UPLOAD_MB", "50") or 50)

#: Background work (imports of many files): huey on SQLite in the data folder, no server.
#: `immediate` runs tasks in the request itself (tests, or `JIXIAO_TASKS_IMMEDIATE=1`).
HUEY = {
    "huey_class": "huey.SqliteHuey",
    "name": "jixiao",
    "filename": str(DATA_DIR / "tasks.sqlite3"),
    "immediate": _flag("JIXIAO_TASKS_IMMEDIATE"),
    "results": True,
    "consumer": {"workers": 1, "worker_type": "thread"},
}

#: Login throttling: this many failures per user name (or address) lock it for this long.
LOGIN_MAX_FAILURES = 5
LOGIN_LOCK_SECONDS = 15 * 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django": {"handlers": ["console"], "level": "WARNING"},
                "huey": {"handlers": ["console"], "level": "WARNING"}},
}
