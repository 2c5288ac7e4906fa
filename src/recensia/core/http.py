"""The client's address, from the connection or from trusted proxies (TRUSTED_PROXY_COUNT)."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request) -> str:
    """The address of the client that sent ``request``.

    With ``TRUSTED_PROXY_COUNT = 0`` (the default), the address of the connection
    (``REMOTE_ADDR``): ``X-Forwarded-For`` is ignored, since any client can write it. Behind
    N proxies that each append the address they received the request from, the client is the
    N-th address from the right of ``X-Forwarded-For``; what the client wrote there itself
    stays on the left and is never read. A header shorter than N (a request that did not go
    through every proxy) falls back to ``REMOTE_ADDR``.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in
                 request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    return candidate if _valid(candidate) else remote
