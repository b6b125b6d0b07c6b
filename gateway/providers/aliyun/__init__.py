"""Alibaba Cloud SMS (dysmsapi): approved templates under a registered sign name, for mainland
China. ``client`` sends and settles through the official SDK and holds the error table;
``pushes`` reads the replies (SmsUp) and receipts (SmsReport) it pushes to us."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from gateway.providers.aliyun import pushes
from gateway.providers.base import ProviderKind, Pushes, PushUrl

if TYPE_CHECKING:
    from gateway.config import Settings


def _build(settings: Settings, clock: Callable[[], datetime]) -> object:
    # Imported here so that only deployments with a salon on Alibaba Cloud load its SDK.
    from gateway.providers.aliyun.client import AliyunSms

    return AliyunSms(
        access_key_id=settings.aliyun_access_key_id,
        access_key_secret=settings.aliyun_access_key_secret,
        endpoint=settings.aliyun_sms_endpoint or None,
        clock=clock,
    )


KIND = ProviderKind(
    name="aliyun",
    label="Alibaba Cloud SMS",
    sends_templates=True,
    build=_build,
    pushes=Pushes(
        urls={
            "up": PushUrl(pushes.parse_sms_up, replies=True),
            "report": PushUrl(pushes.parse_sms_report, replies=False),
        },
        accepted=pushes.PUSH_ANSWER,
        url_check=pushes.URL_CHECK_ANSWER,
        refused=pushes.REFUSAL,
        sample_reply=pushes.sample_reply,
    ),
)
