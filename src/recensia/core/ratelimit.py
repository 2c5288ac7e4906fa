"""One request limiter for every web process: counters live in Django's cache.

With ``CACHE_URL=redis://…`` all processes (and machines) share the same counters, and
Redis increments them atomically; with the default per-process cache each process counts
on its own (a deployment check says so). Counting is by fixed windows (« 300 per
minute » = at most 300 in each calendar minute).

Who is counted: the caller decides (an API key, an account, or the client address from
``core.http.client_ip``, which trusts ``X-Forwarded-For`` only as far as the
``TRUSTED_PROXY_COUNT`` reverse proxies configured in front of the site: a client cannot
pick its own address by sending the header itself).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.core.cache import cache

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """« 300/m » → 300 per 60 seconds."""
        count, period = text.split("/", 1)
        return cls(int(count), PERIODS[period[:1]])


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends
    limit: int
    remaining: int


def now() -> float:
    return time.time()


def hit(key: str, rate: Rate) -> Verdict:
    """Counts one request for ``key`` and says whether it is within ``rate``."""
    moment = now()
    window = int(moment // rate.seconds)
    cache_key = f"ratelimit:{rate.seconds}:{window}:{key}"
    cache.add(cache_key, 0, timeout=rate.seconds + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=rate.seconds + 1)
        count = 1
    retry_after = max(1, math.ceil((window + 1) * rate.seconds - moment))
    return Verdict(count <= rate.count, retry_after, rate.count, max(0, rate.count - count))
