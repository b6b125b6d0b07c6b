"""Tencent Cloud SMS: approved templates under a registered sign name, for mainland China (and,
with international templates, elsewhere). ``client`` sends and settles through the official SDK
and holds the error table; ``pushes`` reads the replies and receipts it pushes to us."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from gateway.providers.base import ProviderKind, Pushes, PushUrl
from gateway.providers.tencent import pushes

if TYPE_CHECKING:
    from gateway.config import Settings


def _build(settings: Settings, clock: Callable[[], datetime]) -> object:
    # Imported here so that only deployments with a salon on Tencent Cloud load its SDK.
    from gateway.providers.tencent.client import TencentSms

    return TencentSms(
        secret_id=settings.tencent_secret_id,
        secret_key=settings.tencent_secret_key,
        app_id=settings.tencent_sms_app_id,
        endpoint=settings.tencent_sms_endpoint or None,
        clock=clock,
        extend_codes=settings.tencent_sms_extend_code,
    )


KIND = ProviderKind(
    name="tencent",
    label="Tencent Cloud SMS",
    sends_templates=True,
    build=_build,
    pushes=Pushes(
        # A reply is pushed as one object (an array of them is read too).
        urls={
            "reply": PushUrl(pushes.parse_reply, replies=True, array_only=False),
            "report": PushUrl(pushes.parse_receipts, replies=False),
        },
        accepted=pushes.PUSH_ANSWER,
        # Tencent's console documents no URL check; a GET gets the answer a push gets.
        url_check=pushes.PUSH_ANSWER,
        refused=pushes.REFUSAL,
        sample_reply=pushes.sample_reply,
    ),
)
