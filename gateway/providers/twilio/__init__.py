"""Twilio: free text from a number the salon owns, for salons outside mainland China.
``client`` sends through the official SDK and checks its signatures; ``webhooks`` takes the
replies and status callbacks Twilio posts to us."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from gateway.providers.base import ProviderKind

if TYPE_CHECKING:
    from gateway.config import Settings


def _build(settings: Settings, clock: Callable[[], datetime]) -> object:
    # Imported here so that only deployments that send through Twilio load its SDK.
    from gateway.providers.twilio.client import TwilioProvider

    return TwilioProvider(
        account_sid=settings.twilio_account_sid,
        auth_token=settings.twilio_auth_token,
        api_url=settings.twilio_api_url or None,
    )


KIND = ProviderKind(
    name="twilio", label="Twilio", sends_templates=False, build=_build, needs_sender_number=True
)
