"""Request limits of the API: 300 per minute per API key or signed-in account, 120 per
minute per client address otherwise, counted in the shared cache (``core.ratelimit``)."""

from __future__ import annotations

import threading

from ninja.throttling import BaseThrottle

from recensia.accounts.services import authenticate_api_key
from recensia.core.http import client_ip
from recensia.core.ratelimit import Rate, hit

ANONYMOUS = Rate.parse("120/m")
KEYED = Rate.parse("300/m")


def identity(request) -> tuple[str, Rate]:
    """Who the request is counted for, and at which rate."""
    token = getattr(request, "api_token", None)
    header = request.headers.get("Authorization", "")
    if token is None and header[:7].lower() == "bearer ":
        token = authenticate_api_key(header[7:].strip())
        if token is not None:
            request.api_token = token
    if token is not None:
        return f"cle:{token.pk}", KEYED
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"compte:{user.pk}", KEYED
    return f"adresse:{client_ip(request) or 'inconnue'}", ANONYMOUS


class ApiThrottle(BaseThrottle):
    """One throttle for every operation (ninja asks ``wait`` right after a refusal, in
    the same thread)."""

    def __init__(self) -> None:
        self._last = threading.local()

    def allow_request(self, request) -> bool:
        key, rate = identity(request)
        verdict = hit(f"api:{key}", rate)
        self._last.retry_after = verdict.retry_after
        return verdict.allowed

    def wait(self) -> float | None:
        return getattr(self._last, "retry_after", None)
