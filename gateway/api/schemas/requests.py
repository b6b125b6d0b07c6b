"""One pydantic model per request shape: it validates the request, and the OpenAPI document is
generated from it (``gateway.api.openapi``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, ClassVar, Final, TypeVar

from flask import request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gateway.api.errors import ApiError, from_validation
from gateway.api.schemas.fields import (
    APPOINTMENT_STATUSES,
    DURATION_DEFAULT,
    PAGE_SIZE,
    AnswerIntent,
    AnswerTemplate,
    AnswerText,
    AnswerValues,
    AppointmentCursor,
    DeliveryCursor,
    Duration,
    ExternalId,
    Flag,
    InboxCursor,
    Limit,
    Locale,
    NewDuration,
    NewStartsAt,
    Phone,
    QueryFlag,
    QueryTime,
    StaffStatus,
    StartsAt,
    Text,
    choices_schema,
    each_one_of,
)
from gateway.api.schemas.salon_fields import (
    Address,
    BirthdayOffersSetting,
    Currency,
    DailyCap,
    DisplayNames,
    EventTypes,
    ExtendCode,
    MarketingBudget,
    MarketingPace,
    MaxPer30Days,
    Name,
    OfferNotice,
    OptionalFlag,
    Price,
    Provider,
    QuietHours,
    ReminderOffsets,
    SalonLocale,
    SenderNumber,
    SignName,
    SurveyDelay,
    SurveyInterval,
    Timezone,
    WebhookSecret,
    WebhookUrl,
)
from gateway.api.schemas.salon_fields import Flag as SalonFlag
from gateway.domain.lifecycle import AppointmentStatus
from gateway.models import CrmDeliveryStatus
from gateway.services import Booking, StaffEdit
from gateway.services.appointments.staff_edits import KEEP
from gateway.services.crm.events import EVENT_TYPES
from gateway.services.salons.settings import SalonChange

#: Stats without from/to: the last 30 days and the next 30, so upcoming bookings count too.
DEFAULT_REACH: Final = timedelta(days=30)
#: A longer window is refused: a year is what a salon compares, and it bounds the work.
MAX_WINDOW: Final = timedelta(days=366)
DELIVERY_STATUSES = [
    CrmDeliveryStatus.PENDING,
    CrmDeliveryStatus.DELIVERED,
    CrmDeliveryStatus.FAILED,
]


class Body(BaseModel):
    """A JSON body: fields it does not know, read-only ones included, are refused by name."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NewCustomer(Body):
    phone: Phone
    name: Text = None
    locale: Locale = Field(None, description="language of this customer's texts")


class NewAppointment(Body):
    """``POST /appointments``: create or update (upsert by external_id)."""

    external_id: ExternalId
    customer: NewCustomer
    service: Text = None
    stylist: Text = None
    starts_at: StartsAt
    duration_minutes: Duration = DURATION_DEFAULT
    send_confirmation: Flag = Field(True, description="queue the confirmation request")

    def booking(self) -> Booking:
        return Booking(
            external_id=self.external_id,
            phone=self.customer.phone,
            customer_name=self.customer.name,
            customer_locale=self.customer.locale,
            service=self.service,
            stylist=self.stylist,
            starts_at=self.starts_at,
            duration_minutes=self.duration_minutes,
            send_confirmation=self.send_confirmation,
        )


class AppointmentChange(Body):
    """``PATCH /appointments/{external_id}``: only what is sent changes."""

    # A new time starts the appointment over as unconfirmed; a status says what happened.
    model_config = ConfigDict(json_schema_extra={"not": {"required": ["starts_at", "status"]}})

    starts_at: NewStartsAt = Field(None, description="a new time reschedules the appointment")
    service: Text = None
    stylist: Text = None
    duration_minutes: NewDuration = None
    status: StaffStatus = Field(None, description="what happened")
    notify: Flag = Field(
        True,
        description="text the customer: a new request after a new time, the salon's "
        "cancellation after status cancelled",
    )

    def staff_edit(self) -> StaffEdit:
        sent = self.model_fields_set
        return StaffEdit(
            starts_at=self.starts_at if self.starts_at is not None else KEEP,
            service=self.service if "service" in sent else KEEP,
            stylist=self.stylist if "stylist" in sent else KEEP,
            duration_minutes=self.duration_minutes if self.duration_minutes is not None else KEEP,
            status=AppointmentStatus(self.status) if self.status is not None else None,
            notify=self.notify,
        )


class TreatAs(Body):
    """``POST /inbox/{item_id}/treat-as``: read an unclear reply for the customer."""

    intent: AnswerIntent = Field(description="what the customer meant")
    remember: Flag = Field(
        False,
        description="true: the reply's words become a phrase of the salon for this intent "
        "(GET /phrases); a reply that asks, says no or is read already is refused (422)",
    )


class MoveTo(Body):
    """``POST /inbox/{item_id}/move``: a new time for the item's appointment."""

    starts_at: StartsAt
    stylist: Text = Field(None, description="left out: the appointment keeps its stylist")


class Answer(Body):
    """``POST /customers/{phone}/messages``: staff's own words (``body``) where the salon's
    provider takes text (Twilio, console), or one of its answer templates with the template's
    fields (``template``, ``values``) where it sends approved templates only (Alibaba Cloud,
    Tencent Cloud). ``GET /answer-templates`` says which."""

    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {
                    "required": ["body"],
                    "not": {"anyOf": [{"required": ["template"]}, {"required": ["values"]}]},
                },
                {"required": ["template"], "not": {"required": ["body"]}},
            ]
        }
    )

    body: AnswerText = None
    template: AnswerTemplate = None
    values: AnswerValues = None

    def check_kind(self) -> None:
        """Words or a template, never both nor neither: a 422 naming what to send."""
        if self.body is not None and (self.template is not None or self.values is not None):
            field = "template" if self.template is not None else "values"
            raise ApiError(
                422, "invalid_field", "send body (your own words) or template, not both", field
            )
        if self.body is None and self.template is None:
            raise ApiError(
                422,
                "missing_field",
                "send body (your own words) or template and values (an answer template); "
                "GET /answer-templates says which this salon takes",
                "body",
            )


class Query(BaseModel):
    """A query string: unknown parameters are refused (a typo must not widen a filter)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    #: Parameters that may be given more than once; any other given twice is an error.
    repeatable: ClassVar[frozenset[str]] = frozenset()


class AppointmentQuery(Query):
    """``GET /appointments``."""

    repeatable = frozenset({"status"})

    status: Annotated[
        list[str], each_one_of(APPOINTMENT_STATUSES), choices_schema(APPOINTMENT_STATUSES)
    ] = Field(
        default_factory=list, description="only these statuses (repeat the parameter for several)"
    )
    starts_from: QueryTime = Field(None, alias="from", description="starts_at at or after this")
    starts_to: QueryTime = Field(None, alias="to", description="starts_at before this")
    updated_since: QueryTime = Field(None, description="changed at or after this time")
    limit: Limit = PAGE_SIZE
    cursor: AppointmentCursor = None


class DeliveryQuery(Query):
    """``GET /webhook-deliveries``."""

    repeatable = frozenset({"status", "event_type"})

    status: Annotated[
        list[str], each_one_of(DELIVERY_STATUSES), choices_schema(DELIVERY_STATUSES)
    ] = Field(default_factory=list, description="only these statuses")
    event_type: Annotated[list[str], each_one_of(EVENT_TYPES), choices_schema(EVENT_TYPES)] = Field(
        default_factory=list, description="only these event types"
    )
    limit: Limit = PAGE_SIZE
    cursor: DeliveryCursor = None


class InboxQuery(Query):
    """``GET /inbox``."""

    limit: Limit = PAGE_SIZE
    cursor: InboxCursor = None
    waiting: QueryFlag = Field(None, description="true: only what nobody has handled yet")


class StatsQuery(Query):
    """``GET /stats``: the window's rules that need the clock (defaults, order, length) are the
    handler's, and described here."""

    starts_from: QueryTime = Field(
        None, alias="from", description=f"default: {DEFAULT_REACH.days} days ago"
    )
    starts_to: QueryTime = Field(
        None,
        alias="to",
        description=f"default: {DEFAULT_REACH.days} days from now; must be later than from, "
        f"and at most {MAX_WINDOW.days} days after it",
    )


B = TypeVar("B", bound=Body)
Q = TypeVar("Q", bound=Query)


def json_object() -> dict[str, Any]:
    if not request.is_json:
        raise ApiError(
            415, "unsupported_media_type", "send JSON with Content-Type: application/json"
        )
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        # Python's parser follows nesting as deep as its recursion limit, then gives up.
        raise ApiError(400, "invalid_json", "the request body is nested too deep to read") from None
    if body is None:
        raise ApiError(400, "invalid_json", "the request body is not valid JSON")
    if not isinstance(body, dict):
        raise ApiError(422, "invalid_field", "the request body must be a JSON object")
    return body


def parse_body(model: type[B], **context: Any) -> B:
    """The request's JSON body as ``model``; the first thing wrong with it as a 4xx."""
    try:
        return model.model_validate(json_object(), context=context)
    except ValidationError as exc:
        raise from_validation(exc) from None


def parse_query(model: type[Q]) -> Q:
    """The query string as ``model``; the first thing wrong with it as a 422."""
    known = {field.alias or name for name, field in model.model_fields.items()}
    values: dict[str, Any] = {}
    for name in request.args:
        given = request.args.getlist(name)
        if name in model.repeatable:
            values[name] = given
        elif len(given) > 1 and name in known:
            raise ApiError(422, "invalid_parameter", f"give {name} once", name)
        else:
            values[name] = given[0]
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise from_validation(exc, query=True) from None


def phone_in_path(raw: str, *, region: str | None) -> str:
    """A number in a URL (``/customers/{phone}``), read as the body's ``customer.phone`` is."""
    try:
        return NewCustomer.model_validate({"phone": raw}, context={"region": region}).phone
    except ValidationError as exc:
        raise from_validation(exc) from None


class SalonSettings(Body):
    """``PATCH /salon``: only what is sent changes; a bad value changes nothing."""

    name: Name = Field(None, description="shown in 【】 on every text without a display name")
    display_names: DisplayNames = None
    address: Address = None
    sender_number: SenderNumber = None
    timezone: Timezone = None
    locale: SalonLocale = Field(None, description="language of texts to customers without one")
    reminder_offsets: ReminderOffsets = None
    quiet_hours: QuietHours = Field(None, description="local; nothing unprompted goes then")
    daily_sms_cap: DailyCap = Field(None, description="most outbound texts a salon day")
    segment_price: Price = None
    currency: Currency = None
    webhook_url: WebhookUrl = None
    webhook_events: EventTypes = None
    rotate_webhook_secret: SalonFlag = Field(
        False,
        description="true: a new signing secret, returned this once; the old one signs beside "
        "it for 24 hours",
    )
    webhook_secret: WebhookSecret = None
    provider: Provider = Field(None, description="the operator's: 403 unless it is the current one")
    sign_name: SignName = Field(
        None, description="Alibaba/Tencent Cloud: the registered 签名; the operator's, as provider"
    )
    extend_code: ExtendCode = Field(
        None, description="Alibaba/Tencent Cloud: 扩展码; the operator's, as provider"
    )
    auto_offers: OptionalFlag = Field(
        None, description="offer slots from published availability when a customer asks to change"
    )
    offer_notice_minutes: OfferNotice = Field(
        None, description="no slot is offered sooner than this many minutes ahead"
    )
    survey_enabled: OptionalFlag = Field(
        None, description="text a one-reply satisfaction survey after each completed visit"
    )
    survey_delay_minutes: SurveyDelay = Field(
        None, description="minutes after the visit is marked completed (then past quiet hours)"
    )
    survey_min_days_between: SurveyInterval = Field(
        None, description="at most one survey per customer in this many days"
    )
    marketing_max_per_30_days: MaxPer30Days = None
    marketing_daily_budget: MarketingBudget = None
    marketing_per_minute: MarketingPace = None
    birthday_offers: BirthdayOffersSetting = None

    def change(self) -> SalonChange:
        return SalonChange(
            name=self.name,
            display_names=self.display_names,
            address=self.address,
            sender_number=self.sender_number,
            timezone=self.timezone,
            locale=self.locale,
            reminder_offsets=self.reminder_offsets,
            quiet_hours=self.quiet_hours,
            daily_sms_cap=self.daily_sms_cap,
            segment_price=self.segment_price,
            currency=self.currency,
            provider=self.provider,
            sign_name=self.sign_name,
            extend_code=self.extend_code,
            webhook_url=self.webhook_url,
            webhook_events=self.webhook_events,
            rotate_webhook_secret=self.rotate_webhook_secret,
            auto_offers=self.auto_offers,
            offer_notice_minutes=self.offer_notice_minutes,
            survey_enabled=self.survey_enabled,
            survey_delay_minutes=self.survey_delay_minutes,
            survey_min_days_between=self.survey_min_days_between,
            webhook_secret=self.webhook_secret,
            marketing_max_per_30_days=self.marketing_max_per_30_days,
            marketing_daily_budget=self.marketing_daily_budget,
            marketing_per_minute=self.marketing_per_minute,
            birthday_offers=self.birthday_offers,
        )
