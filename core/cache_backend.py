"""The Redis cache behind a circuit breaker: a cache that stops answering costs one timeout.

A Redis that refuses connections fails at once, but one that accepts them and never
answers makes every call wait for its socket timeout, dozens of times a page. After one
failed or timed-out call the breaker opens: for COOL_DOWN_SECONDS this process makes no
cache call at all, so every lookup is a miss and pages are rendered from the database.
Then one call is tried again, and the breaker closes if it answers.
"""

import logging
import time

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger(__name__)

COOL_DOWN_SECONDS = 15


class CircuitBreaker:
    """Open for a cool-down after a failure; one per process, shared by its threads."""

    def __init__(self, cool_down=COOL_DOWN_SECONDS):
        self.cool_down = cool_down
        self.open_until = 0.0

    @property
    def is_open(self):
        """Whether calls are skipped right now (published as a metric by operations)."""
        return time.monotonic() < self.open_until

    def trip(self, error):
        logger.error("Cache unreachable, not called for %s s: %s", self.cool_down, error)
        self.open_until = time.monotonic() + self.cool_down

    def reset(self):
        self.open_until = 0.0


cache_breaker = CircuitBreaker()


class GuardedClient:
    """django-redis's client, each call skipped while the breaker is open."""

    def __init__(self, client):
        self.client = client

    def __getattr__(self, name):
        method = getattr(self.client, name)
        if not callable(method):
            return method

        def guarded(*args, **kwargs):
            if cache_breaker.is_open:
                # The backend turns this into a miss, as it does for a real failure.
                raise ConnectionInterrupted(connection=None)
            try:
                return method(*args, **kwargs)
            except ConnectionInterrupted as error:
                cache_breaker.trip(error)
                raise

        return guarded


class CircuitBreakerRedisCache(RedisCache):
    """django-redis's backend with every call going through the process's breaker."""

    @property
    def client(self):
        return GuardedClient(super().client)
