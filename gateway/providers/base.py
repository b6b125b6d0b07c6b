"""The one interface every SMS provider implements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class SendResult:
    """What the provider said when it accepted a message."""

    provider: str
    sid: str
    #: The provider's own status word (queued, accepted, sent …), recorded as it is.
    status: str


class ProviderError(Exception):
    """The provider did not accept a message.

    ``retryable`` says whether trying again later can help (rate limits, outages) or not (an
    invalid or unreachable number); the job retries only the former.
    """

    def __init__(self, message: str, *, code: str | None = None, retryable: bool) -> None:
        super().__init__(message)
        self.code = code
        self.retryable = retryable


class SmsProvider(Protocol):
    name: str

    def send(self, *, to: str, sender: str, body: str, callback: str | None) -> SendResult:
        """Hand one SMS to the provider; ``callback`` is the delivery-status URL, if any."""
        ...
