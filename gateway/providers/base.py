"""What every SMS provider is to the rest of the service: what it can do (``ProviderKind``), the
interfaces it sends through, and the values it hands back.

Services ask a provider's ``ProviderKind`` (free text or approved templates, whether it needs a
sender number, what it pushes) and never test its name. Providers that push delivery receipts
and customers' replies (Alibaba Cloud, Tencent Cloud) turn them into the provider-neutral
``DeliveryReport`` and ``InboundSms`` below, and their error tables into a ``FailureKind``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

if TYPE_CHECKING:
    from gateway.config import Settings


@dataclass(frozen=True, slots=True)
class SendResult:
    """What the provider said when it accepted a message."""

    provider: str
    sid: str
    #: The provider's own status word (queued, accepted, sent …), recorded as it is.
    status: str
    #: Billed parts, where the provider says so at sending time (Tencent's ``Fee``).
    fee: int | None = None


class FailureKind(StrEnum):
    """What a refused or unanswered send means for the text and the salon."""

    #: This number will not get this text (invalid number, content refused): no retry.
    FAILED = "failed"
    #: Nothing was sent (connection refused, service briefly unavailable): try again soon.
    RETRY = "retry"
    #: Flow control: nothing was sent; try again after ``retry_after``.
    DEFER = "defer"
    #: The account cannot send (balance, arrears, suspended, credentials): hold the salon's texts.
    HOLD_ACCOUNT = "hold_account"
    #: The signature or template is not approved or does not match: hold until it is fixed.
    HOLD_CONFIG = "hold_config"
    #: The number is on the provider's or carrier's blacklist: opt the customer out.
    OPT_OUT = "opt_out"
    #: The text may or may not have been sent: settle it by receipt or query, never re-send blindly.
    UNCERTAIN = "uncertain"


#: Kinds where sending the same text again later is the right thing to do.
RETRYABLE_KINDS = frozenset({FailureKind.RETRY, FailureKind.DEFER})


class ProviderError(Exception):
    """The provider did not accept a message.

    ``kind`` says what it means (see ``FailureKind``); ``retryable`` — kept for callers that only
    need to know whether trying again later can help — follows from it. Callers that do not name
    a kind pass ``retryable`` alone, which reads as RETRY or FAILED. ``retry_after`` is how long a
    DEFER lasts, as the provider's error names it.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        retryable: bool | None = None,
        kind: FailureKind | None = None,
        retry_after: timedelta | None = None,
    ) -> None:
        super().__init__(message)
        if kind is None:
            if retryable is None:
                raise TypeError("ProviderError needs a kind or retryable")
            kind = FailureKind.RETRY if retryable else FailureKind.FAILED
        elif retryable is not None and retryable != (kind in RETRYABLE_KINDS):
            raise ValueError(f"retryable={retryable} contradicts kind={kind}")
        self.code = code
        self.kind = kind
        self.retryable = kind in RETRYABLE_KINDS
        self.retry_after = retry_after


class SmsProvider(Protocol):
    name: str

    def send(self, *, to: str, sender: str, body: str, callback: str | None) -> SendResult:
        """Hand one SMS to the provider; ``callback`` is the delivery-status URL, if any."""
        ...


class Settlement(StrEnum):
    """What the provider says became of a text whose sending was uncertain."""

    DELIVERED = "delivered"
    FAILED = "failed"
    #: The provider has no record of it (yet): ask again later, or give up after a while.
    UNKNOWN = "unknown"


class TemplateProvider(Protocol):
    """A provider that sends approved templates under a sign name, and can be asked what became
    of a text whose sending was uncertain."""

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

    def settle(
        self, *, to: str, reference: str, sent_at: datetime, until: datetime | None = None
    ) -> Settlement:
        """What became of our text ``reference`` to ``to``, handed over at ``sent_at``."""
        ...


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """A provider's receipt for one text to one number."""

    provider: str
    #: The provider's id of the text (Aliyun BizId, Tencent SerialNo / sid), when given.
    sid: str | None
    #: Our message id as echoed back (Aliyun OutId, Tencent SessionContext / ext), when given.
    reference: str | None
    delivered: bool
    #: The carrier's or provider's status code (DELIVERED, DELIVRD, MK:0001 …).
    error_code: str | None
    #: E.164.
    phone: str | None
    #: When the handset got it (or the provider gave up), aware UTC.
    at: datetime | None
    #: Something in the record that was read leniently (a time in no documented form).
    note: str | None = None


@dataclass(frozen=True, slots=True)
class InboundSms:
    """A customer's reply as a provider pushed it."""

    provider: str
    #: Stable across the provider's retries of the same push: the key that stores it once.
    dedupe_id: str
    #: E.164.
    phone: str
    text: str
    #: Aware UTC, when the provider says.
    received_at: datetime | None
    sign_name: str | None
    #: The extension code the customer replied to (Aliyun dest_code, Tencent extend).
    extend_code: str | None
    #: Something in the record that was read leniently (a time in no documented form).
    note: str | None = None


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RecordProblem:
    """A record of a push that could not be read: where it was in the batch, why, and the
    record itself as JSON text (control characters escaped, so any database can keep it)."""

    position: int
    reason: str
    record: str


@dataclass(frozen=True, slots=True)
class Parsed(Generic[T]):
    """The records of one push that could be read, and those that could not."""

    items: tuple[T, ...]
    problems: tuple[RecordProblem, ...] = ()
    #: Where each of ``items`` was in the batch, from 0.
    positions: tuple[int, ...] = ()

    @property
    def skipped(self) -> int:
        return len(self.problems)


class MalformedPush(ValueError):
    """The push as a whole is not the shape the provider documents (not JSON, not an array …)."""


@dataclass(frozen=True, slots=True)
class PushUrl:
    """One URL a provider pushes to: how its body is read, and whether it carries replies."""

    parse: Callable[[object], Parsed[Any]]
    replies: bool
    #: Whether the documents show the body as a JSON array (else one object, or an array).
    array_only: bool = True


@dataclass(frozen=True, slots=True)
class SampleReply:
    """A customer's reply as the provider would push it (``simulate-push``, ``make reply``)."""

    url: str
    payload: object


@dataclass(frozen=True, slots=True)
class Pushes:
    """What a provider that pushes replies and receipts to ``/sms/<name>/<token>/<url>``
    documents: its URLs, and the answers its console and its pushes expect."""

    urls: Mapping[str, PushUrl]
    #: The answer to a push we kept (the provider stops retrying it).
    accepted: Mapping[str, object]
    #: The answer to the console's URL check (a GET or HEAD).
    url_check: Mapping[str, object]
    #: The answer to a push we could not read or keep (with a 4xx or 5xx status).
    refused: Mapping[str, object]
    #: ``(national number, text, sign name, extend code, now)`` → the push of one reply.
    sample_reply: Callable[[str, str, str, str, datetime], SampleReply]


@dataclass(frozen=True, slots=True)
class ProviderKind:
    """What a provider is and can do. Services ask this, never the provider's name; adding a
    provider is its folder, one entry in the registry (``gateway.providers``) and its docs."""

    #: What ``Salon.provider`` says.
    name: str
    #: How people call it (logs, the console, errors).
    label: str
    #: Approved templates under a sign name (mainland China), not free text.
    sends_templates: bool
    #: Builds the client from the deployment's settings; raises ValueError naming what is missing.
    build: Callable[[Settings, Callable[[], datetime]], object]
    #: Texts go from a number the salon owns (Twilio), which must be set before it can send.
    needs_sender_number: bool = False
    #: Replies and receipts come as pushes (else through the provider's own webhooks).
    pushes: Pushes | None = field(default=None)
