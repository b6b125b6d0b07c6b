"""The stand-in ``make run`` starts when ``SMS_PROVIDER`` names Alibaba Cloud or Tencent Cloud and
the deployment has no account there: the same stand-in the tests drive, on a loopback port, with
made-up credentials handed to the service's processes, so the China loop runs on a laptop.

It knows the template codes recorded in the database (the demo records one per template,
``SMS_LOCAL_…`` / ``LOCAL_…``; codes recorded later are read when first used), accepts any sign
name, and logs every SDK request, its answer, and the text as the customer would read it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Final, TypeVar
from urllib.parse import parse_qsl, urlsplit

from sqlalchemy.orm import Session

from gateway import sms_text
from gateway.config import Settings
from gateway.db import Database
from gateway.domain.provider_templates import fill
from gateway.domain.wording import SUPPORTED_LOCALES
from gateway.models import Salon
from gateway.providers import kind_of
from gateway.providers.china import CHINA_TZ
from gateway.providers.standins.aliyun import AliyunStub
from gateway.providers.standins.server import AnswerPlan, StubServer
from gateway.providers.standins.tencent import TencentStub
from gateway.services.salons.providers import configure_provider
from gateway.services.sending.template_codes import recorded_codes, set_code

log = logging.getLogger("gateway.sms.standin")

#: The providers a stand-in can replace.
KINDS: Final = ("aliyun", "tencent")
#: The sign name the demo salon registers (any other is accepted too).
DEMO_SIGN_NAME: Final = "丝绒发型"

T = TypeVar("T")


def needed(settings: Settings) -> str | None:
    """The provider a local run must stand in for: SMS_PROVIDER's, when it is Alibaba Cloud or
    Tencent Cloud and this deployment has neither its credentials nor an endpoint of its own."""
    kind = settings.sms_provider
    account: tuple[str, ...]
    if kind == "aliyun" and not settings.aliyun_sms_endpoint:
        account = (settings.aliyun_access_key_id, settings.aliyun_access_key_secret)
    elif kind == "tencent" and not settings.tencent_sms_endpoint:
        account = (
            settings.tencent_secret_id,
            settings.tencent_secret_key,
            settings.tencent_sms_app_id,
        )
    else:
        return None
    return None if all(account) else kind


def code_for(provider: str, locale: str, name: str) -> str:
    """The stand-in's code for template ``locale/name``: readable, and never a real one."""
    return f"{'SMS_' if provider == 'aliyun' else ''}LOCAL_{locale}_{name}"


def codes(provider: str) -> list[tuple[str, str, str]]:
    """(locale, name, code) of every template the stand-in approves."""
    return [
        (locale, name, code_for(provider, locale, name))
        for locale in SUPPORTED_LOCALES
        for name in sms_text.SUBMITTED_TEMPLATE_NAMES
    ]


def prepare_demo(session: Session, salon: Salon, provider: str) -> None:
    """Put the demo salon on ``provider`` with the stand-in's code for every template that has
    none (a code the engineer recorded is kept)."""
    now = datetime.now(UTC)
    recorded = recorded_codes(session, provider)
    for locale, name, code in codes(provider):
        if (locale, name, False) not in recorded:
            set_code(session, provider=provider, locale=locale, name=name, code=code, now=now)
    if salon.provider != provider or not salon.sign_name:
        configure_provider(
            session, salon, provider=provider, sign_name=salon.sign_name or DEMO_SIGN_NAME
        )


def environment(stub: AliyunStub | TencentStub) -> dict[str, str]:
    """The settings that point the service's processes at ``stub``."""
    if isinstance(stub, AliyunStub):
        return {
            "ALIYUN_ACCESS_KEY_ID": stub.access_key_id,
            "ALIYUN_ACCESS_KEY_SECRET": stub.access_key_secret,
            "ALIYUN_SMS_ENDPOINT": stub.endpoint,
        }
    return {
        "TENCENT_SECRET_ID": stub.secret_id,
        "TENCENT_SECRET_KEY": stub.secret_key,
        "TENCENT_SMS_APP_ID": stub.app_id,
        "TENCENT_SMS_ENDPOINT": stub.endpoint,
    }


@contextmanager
def running(kind: str, db: Database, settings: Settings) -> Iterator[dict[str, str]]:
    """Run the stand-in for ``kind``; yields the settings that reach it."""
    texts = _Recorded(lambda: _texts(db, kind))
    stub: AliyunStub | TencentStub
    if kind == "aliyun":
        stub = _LocalAliyun(texts)
    else:
        personal = settings.tencent_sms_personal_account
        stub = _LocalTencent(texts, value_limit=12 if personal else None)
    with stub:
        log.info("%s stand-in on %s (no account needed)", kind_of(kind).label, stub.endpoint)
        yield environment(stub)


class _AnySignName:
    """Every sign name is registered at the stand-in."""

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and bool(name)


class _Recorded(Mapping[str, T]):
    """The recorded codes, read again when a code is not known yet (recorded while running)."""

    def __init__(self, load: Callable[[], dict[str, T]]) -> None:
        self._load = load
        self._known: dict[str, T] = {}

    def __getitem__(self, code: str) -> T:
        if code not in self._known:
            self._known = self._load()
        return self._known[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._known)

    def __len__(self) -> int:
        return len(self._known)


def _texts(db: Database, provider: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """code → (template text, its variables in order) for every code recorded for ``provider``."""
    with db.transaction() as session:
        recorded = recorded_codes(session, provider)
    return {
        code: (sms_text.template_text(name, locale), sms_text.variables(name, locale))
        for (locale, name, _), code in recorded.items()
    }


def _announce(
    stub: StubServer,
    action: str,
    params: Mapping[str, object],
    answer: bytes,
    reads: str | None,
) -> None:
    # Whole numbers and texts are shown on purpose, as the console provider does: the stand-in
    # runs only on a developer's machine, where seeing the exact request is the point.
    log.info(
        "%s %s request: %s\n  answer: %s%s",
        type(stub).__name__.removeprefix("_Local"),
        action,
        json.dumps(params, ensure_ascii=False),
        answer.decode(errors="replace"),
        f"\n  the customer reads: {reads}" if reads else "",
    )


class _LocalAliyun(AliyunStub):
    def __init__(self, texts: Mapping[str, tuple[str, tuple[str, ...]]]) -> None:
        variables = _Variables(texts)
        super().__init__(templates=variables, sign_names=_AnySignName())
        self._texts = texts

    def handle(
        self, method: str, path: str, headers: dict[str, str], body: bytes, plan: AnswerPlan
    ) -> tuple[int, str, bytes]:
        # Texts sent now are the provider's today (China's date), for QuerySendDetails.
        self.send_date = datetime.now(CHINA_TZ).date()
        return super().handle(method, path, headers, body, plan)

    def announce(
        self, method: str, path: str, headers: dict[str, str], body: bytes, answer: bytes
    ) -> None:
        params = dict(parse_qsl(urlsplit(path).query, keep_blank_values=True))
        action = {k.lower(): v for k, v in headers.items()}.get("x-acs-action", "?")
        reads = None
        if action == "SendSms" and b'"OK"' in answer:
            text, _ = self._texts[params.get("TemplateCode", "")]
            values = json.loads(params.get("TemplateParam") or "{}")
            reads = f"【{params.get('SignName')}】{fill(text, values)}"
        _announce(self, action, params, answer, reads)


class _LocalTencent(TencentStub):
    def __init__(
        self, texts: Mapping[str, tuple[str, tuple[str, ...]]], *, value_limit: int | None
    ) -> None:
        super().__init__(
            templates=_Counts(texts), sign_names=_AnySignName(), value_limit=value_limit
        )
        self.echo_session_context = False  # as until Tencent's support enables it
        self._texts = texts

    def handle(
        self, method: str, path: str, headers: dict[str, str], body: bytes, plan: AnswerPlan
    ) -> tuple[int, str, bytes]:
        self.now = datetime.now(UTC)  # the provider's time for receipts of texts sent now
        return super().handle(method, path, headers, body, plan)

    def announce(
        self, method: str, path: str, headers: dict[str, str], body: bytes, answer: bytes
    ) -> None:
        try:
            params = json.loads(body or b"{}")
        except ValueError:
            params = {"body": body.decode(errors="replace")}
        action = {k.lower(): v for k, v in headers.items()}.get("x-tc-action", "?")
        reads = None
        if action == "SendSms" and b'"Code": "Ok"' in answer:
            text, names = self._texts[str(params.get("TemplateId"))]
            values = dict(zip(names, params.get("TemplateParamSet") or [], strict=False))
            sign = params.get("SignName")
            reads = f"【{sign}】{fill(text, values)}" if sign else fill(text, values)
        _announce(self, action, params, answer, reads)


class _Variables(Mapping[str, tuple[str, ...]]):
    """Alibaba Cloud's view of the codes: each template's variable names."""

    def __init__(self, texts: Mapping[str, tuple[str, tuple[str, ...]]]) -> None:
        self._texts = texts

    def __getitem__(self, code: str) -> tuple[str, ...]:
        return self._texts[code][1]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)


class _Counts(Mapping[str, int]):
    """Tencent Cloud's view of the codes: how many values each template takes."""

    def __init__(self, texts: Mapping[str, tuple[str, tuple[str, ...]]]) -> None:
        self._texts = texts

    def __getitem__(self, code: str) -> int:
        return len(self._texts[code][1])

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)
