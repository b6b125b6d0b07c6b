"""Requests per API key per minute, counted in Redis over a sliding window.

Each key has a sorted set of its recent requests' times; a request is let through while fewer
than ``limit`` fall in the last 60 seconds. A sliding window (rather than calendar minutes) means
a client can never send twice the limit around a minute's turn, and ``Retry-After`` says exactly
when the oldest request leaves the window.

If Redis cannot be reached, requests go through: an outage of the queue must not take the CRM
API down with it. The limiter talks to the queue's Redis over its own connections with a short
timeout (a hung Redis costs a request a fraction of a second, not its answer), logs the outage
once, and leaves Redis alone for ``PAUSE_AFTER_FAILURE`` before trying again.
"""

from __future__ import annotations

import logging
import math
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any, Final

from flask import Flask
from redis import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

WINDOW_SECONDS: Final = 60
#: Longest a request waits for Redis before it is let through uncounted.
REDIS_TIMEOUT: Final = 0.25
PAUSE_AFTER_FAILURE: Final = 30.0

# One round trip, atomic: drop what left the window, count, admit (or say when to come back).
# Refused requests are not recorded, so a client that backs off gets in as soon as it may.
_SLIDE = """
local key, now, window, limit, member = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]),
    tonumber(ARGV[3]), ARGV[4]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local used = redis.call('ZCARD', key)
if used < limit then
  redis.call('ZADD', key, now, member)
  redis.call('EXPIRE', key, math.ceil(window) + 1)
  return {1, used + 1, '0'}
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return {0, used, tostring(tonumber(oldest[2]) + window - now)}
"""


@dataclass(frozen=True, slots=True)
class RateLimitVerdict:
    allowed: bool
    #: Seconds until a request would be let through (0 when allowed).
    retry_after: int = 0


ALLOWED: Final = RateLimitVerdict(allowed=True)


class RateLimiter:
    """One per app (``for_app``); ``limit`` of 0 or less means no limit."""

    def __init__(self, redis: Redis, *, limit: int, window: int = WINDOW_SECONDS) -> None:
        self.redis, self.limit, self.window = redis, limit, window
        self._paused_until = 0.0
        self._lock = threading.Lock()

    @classmethod
    def for_app(cls, app: Flask) -> RateLimiter:
        limiter: RateLimiter | None = app.extensions.get("api_rate_limiter")
        if limiter is None:
            settings = app.extensions["settings"]
            redis = _with_timeout(app.extensions["sms_queue"].connection, REDIS_TIMEOUT)
            limiter = app.extensions["api_rate_limiter"] = cls(redis, limit=settings.api_rate_limit)
        return limiter

    def check(self, key: str, *, now: float | None = None) -> RateLimitVerdict:
        """Count one request for ``key`` (the API key's hash) and say whether it may proceed."""
        if self.limit <= 0:
            return ALLOWED
        now = time.time() if now is None else now
        if now < self._paused_until:
            return ALLOWED
        try:
            reply: list[Any] = self.redis.eval(  # type: ignore[assignment]
                _SLIDE,
                1,
                f"api-rate:{key}",
                repr(now),
                str(self.window),
                str(self.limit),
                uuid.uuid4().hex,
            )
        except RedisError as exc:
            with self._lock:
                if now >= self._paused_until:
                    log.warning(
                        "API rate limit not applied for %.0f s: Redis unavailable (%s)",
                        PAUSE_AFTER_FAILURE,
                        exc,
                    )
                    self._paused_until = now + PAUSE_AFTER_FAILURE
            return ALLOWED
        allowed, _used, wait = reply
        if int(allowed):
            return ALLOWED
        return RateLimitVerdict(allowed=False, retry_after=max(1, math.ceil(float(wait))))


def _with_timeout(shared: Redis, timeout: float) -> Redis:
    """A client for the same server (TCP or the embedded one's socket), with short timeouts."""
    pool = shared.connection_pool
    kwargs = {
        **pool.connection_kwargs,
        "socket_timeout": timeout,
        "socket_connect_timeout": timeout,
    }
    return Redis(connection_pool=type(pool)(connection_class=pool.connection_class, **kwargs))
