"""A stand-in SMS provider for tests: keeps every SMS in memory instead of sending it, so
tests can read what customers got. Apps take it as ``sms_provider_instance``."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field

from gateway.providers.base import ProviderError, SendResult


@dataclass(frozen=True, slots=True)
class SentSms:
    to: str
    sender: str
    body: str
    callback: str | None
    sid: str


@dataclass
class RecordingProvider:
    name: str = "recording"
    sent: list[SentSms] = field(default_factory=list)
    #: Errors to raise, in order, before sending succeeds again (tests of retries).
    failures: list[ProviderError] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def send(self, *, to: str, sender: str, body: str, callback: str | None) -> SendResult:
        with self._lock:
            if self.failures:
                raise self.failures.pop(0)
            # Standing in for Twilio, it hands out sids in Twilio's form, which its callbacks check.
            sid = f"SM{uuid.uuid4().hex}" if self.name == "twilio" else f"REC{uuid.uuid4().hex}"
            self.sent.append(SentSms(to, sender, body, callback, sid))
        return SendResult(provider=self.name, sid=sid, status="sent")
