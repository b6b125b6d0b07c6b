"""Errors a use case raises for requests it refuses."""

from __future__ import annotations

from collections.abc import Mapping


class ServiceError(Exception):
    """A request the service refuses; ``code`` is stable for API clients.

    ``message`` is the API's English sentence (CRM developers rely on it, unchanged). A refusal
    staff can meet in the console also carries ``reason``, a stable key, and the ``values`` its
    sentence needs, so that the console says it in the staff member's own language rather than
    in the API's English (``gateway.staff.refusals``)."""

    code = "invalid_request"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        reason: str | None = None,
        values: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.reason = reason
        self.values: dict[str, object] = dict(values or {})


class Conflict(ServiceError):
    code = "conflict"
