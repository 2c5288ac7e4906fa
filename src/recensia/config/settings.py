"""Settings, read from the environment only.

Every variable is documented in README.md (section « Configuration »); a test checks it.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from recensia.config.env import env, env_bool, env_list

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(env("RECENSIA_HOME", str(Path.cwd())))

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "La variable d'environnement SECRET_KEY est obligatoire quand DEBUG n'est pas activé."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DEBUG-is-on"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "dsfr",
    "widget_tweaks",
    "csp",
    "recensia.core",
    "recensia.territories",
    "recensia.accounts",
    "recensia.solutions",
    "recensia.projects",
    "recensia.pooling",
    "recensia.opendata",
    "recensia.search",
    "recensia.api",
    "recensia.evaluations",
    "recensia.procurement",
    "recensia.imports",
    "recensia.www",
    "django_tasks",
    "django_tasks_db",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "recensia.core.middleware.RejectControlCharactersMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a refused login (too many failures) into the French « wait » page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "recensia.config.urls"
WSGI_APPLICATION = "recensia.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "recensia.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'recensia.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_SQLITE_NAME", "") or None}
elif env("TEST_DATABASE_NAME", ""):
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", "")}

# Current DSFR guidance: mark optional fields, not required ones.
DSFR_MARK_OPTIONAL_FIELDS = True

# Cache of the visitors' project pages and of the home figures: per process by default;
# CACHE_URL (redis://…) shares it between all the web processes.
CACHE_URL = env("CACHE_URL", "")
# Background jobs (imports of large tables): Django's Tasks API through its backport,
# stored in the database (SQLite or PostgreSQL, no other server). ``recensia db_worker``
# runs them; ``make run`` starts it beside the web server.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": CACHE_URL, "KEY_PREFIX": "recensia"}
    if CACHE_URL else
    {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "recensia"}
}

# Where `recensia backup` writes (see core/backup.py).
BACKUP_DIR = Path(env("BACKUP_DIR", str(BASE_DIR / "var" / "backups")))
# Where the full CSV of the register is kept between two changes (opendata/exports.py).
EXPORT_CACHE_DIR = Path(env("EXPORT_CACHE_DIR", str(BASE_DIR / "var" / "exports")))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any login while an account or an address is waiting (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Signs in with ProConnect; does nothing unless PROCONNECT_* are set.
    "recensia.accounts.proconnect.ProConnectBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "www:me"
LOGOUT_REDIRECT_URL = "www:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("email", "first_name", "last_name")}},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "recensia.accounts.validators.NotBlankPasswordValidator"},
]

# Client address. Without a proxy, the address of the connection (REMOTE_ADDR), and
# X-Forwarded-For is ignored: anyone can write it. Behind N reverse proxies that each append
# the address they saw to X-Forwarded-For, TRUSTED_PROXY_COUNT=N takes the N-th address from
# the right of that header (the one the outermost proxy saw).
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0") or 0)

# Failed logins (django-axes): after LOGIN_FAILURE_LIMIT failures for one account or from
# one address, logins are refused for LOGIN_COOLOFF_MINUTES, then allowed again. Never a
# permanent lock; a password reset by e-mail ends the wait at once for that account.
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "recensia.accounts.security.login_username"
AXES_CLIENT_IP_CALLABLE = "recensia.core.http.client_ip"
AXES_LOCKOUT_CALLABLE = "recensia.accounts.security.lockout_response"
AXES_RESET_ON_SUCCESS = True
# The wait is counted from the failure that locked: trying again does not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ADMIN = False
# Failures are kept (AccessAttempt) for the count; successful logins are not recorded.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# ProConnect (OpenID Connect) — off unless a client id and the provider are configured.
PROCONNECT_CLIENT_ID = env("PROCONNECT_CLIENT_ID", "")
PROCONNECT_CLIENT_SECRET = env("PROCONNECT_CLIENT_SECRET", "")
PROCONNECT_DISCOVERY_URL = env("PROCONNECT_DISCOVERY_URL", "")
# Or, instead of the discovery URL, each address of the provider:
PROCONNECT_ISSUER = env("PROCONNECT_ISSUER", "")
PROCONNECT_AUTHORIZATION_URL = env("PROCONNECT_AUTHORIZATION_URL", "")
PROCONNECT_TOKEN_URL = env("PROCONNECT_TOKEN_URL", "")
PROCONNECT_USERINFO_URL = env("PROCONNECT_USERINFO_URL", "")
PROCONNECT_JWKS_URL = env("PROCONNECT_JWKS_URL", "")
PROCONNECT_LOGOUT_URL = env("PROCONNECT_LOGOUT_URL", "")
# mozilla-django-oidc, the OpenID Connect client behind it.
OIDC_RP_SCOPES = "openid email given_name usual_name siret"
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:proconnect_callback"
OIDC_CALLBACK_CLASS = "recensia.accounts.proconnect.CallbackView"

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else
    "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "ne-pas-repondre@recensia.localhost")
# Public address of the site, for links in e-mails.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# HTTPS only in production: every http:// address is redirected, and browsers are told
# (HSTS) to use https for a year, subdomains included, ready for the preload lists.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD",
                                                                default=not DEBUG)
if TRUSTED_PROXY_COUNT:
    # The proxy that terminates TLS says so; without it every request would look like
    # http and be redirected forever.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Content-Security-Policy: scripts, styles, images and fonts come from the site itself.
# Neither our templates nor the design system (its scripts are files) have an inline
# script, style or event handler (a test keeps it so): no nonce and no 'unsafe-inline'
# are needed, and cached pages stay valid for every response.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
CSRF_FAILURE_VIEW = "recensia.core.errors.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
