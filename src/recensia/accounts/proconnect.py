"""Signing in with ProConnect, the State's OpenID Connect service for public agents.

Built on mozilla-django-oidc (authorization code flow with PKCE, state and nonce). Off unless
``PROCONNECT_CLIENT_ID`` and the provider (``PROCONNECT_DISCOVERY_URL``, or each address
``PROCONNECT_AUTHORIZATION_URL``, ``PROCONNECT_TOKEN_URL``…) are set; local accounts stay
available either way.

Checks added to the library's: the ID token must come from the configured issuer and be
meant for this client (``iss`` and ``aud``, which the library leaves unchecked), and an
identity is tied to its ProConnect ``sub`` once seen. Any failure (refusal at ProConnect, a
token whose signature or audience is wrong, the provider unreachable) ends on the login
page with a French message, never on an error page.
"""

from __future__ import annotations

import logging
import secrets
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

logger = logging.getLogger(__name__)

DISCOVERY_CACHE_SECONDS = 3600
FAILURE_MESSAGE = ("La connexion avec ProConnect n'a pas abouti. Réessayez, ou connectez-vous "
                   "avec votre adresse électronique et votre mot de passe.")
SESSION_SIRET = "proconnect_siret"

# Provider metadata names (OpenID Connect Discovery) and the settings that can set them.
_EXPLICIT = {
    "issuer": "PROCONNECT_ISSUER",
    "authorization_endpoint": "PROCONNECT_AUTHORIZATION_URL",
    "token_endpoint": "PROCONNECT_TOKEN_URL",
    "userinfo_endpoint": "PROCONNECT_USERINFO_URL",
    "jwks_uri": "PROCONNECT_JWKS_URL",
    "end_session_endpoint": "PROCONNECT_LOGOUT_URL",
}
_REQUIRED = ("issuer", "authorization_endpoint", "token_endpoint", "userinfo_endpoint",
             "jwks_uri")


class ProviderUnavailable(Exception):
    """The provider's configuration cannot be read (discovery down or incomplete)."""


def is_enabled() -> bool:
    return bool(settings.PROCONNECT_CLIENT_ID and (
        settings.PROCONNECT_DISCOVERY_URL or settings.PROCONNECT_AUTHORIZATION_URL))


def provider() -> dict[str, str]:
    """The provider's addresses: the discovery document (kept an hour in the cache), each
    completed or overridden by the explicit settings."""
    config: dict[str, str] = {}
    url = settings.PROCONNECT_DISCOVERY_URL
    if url:
        key = f"proconnect-discovery:{url}"
        config = cache.get(key) or {}
        if not config:
            try:
                response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
                response.raise_for_status()
                config = response.json()
            except (requests.RequestException, ValueError) as exc:
                raise ProviderUnavailable(f"découverte illisible : {exc}") from exc
            cache.set(key, config, DISCOVERY_CACHE_SECONDS)
    config = dict(config)
    for name, setting in _EXPLICIT.items():
        if getattr(settings, setting, ""):
            config[name] = getattr(settings, setting)
    missing = [name for name in _REQUIRED if not config.get(name)]
    if missing:
        raise ProviderUnavailable(f"configuration incomplète : {', '.join(missing)}")
    return config


def logout_url(id_token: str, post_logout_redirect: str) -> str:
    """Where to send a person signed in with ProConnect when they sign out, so that they are
    signed out of ProConnect too; empty when the provider has no such address."""
    try:
        endpoint = provider().get("end_session_endpoint", "")
    except ProviderUnavailable:
        return ""
    if not endpoint:
        return ""
    return f"{endpoint}?" + urlencode({"id_token_hint": id_token,
                                       "state": secrets.token_urlsafe(16),
                                       "post_logout_redirect_uri": post_logout_redirect})


class ProConnectBackend(OIDCAuthenticationBackend):
    """Authentication backend for the ProConnect callback. Reads its configuration when it
    is used, not when Django builds it (it is built for every password login too)."""

    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_RP_IDP_SIGN_KEY = None

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: provider()["token_endpoint"])
    OIDC_OP_USER_ENDPOINT = property(lambda self: provider()["userinfo_endpoint"])
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: provider()["jwks_uri"])
    OIDC_RP_CLIENT_ID = property(lambda self: settings.PROCONNECT_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.PROCONNECT_CLIENT_SECRET)

    def authenticate(self, request, **kwargs):
        if request is None or not is_enabled() or "password" in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException, jwt.PyJWTError,
                ProviderUnavailable, KeyError, ValueError) as exc:
            logger.warning("ProConnect : connexion refusée (%s)", exc)
            return None

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        issuer = provider()["issuer"]
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        is_id_token = "nonce" in kwargs
        if (is_id_token or "iss" in payload) and payload.get("iss") != issuer:
            raise SuspiciousOperation("émetteur inattendu")
        if (is_id_token or "aud" in payload) and settings.PROCONNECT_CLIENT_ID not in audiences:
            raise SuspiciousOperation("jeton destiné à un autre service")
        if is_id_token and "exp" not in payload:
            raise SuspiciousOperation("jeton sans date d'expiration")
        return payload

    def verify_claims(self, claims):
        return bool(claims.get("email") and claims.get("sub"))

    def filter_users_by_claims(self, claims):
        users = self.UserModel.objects.filter(proconnect_sub=claims["sub"])
        if users.exists():
            return users
        return self.UserModel.objects.filter(email__iexact=claims["email"].strip())

    def create_user(self, claims):
        from recensia.accounts import services

        self._remember_siret(claims)
        return services.create_user_from_proconnect(claims=claims)

    def update_user(self, user, claims):
        from recensia.accounts import services

        self._remember_siret(claims)
        return services.update_user_from_proconnect(user=user, claims=claims)

    def _remember_siret(self, claims):
        siret = "".join(ch for ch in str(claims.get("siret") or "") if ch.isdigit())
        if len(siret) == 14:
            self.request.session[SESSION_SIRET] = siret


class LoginView(OIDCAuthenticationRequestView):
    """Sends the person to ProConnect."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)

    def get(self, request):
        if not is_enabled():
            raise Http404("ProConnect n'est pas activé")
        try:
            config = provider()
        except ProviderUnavailable as exc:
            logger.warning("ProConnect indisponible (%s)", exc)
            messages.error(request, FAILURE_MESSAGE)
            return HttpResponseRedirect(reverse("accounts:login"))
        self.OIDC_OP_AUTH_ENDPOINT = config["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = settings.PROCONNECT_CLIENT_ID
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """ProConnect sends the person back here with a code (or an error)."""

    def get(self, request):
        if not is_enabled():
            raise Http404("ProConnect n'est pas activé")
        try:
            return super().get(request)
        except SuspiciousOperation as exc:  # unknown state: a replayed or forged answer
            logger.warning("ProConnect : retour refusé (%s)", exc)
            return self.login_failure()

    @property
    def failure_url(self):
        return reverse("accounts:login")

    def login_failure(self):
        messages.error(self.request, FAILURE_MESSAGE)
        return super().login_failure()

    @property
    def success_url(self):
        from recensia.accounts.selectors import suggested_organization_for_siret

        siret = self.request.session.pop(SESSION_SIRET, "")
        next_url = self.request.session.get("oidc_login_next")
        if next_url:
            return next_url
        organization = suggested_organization_for_siret(self.user, siret)
        if organization is not None:
            return f"{reverse('accounts:join')}?collectivite={organization.url_code}"
        return reverse(settings.LOGIN_REDIRECT_URL)

    def login_success(self):
        messages.success(self.request, "Vous êtes connecté avec ProConnect.")
        return super().login_success()
