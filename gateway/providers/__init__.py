"""SMS providers behind one interface; each salon names its own (``Salon.provider``).

Text providers (Twilio, the console) take the body; template providers (Alibaba Cloud, Tencent
Cloud) take an approved template's code and its values. ``Providers`` builds one of each kind a
process needs, on first use, from the settings — so a deployment with a Shanghai salon on Alibaba
Cloud and a Hong Kong salon on Twilio needs both accounts, and one with neither needs none. A
kind whose settings are missing is refused with a message naming them (``ProviderNotConfigured``),
never a traceback.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Final, Protocol, cast

from gateway.config import Settings
from gateway.providers.base import (
    FailureKind,
    ProviderError,
    SendResult,
    Settlement,
    SmsProvider,
)
from gateway.providers.console import ConsoleProvider

__all__ = [
    "PROVIDER_KINDS",
    "TEMPLATE_PROVIDERS",
    "ConsoleProvider",
    "FailureKind",
    "ProviderError",
    "ProviderNotConfigured",
    "Providers",
    "SendResult",
    "Settlement",
    "SmsProvider",
    "TemplateProvider",
    "build_provider",
    "provider_kind",
]

#: What ``Salon.provider`` may be.
PROVIDER_KINDS: Final = ("twilio", "aliyun", "tencent", "console")
#: Providers that send approved templates under a sign name, not free text.
TEMPLATE_PROVIDERS: Final = frozenset({"aliyun", "tencent"})


def provider_kind(salon_provider: str | None, deployment_provider: str) -> str:
    """The provider a salon's texts go through: its own, else the deployment's SMS_PROVIDER
    (salons made before providers were chosen). The sender and the services that must refuse
    what that provider cannot carry both decide it here."""
    return salon_provider or deployment_provider


class ProviderNotConfigured(Exception):
    """The deployment lacks the settings this provider needs; the message names them."""


class TemplateProvider(Protocol):
    name: str

    def send_template(
        self,
        *,
        to: str,
        sign_name: str,
        template_code: str,
        params: Sequence[tuple[str, str]],
        extend_code: str | None,
        reference: str,
    ) -> SendResult: ...


def build_provider(settings: Settings, kind: str | None = None) -> SmsProvider:
    """The text provider ``kind`` (default: SMS_PROVIDER): console or twilio."""
    kind = kind or settings.sms_provider
    if kind == "console":
        return ConsoleProvider()
    if kind == "twilio":
        # Imported here so that only deployments that send through Twilio load its SDK.
        from gateway.providers.twilio import TwilioProvider

        return TwilioProvider(
            account_sid=settings.twilio_account_sid,
            auth_token=settings.twilio_auth_token,
            api_url=settings.twilio_api_url or None,
        )
    raise ValueError(f"{kind!r} is not a text provider (console, twilio)")


class Providers:
    """One provider object per kind and thread, built when first needed: a worker calls the
    provider from a few threads at once, and the SDKs' clients (their HTTP sessions, their
    per-request state) are not documented as safe to share between threads.

    ``text_provider`` (tests) stands in for Twilio and the console.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Callable[[], datetime],
        text_provider: SmsProvider | None = None,
    ) -> None:
        self._settings = settings
        self._clock = clock
        self._text_provider = text_provider
        self._local = threading.local()

    def text(self, kind: str | None) -> SmsProvider:
        """Twilio or the console (or the stand-in given); None is SMS_PROVIDER."""
        if self._text_provider is not None:
            return self._text_provider
        if kind is None and provider_kind(kind, self._settings.sms_provider) in TEMPLATE_PROVIDERS:
            raise ProviderNotConfigured(
                f"SMS_PROVIDER={self._settings.sms_provider} sends approved templates: give "
                "the salon its own provider (salon update --provider, --sign-name)"
            )
        if kind in TEMPLATE_PROVIDERS:
            raise ValueError(f"{kind!r} sends templates, not text")
        return cast(SmsProvider, self._get(kind or self._settings.sms_provider))

    def template(self, kind: str) -> TemplateProvider:
        """Alibaba Cloud or Tencent Cloud."""
        if kind not in TEMPLATE_PROVIDERS:
            raise ValueError(f"{kind!r} does not send templates")
        return cast(TemplateProvider, self._get(kind))

    def problem(self, kind: str | None) -> str | None:
        """Why ``kind`` (None: SMS_PROVIDER) cannot send from this deployment, or None."""
        if kind is None:
            return self.default_problem()
        if kind in ("twilio", "console") and self._text_provider is not None:
            return None
        try:
            self._get(kind)
        except ProviderNotConfigured as exc:
            return str(exc)
        return None

    def default_problem(self) -> str | None:
        """Why SMS_PROVIDER (a new salon's provider) cannot send, or None when it can."""
        kind = self._settings.sms_provider
        if kind not in PROVIDER_KINDS:
            return f"SMS_PROVIDER={kind!r} is not one of: {', '.join(PROVIDER_KINDS)}"
        if kind in ("twilio", "console") and self._text_provider:
            return None
        problem = self.problem(kind)
        return f"SMS_PROVIDER={kind}: {problem}" if problem else None

    def _get(self, kind: str) -> object:
        built: dict[str, object] | None = getattr(self._local, "built", None)
        if built is None:
            built = self._local.built = {}
        if kind not in built:
            built[kind] = self._build(kind)
        return built[kind]

    def _build(self, kind: str) -> object:
        settings = self._settings
        try:
            if kind == "aliyun":
                from gateway.providers.aliyun import AliyunSms

                return AliyunSms(
                    access_key_id=settings.aliyun_access_key_id,
                    access_key_secret=settings.aliyun_access_key_secret,
                    endpoint=settings.aliyun_sms_endpoint or None,
                    clock=self._clock,
                )
            if kind == "tencent":
                from gateway.providers.tencent import TencentSms

                return TencentSms(
                    secret_id=settings.tencent_secret_id,
                    secret_key=settings.tencent_secret_key,
                    app_id=settings.tencent_sms_app_id,
                    endpoint=settings.tencent_sms_endpoint or None,
                    clock=self._clock,
                    extend_codes=settings.tencent_sms_extend_code,
                )
            if kind not in PROVIDER_KINDS:
                raise ValueError(f"{kind!r} is not one of: {', '.join(PROVIDER_KINDS)}")
            return build_provider(settings, kind)
        except ValueError as exc:
            raise ProviderNotConfigured(str(exc)) from None
