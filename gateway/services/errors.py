"""Errors a use case raises for requests it refuses."""

from __future__ import annotations


class ServiceError(Exception):
    """A request the service refuses; ``code`` is stable for API clients."""

    code = "invalid_request"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Conflict(ServiceError):
    code = "conflict"
