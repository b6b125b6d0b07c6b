"""The SMS providers a salon can use, each in its own folder, and the registry that knows them.

Each provider's folder (``twilio``, ``aliyun``, ``tencent``, ``console``) holds its API client,
its error table, how it pushes or posts replies and receipts, and a ``ProviderKind`` saying what
it can do. Services ask ``kind_of(salon.provider)`` — free text or approved templates, whether it
needs a sender number, what it pushes — and never test a provider's name. ``Providers`` builds
one client of each kind a process needs, on first use, from the settings — so a deployment with
a Shanghai salon on Alibaba Cloud and a Hong Kong salon on Twilio needs both accounts, and one
with neither needs none. A kind whose settings are missing is refused with a message naming
them (``ProviderNotConfigured``), never a traceback.

Adding a provider: its folder, one line in ``KINDS`` below, and its page in the docs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Final, TypeGuard, cast

from gateway.config import Settings
from gateway.providers import aliyun, console, tencent, twilio
from gateway.providers.base import (
    FailureKind,
    ProviderError,
    ProviderKind,
    SendResult,
    Settlement,
    SmsProvider,
    TemplateProvider,
)
from gateway.providers.console.client import ConsoleProvider

if TYPE_CHECKING:
    from flask import Flask

__all__ = [
    "KINDS",
    "LOCAL_PROVIDER",
    "PROVIDER_KINDS",
    "TEMPLATE_PROVIDERS",
    "ConsoleProvider",
    "FailureKind",
    "ProviderError",
    "ProviderKind",
    "ProviderNotConfigured",
    "Providers",
    "SendResult",
    "Settlement",
    "SmsProvider",
    "TemplateProvider",
    "init_app",
    "kind_of",
    "provider_kind",
    "sends_templates",
]

#: Every provider, by what ``Salon.provider`` says.
KINDS: Final[Mapping[str, ProviderKind]] = {
    kind.name: kind for kind in (twilio.KIND, aliyun.KIND, tencent.KIND, console.KIND)
}
#: The provider of a run with none chosen (SMS_PROVIDER's default): texts go to the log.
LOCAL_PROVIDER: Final = console.KIND.name
#: What ``Salon.provider`` may be.
PROVIDER_KINDS: Final = tuple(KINDS)
#: Providers that send approved templates under a sign name (for queries over many salons).
TEMPLATE_PROVIDERS: Final = frozenset(name for name, kind in KINDS.items() if kind.sends_templates)


def kind_of(name: str) -> ProviderKind:
    """What the provider ``name`` is and can do; ValueError for a name no provider has."""
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"{name!r} is not one of: {', '.join(PROVIDER_KINDS)}") from None


def provider_kind(salon_provider: str | None, deployment_provider: str) -> str:
    """The provider a salon's texts go through: its own, else the deployment's SMS_PROVIDER
    (salons made before providers were chosen). The sender and the services that must refuse
    what that provider cannot carry both decide it here."""
    return salon_provider or deployment_provider


def init_app(app: Flask) -> None:
    """The routes providers call: Twilio's webhooks, and the pushes of the others."""
    from gateway.providers import push_routes
    from gateway.providers.twilio import webhooks

    app.register_blueprint(webhooks.bp)
    app.register_blueprint(push_routes.bp)


class ProviderNotConfigured(Exception):
    """The deployment lacks the settings this provider needs; the message names them."""


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
        if kind is None and sends_templates(self._settings.sms_provider):
            raise ProviderNotConfigured(
                f"SMS_PROVIDER={self._settings.sms_provider} sends approved templates: give "
                "the salon its own provider (salon update --provider, --sign-name)"
            )
        if kind is not None and sends_templates(kind):
            raise ValueError(f"{kind!r} sends templates, not text")
        return cast(SmsProvider, self._get(kind or self._settings.sms_provider))

    def template(self, kind: str) -> TemplateProvider:
        """Alibaba Cloud or Tencent Cloud."""
        if not sends_templates(kind):
            raise ValueError(f"{kind!r} does not send templates")
        return cast(TemplateProvider, self._get(kind))

    def problem(self, kind: str | None) -> str | None:
        """Why ``kind`` (None: SMS_PROVIDER) cannot send from this deployment, or None."""
        if kind is None:
            return self.default_problem()
        if self._text_provider is not None and not sends_templates(kind):
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
        if self._text_provider is not None and not sends_templates(kind):
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
        try:
            return kind_of(kind).build(self._settings, self._clock)
        except ValueError as exc:
            raise ProviderNotConfigured(str(exc)) from None


def sends_templates(name: str | None) -> TypeGuard[str]:
    """Whether ``name`` sends approved templates (False for None or an unknown name)."""
    return name is not None and name in KINDS and KINDS[name].sends_templates
