"""SMS providers behind one interface, chosen by the SMS_PROVIDER setting.

Adding a provider (Aliyun, Tencent Cloud …) is a new module here plus one line in
``build_provider``; services and jobs never know which one is in use.
"""

from __future__ import annotations

from gateway.config import Settings
from gateway.providers.base import ProviderError, SendResult, SmsProvider
from gateway.providers.console import ConsoleProvider
from gateway.providers.recording import RecordingProvider

__all__ = [
    "ProviderError",
    "SendResult",
    "SmsProvider",
    "build_provider",
    "ConsoleProvider",
    "RecordingProvider",
]


def build_provider(settings: Settings) -> SmsProvider:
    if settings.sms_provider == "console":
        return ConsoleProvider()
    if settings.sms_provider == "twilio":
        # Imported here so that only deployments that send through Twilio load its SDK.
        from gateway.providers.twilio import TwilioProvider

        return TwilioProvider(
            account_sid=settings.twilio_account_sid,
            auth_token=settings.twilio_auth_token,
            api_url=settings.twilio_api_url or None,
        )
    if settings.sms_provider == "recording":
        return RecordingProvider()
    raise ValueError(
        f"SMS_PROVIDER={settings.sms_provider!r} is not one of: console, twilio, recording"
    )
