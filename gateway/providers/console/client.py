"""Prints each SMS to the worker log instead of sending it: the default for local runs."""

from __future__ import annotations

import logging
import uuid

from gateway.providers.base import SendResult

log = logging.getLogger("gateway.sms.console")


class ConsoleProvider:
    name = "console"

    def send(self, *, to: str, sender: str, body: str, callback: str | None) -> SendResult:
        sid = f"CONSOLE{uuid.uuid4().hex}"
        # The whole number is shown on purpose: this provider only runs on a developer's machine.
        log.info("SMS %s → %s (%s):\n%s", sender, to, sid, body)
        return SendResult(provider=self.name, sid=sid, status="sent")
