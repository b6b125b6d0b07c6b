"""What a reply does, decided without a database: tables of (reply, state) -> Decision, one per
rule of ``gateway.domain.decide``."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from gateway.domain.decide import ANSWERED_TODAY, decide
from gateway.domain.events import EventType
from gateway.domain.inbox import InboxReason
from gateway.domain.lifecycle import AppointmentStatus, Intent
from gateway.domain.offer_status import OfferStatus
from gateway.domain.offers import Slot
from gateway.domain.reply_decision import (
    LATE_PICKS,
    Booked,
    Decision,
    OfferMove,
    OfferState,
    ReplyState,
    WaitingItem,
)
from gateway.domain.reply_reading import read_reply
from gateway.domain.texts import TemplateName

SH = "Asia/Shanghai"
ZONE = ZoneInfo(SH)
HOUR = timedelta(hours=1)
#: Tuesday 1 December 2026, 10:00 in Shanghai: when the customer writes, and the worker acts.
WRITTEN = datetime(2026, 12, 1, 10, 0, tzinfo=ZONE)
NOW = WRITTEN + timedelta(seconds=2)

U, C, CR, X = (
    AppointmentStatus.UNCONFIRMED,
    AppointmentStatus.CONFIRMED,
    AppointmentStatus.CHANGE_REQUESTED,
    AppointmentStatus.CANCELLED,
)
T = TemplateName


def booked(id: int = 1, status: AppointmentStatus = U, ref: str = "K7P3", day: int = 3) -> Booked:
    return Booked(id, ref, status, datetime(2026, 12, day, 14, 0, tzinfo=ZONE), "Cut", "Lily")


def state(*candidates: Booked, **changes: object) -> ReplyState:
    base = ReplyState(
        salon_name="Salon",
        tz=SH,
        locale="zh-CN",
        auto_offers=False,
        opted_out=False,
        has_appointments=True,
        candidates=candidates,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


SLOTS = (
    Slot(datetime(2026, 12, 2, 13, 0, tzinfo=ZONE), "Lily", HOUR),
    Slot(datetime(2026, 12, 2, 16, 30, tzinfo=ZONE), "Lily", HOUR),
    Slot(datetime(2026, 12, 4, 11, 0, tzinfo=ZONE), "Mia", HOUR),
)


def offer(
    status: OfferStatus = OfferStatus.OPEN,
    *,
    appointment: Booked | None = None,
    closed_ago: timedelta | None = None,
    expires_at: datetime = WRITTEN + HOUR,
    taken: bool = False,
) -> OfferState:
    return OfferState(
        id=9,
        appointment=appointment or booked(status=CR),
        status=status,
        slots=SLOTS,
        expires_at=expires_at,
        closed_at=WRITTEN - closed_ago if closed_ago is not None else None,
        picked_slot_taken=taken,
    )


def decided(body: str, st: ReplyState, keyword: str | None = None) -> Decision:
    read = read_reply(body, keyword=keyword, received_at=WRITTEN, tz=SH)
    return decide(read, st, now=NOW)


def templates(decision: Decision) -> list[TemplateName]:
    return [answer.template for answer in decision.answers]


# --- The provider's reading, and a change with when ---------------------------------------------


@pytest.mark.parametrize(
    ("body", "keyword", "intent"),
    [
        ("STOP", "STOP", Intent.OPT_OUT),
        ("随便", "STOP", Intent.OPT_OUT),  # Twilio says stop: the words do not matter
        ("CANCEL", "STOP", Intent.CANCEL),  # an answer about the appointment: both
        ("START", "START", Intent.OPT_IN),
        ("确认", "START", Intent.OPT_IN),
        ("INFO", "HELP", Intent.HELP),
        ("确认", "HELP", Intent.CONFIRM),  # clear words win over the provider's HELP
        ("变更 周五上午", None, Intent.CHANGE),
        ("变更 11号下午", None, Intent.CHANGE),  # the words alone are unclear; with when, a change
        ("改期，明天下午", None, Intent.CHANGE),
        ("变更 周五上午", "HELP", Intent.CHANGE),  # clear words win over the provider's HELP
        ("变更 11号下午", "HELP", Intent.HELP),  # unclear words: the provider's reading first
        ("周五上午", None, Intent.UNKNOWN),  # when, but no change asked
    ],
)
def test_the_intent_takes_in_the_providers_reading_and_a_change_with_when(
    body: str, keyword: str | None, intent: Intent
) -> None:
    assert decided(body, state(booked()), keyword).intent is intent


def test_a_stop_that_cancels_opts_out_silently_and_cancels() -> None:
    decision = decided("CANCEL", state(booked()), "STOP")
    assert decision.opt_out and decision.new_status is X
    assert decision.told() == (EventType.CUSTOMER_OPTED_OUT, EventType.APPOINTMENT_CANCELLED)
    assert T.OPTED_OUT not in templates(decision)


# --- Acting on the customer ---------------------------------------------------------------------


OPTED_IN = (EventType.CUSTOMER_OPTED_IN,)


@pytest.mark.parametrize(
    ("body", "opted_out", "expected", "answers"),
    [
        ("退订", False, Decision(Intent.OPT_OUT, opt_out=True, inbox=InboxReason.OPTED_OUT),
         [T.OPTED_OUT]),
        # Confirmed once, never again.
        ("退订", True, Decision(Intent.OPT_OUT, inbox=InboxReason.OPTED_OUT), []),
        ("START", True, Decision(Intent.OPT_IN, opt_in=True, events=OPTED_IN), [T.OPTED_IN]),
        ("START", False, Decision(Intent.OPT_IN), [T.OPTED_IN]),
        ("帮助", False, Decision(Intent.HELP, inbox=InboxReason.HELP_REQUESTED), [T.HELP]),
    ],
)  # fmt: skip
def test_opt_out_opt_in_and_help_act_on_the_customer(
    body: str, opted_out: bool, expected: Decision, answers: list[TemplateName]
) -> None:
    decision = decided(body, state(booked(), opted_out=opted_out))
    assert replace(decision, answers=()) == expected
    assert templates(decision) == answers
    assert all(a.appointment_id is None for a in decision.answers)


# --- Which appointment --------------------------------------------------------------------------

A1, A2 = booked(1, ref="K7P3", day=3), booked(2, ref="M4RX", day=5)


@pytest.mark.parametrize(
    ("body", "st", "appointment_id", "answer"),
    [
        ("确认", state(A1), 1, T.CONFIRMED),
        ("确认 M4RX", state(A1, A2), 2, T.CONFIRMED),
        ("确认", state(A1, A2), None, T.AMBIGUOUS),
        ("确认", state(), None, T.NO_APPOINTMENT),
        ("确认 W9XY", state(A1), None, T.AMBIGUOUS),  # a ref of none of theirs: which one?
        ("确认 W9XY", state(A1, named=booked(7, X, "W9XY")), 7, T.ALREADY_CANCELLED),
        ("确认", state(recently_cancelled=booked(8, X)), 8, T.ALREADY_CANCELLED),
        ("确认", state(A1, recently_cancelled=booked(8, X)), 1, T.CONFIRMED),
        ("嗯嗯嗯？", state(A1, A2), None, T.HELP),
        ("嗯嗯嗯？", state(A1), 1, T.HELP),
    ],
)  # fmt: skip
def test_the_appointment_a_reply_is_about(
    body: str, st: ReplyState, appointment_id: int | None, answer: TemplateName
) -> None:
    decision = decided(body, st)
    assert decision.appointment_id == appointment_id
    assert templates(decision) == [answer]


def test_the_ambiguous_answer_lists_each_upcoming_appointment() -> None:
    (answer,) = decided("取消", state(A1, A2)).answers
    listed = answer.values["appointments"]
    assert [(v["ref"], v["date"], v["time"]) for v in listed] == [  # type: ignore[attr-defined]
        ("K7P3", "12月3日", "14:00"),
        ("M4RX", "12月5日", "14:00"),
    ]


@pytest.mark.parametrize(
    ("st", "events", "inbox"),
    [
        (state(A1), (EventType.APPOINTMENT_REPLY_UNCLEAR,), InboxReason.UNCLEAR_REPLY),
        (state(A1, A2), (EventType.APPOINTMENT_REPLY_UNCLEAR,), InboxReason.UNCLEAR_REPLY),
        (
            state(has_appointments=False),
            (EventType.APPOINTMENT_REPLY_UNCLEAR,),
            InboxReason.UNKNOWN_NUMBER,
        ),  # fmt: skip
    ],
)
def test_an_unclear_reply_changes_nothing_and_tells_the_crm(
    st: ReplyState, events: tuple[EventType, ...], inbox: InboxReason
) -> None:
    decision = decided("嗯嗯嗯？", st)
    assert decision.events == events and decision.inbox is inbox
    assert decision.new_status is None and not decision.answered_requests


# --- What it does to the appointment: only through the lifecycle table -------------------------


@pytest.mark.parametrize(
    ("status", "body", "new_status", "answer", "drops", "inbox"),
    [
        (U, "确认", C, T.CONFIRMED, False, None),
        (C, "确认", None, T.CONFIRMED, False, None),  # said twice: reassured, no change
        (CR, "确认", C, T.CONFIRMED, False, None),
        (U, "取消", X, T.CANCELLED, True, None),
        (C, "取消", X, T.CANCELLED, True, None),
        (U, "改时间", CR, T.CHANGE_RECEIVED, False, InboxReason.CHANGE_REQUESTED),
        (CR, "改时间", None, T.CHANGE_RECEIVED, False, InboxReason.CHANGE_REQUESTED),
        (X, "确认", None, T.ALREADY_CANCELLED, False, None),
        (AppointmentStatus.COMPLETED, "确认", None, T.NO_APPOINTMENT, False, None),
    ],
)
def test_an_answer_moves_the_appointment_as_the_lifecycle_says(
    status: AppointmentStatus,
    body: str,
    new_status: AppointmentStatus | None,
    answer: TemplateName,
    drops: bool,
    inbox: InboxReason | None,
) -> None:
    target = booked(status=status)
    if status in (U, C, CR):
        decision = decided(body, state(target))
    else:  # no longer open: found by the ref the reply names
        decision = decided(body + " K7P3", state(named=target))
    assert (decision.new_status, templates(decision), decision.drop_waiting) == (
        new_status,
        [answer],
        drops,
    )
    assert decision.answered_requests and decision.inbox is inbox
    assert decision.answers[0].values["date"] == "12月3日"


# --- A change answered with an offer of new times ------------------------------------------------


def test_a_change_is_answered_with_an_automatic_offer_the_hint_first() -> None:
    decision = decided("变更 周五上午", state(A1, auto_offers=True))
    assert (decision.new_status, decision.answers, decision.new_offer) == (CR, (), True)
    assert decision.inbox is None  # the offer waits for the customer's pick
    assert decision.hint is not None and decision.hint.windows == ((0, 720),)
    assert [d.isoformat() for d in decision.hint.days] == ["2026-12-04"]
    without = decision.without_offer
    assert without is not None and without.new_status is None
    assert [a.template for a in without.answers] == [T.CHANGE_RECEIVED]
    assert without.inbox is InboxReason.CHANGE_REQUESTED


@pytest.mark.parametrize(
    ("st", "body"),
    [
        (state(A1), "改时间"),  # the salon makes no automatic offers
        (state(named=booked(status=X), auto_offers=True), "改时间 K7P3"),  # cancelled already
        (state(A1, A2, auto_offers=True), "改时间"),  # which one?
        (state(A1, auto_offers=True), "确认"),
    ],
)
def test_no_offer_is_made_without_automatic_offers_or_a_change_to_wait_for(
    st: ReplyState, body: str
) -> None:
    decision = decided(body, st)
    assert (decision.new_offer, decision.without_offer) == (False, None)


# --- Answers to an offer -------------------------------------------------------------------------

OFFERED = booked(status=CR)


@pytest.mark.parametrize(
    ("body", "the_offer", "intent", "move", "new_status", "answers", "events"),
    [
        ("B", offer(), Intent.OFFER_PICK, OfferMove.ACCEPT, C, [T.CONFIRMED],
         (EventType.APPOINTMENT_RESCHEDULED, EventType.OFFER_ACCEPTED)),
        ("16:30", offer(), Intent.OFFER_PICK, OfferMove.ACCEPT, C, [T.CONFIRMED],
         (EventType.APPOINTMENT_RESCHEDULED, EventType.OFFER_ACCEPTED)),
        ("都不行", offer(), Intent.CHANGE, OfferMove.DECLINE, None, [T.CHANGE_RECEIVED],
         (EventType.OFFER_DECLINED,)),
        ("都不行", offer(appointment=booked(status=U)), Intent.CHANGE, OfferMove.DECLINE, CR,
         [T.CHANGE_RECEIVED], (EventType.OFFER_DECLINED,)),
        # Declining an offer withdrawn an hour ago: the change still waits for staff.
        ("都不行", offer(OfferStatus.WITHDRAWN, closed_ago=HOUR), Intent.CHANGE, None, None,
         [T.CHANGE_RECEIVED], ()),
        # Gone: taken by another customer, expired before the reply, or withdrawn.
        ("B", offer(taken=True), Intent.CHANGE, None, None, [T.OFFER_GONE, T.CHANGE_RECEIVED],
         ()),
        ("B", offer(expires_at=WRITTEN), Intent.CHANGE, OfferMove.EXPIRE, None,
         [T.OFFER_GONE, T.CHANGE_RECEIVED], (EventType.OFFER_EXPIRED,)),
        ("A", offer(OfferStatus.EXPIRED, closed_ago=HOUR), Intent.CHANGE, None, None,
         [T.OFFER_GONE, T.CHANGE_RECEIVED], ()),
    ],
)  # fmt: skip
def test_an_answer_to_an_offer(
    body: str,
    the_offer: OfferState,
    intent: Intent,
    move: OfferMove | None,
    new_status: AppointmentStatus | None,
    answers: list[TemplateName],
    events: tuple[EventType, ...],
) -> None:
    decision = decided(body, state(the_offer.appointment, offer=the_offer))
    assert (decision.intent, decision.offer_move, decision.new_status) == (
        intent,
        move,
        new_status,
    )
    assert (templates(decision), decision.events) == (answers, events)
    assert decision.appointment_id == the_offer.appointment.id and decision.answered_requests
    if intent is Intent.OFFER_PICK:
        assert decision.picked == 1 and decision.inbox is None  # B, the second slot


def test_a_pick_moves_the_appointment_to_the_slot_and_confirms_the_new_time() -> None:
    decision = decided("选B", state(OFFERED, offer=offer()))
    assert (decision.slot, decision.picked, decision.cause) == (SLOTS[1], 1, "offer_pick")
    assert decision.drop_waiting and decision.inbox is None
    (answer,) = decision.answers
    assert (answer.values["date"], answer.values["time"]) == ("12月2日", "16:30")


def test_a_pick_of_a_slot_gone_is_offered_afresh_when_the_salon_makes_offers() -> None:
    decision = decided("B", state(OFFERED, offer=offer(taken=True), auto_offers=True))
    assert (templates(decision), decision.new_offer, decision.inbox) == ([T.OFFER_GONE], True, None)
    without = decision.without_offer
    assert without is not None
    assert (without.new_status, without.inbox) == (None, InboxReason.CHANGE_REQUESTED)
    unconfirmed = offer(appointment=booked(status=U), taken=True)
    without = decided("B", state(offer=unconfirmed, auto_offers=True)).without_offer
    assert without is not None and without.new_status is CR


def test_a_slot_that_has_begun_is_gone() -> None:
    late = NOW.replace(day=2, hour=17)
    read = read_reply("A", keyword=None, received_at=WRITTEN, tz=SH)
    decision = decide(read, state(OFFERED, offer=offer(expires_at=late)), now=late)
    assert templates(decision) == [T.OFFER_GONE, T.CHANGE_RECEIVED]


@pytest.mark.parametrize(
    ("body", "the_offer", "intent", "answer"),
    [
        ("确认", offer(), Intent.UNKNOWN, T.HELP),  # 确认 may mean option A
        ("确认", offer(OfferStatus.EXPIRED, closed_ago=HOUR), Intent.CONFIRM, T.CONFIRMED),
        ("A", offer(OfferStatus.EXPIRED, closed_ago=LATE_PICKS), Intent.UNKNOWN, T.HELP),
        ("A", offer(OfferStatus.ACCEPTED, closed_ago=HOUR), Intent.UNKNOWN, T.HELP),
        ("B还是C", offer(), Intent.UNKNOWN, T.HELP),
        ("取消", offer(), Intent.CANCEL, T.CANCELLED),
    ],
)
def test_what_is_no_answer_to_an_offer_is_read_as_any_reply(
    body: str, the_offer: OfferState, intent: Intent, answer: TemplateName
) -> None:
    decision = decided(body, state(OFFERED, offer=the_offer))
    assert (decision.intent, decision.offer_move, templates(decision)) == (intent, None, [answer])


def test_a_provider_keyword_is_never_an_answer_to_an_offer() -> None:
    decision = decided("A", state(OFFERED, offer=offer()), keyword="HELP")
    assert (decision.intent, decision.offer_move) == (Intent.HELP, None)


# --- Numbers with no appointment -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "answered_today", "not_sent"),
    [
        ("嗯嗯嗯？", False, None),
        ("嗯嗯嗯？", True, ANSWERED_TODAY),
        ("确认", True, ANSWERED_TODAY),  # no_appointment: a stranger answer too
        ("退订", True, None),  # confirming an opt-out always goes
    ],
)
def test_a_stranger_is_answered_once_a_salon_day(
    body: str, answered_today: bool, not_sent: str | None
) -> None:
    st = state(has_appointments=False, answered_today=answered_today)
    (answer,) = decided(body, st).answers
    assert answer.not_sent_because == not_sent


def test_an_appointment_holder_is_always_answered() -> None:
    (answer,) = decided("嗯嗯嗯？", state(answered_today=True)).answers
    assert answer.not_sent_because is None


# --- Questions: when, where ----------------------------------------------------------------------

QUESTION_ANSWERS = frozenset({T.ANSWER_TIME, T.ANSWER_PLACE})


@pytest.mark.parametrize(
    ("body", "intent", "template"),
    [
        ("几点来着？", Intent.QUESTION_TIME, T.ANSWER_TIME),
        ("是几号？", Intent.QUESTION_TIME, T.ANSWER_TIME),
        ("what time is it?", Intent.QUESTION_TIME, T.ANSWER_TIME),
        ("在哪里？", Intent.QUESTION_PLACE, T.ANSWER_PLACE),
        ("不好意思，请问店在哪里", Intent.QUESTION_PLACE, T.ANSWER_PLACE),
        ("where are you?", Intent.QUESTION_PLACE, T.ANSWER_PLACE),
    ],
)
def test_a_question_is_answered_with_the_next_appointment_and_changes_nothing(
    body: str, intent: Intent, template: TemplateName
) -> None:
    later, sooner = booked(2, day=9, ref="M9XA"), booked(1, day=3)
    st = state(sooner, later, address="文三路100号2楼", question_answers=QUESTION_ANSWERS)
    decision = decided(body, st)
    assert (decision.intent, decision.appointment_id) == (intent, 1)
    [answer] = decision.answers
    assert (answer.template, answer.values["date"], answer.values["time"]) == (
        template,
        "12月3日",
        "14:00",
    )
    assert answer.values["stylist"] == "Lily"
    assert answer.values["address"] == "文三路100号2楼"
    # Nothing moves, nobody is told, nothing waits for a person.
    assert (decision.new_status, decision.told(), decision.inbox) == (None, (), None)
    assert not decision.answered_requests


def test_a_question_with_a_ref_is_answered_about_that_appointment() -> None:
    st = state(booked(1), booked(2, day=9, ref="M9XA"), question_answers=QUESTION_ANSWERS)
    assert decided("M9XA 几点来着", st).appointment_id == 2


def test_where_without_an_address_is_answered_with_the_time() -> None:
    decision = decided("在哪里？", state(booked(), question_answers=QUESTION_ANSWERS))
    assert (decision.intent, templates(decision)) == (Intent.QUESTION_PLACE, [T.ANSWER_TIME])


@pytest.mark.parametrize(
    "st",
    [
        pytest.param(state(question_answers=QUESTION_ANSWERS), id="nothing-upcoming"),
        pytest.param(state(booked()), id="no-approved-answer"),
    ],
)
def test_a_question_that_cannot_be_answered_is_unclear_as_before(st: ReplyState) -> None:
    decision = decided("几点来着？", st)
    assert decision.intent is Intent.UNKNOWN
    assert T.ANSWER_TIME not in templates(decision)
    assert decision.inbox is not None


@pytest.mark.parametrize("body", ["几点来着，取消", "几点来着 取消", "好的，几点来着？"])
def test_a_question_beside_another_intent_is_not_answered_as_a_question(body: str) -> None:
    decision = decided(body, state(booked(), question_answers=QUESTION_ANSWERS))
    assert decision.intent is Intent.UNKNOWN
    assert decision.new_status is None


A1_CONFIRMED, A2_CONFIRMED = replace(A1, status=C), replace(A2, status=C)
A2_CHANGING = replace(A2, status=CR)


@pytest.mark.parametrize(
    ("body", "st", "appointment_id", "answer"),
    [
        # A confirm without a ref: the only upcoming appointment still unconfirmed.
        ("确认", state(A1_CONFIRMED, A2), 2, T.CONFIRMED),
        ("好的", state(A1, A2_CONFIRMED), 1, T.CONFIRMED),
        ("确认", state(A1, A2_CHANGING), 1, T.CONFIRMED),
        # Two unconfirmed, or none: which one?
        ("确认", state(A1, A2), None, T.AMBIGUOUS),
        ("确认", state(A1_CONFIRMED, A2_CONFIRMED), None, T.AMBIGUOUS),
        ("确认", state(A1_CONFIRMED, A2_CHANGING), None, T.AMBIGUOUS),
        # A cancel or change without a ref still asks: a wrong cancel is worse than a question.
        ("取消", state(A1_CONFIRMED, A2), None, T.AMBIGUOUS),
        ("改时间", state(A1_CONFIRMED, A2), None, T.AMBIGUOUS),
        ("取消", state(A1, A2_CONFIRMED), None, T.AMBIGUOUS),
        # A ref still names its appointment, whatever its status.
        ("确认 K7P3", state(A1_CONFIRMED, A2), 1, T.CONFIRMED),
    ],
)  # fmt: skip
def test_a_confirm_without_a_ref_finds_the_one_unconfirmed(
    body: str, st: ReplyState, appointment_id: int | None, answer: TemplateName
) -> None:
    decision = decided(body, st)
    assert decision.appointment_id == appointment_id
    assert templates(decision) == [answer]
    if appointment_id is None:
        assert decision.new_status is None and decision.inbox is InboxReason.NO_APPOINTMENT


# --- Items the customer sorts out by a later reply -----------------------------------------------

UNCLEAR_ABOUT_1 = WaitingItem(21, InboxReason.UNCLEAR_REPLY, appointment_id=1)
NO_APPOINTMENT = WaitingItem(22, InboxReason.NO_APPOINTMENT)
HELP_ABOUT_2 = WaitingItem(23, InboxReason.HELP_REQUESTED, appointment_id=2)
FAILED_TEXT = WaitingItem(24, InboxReason.TEXT_FAILED, appointment_id=1)
WAITING = (UNCLEAR_ABOUT_1, NO_APPOINTMENT, HELP_ABOUT_2, FAILED_TEXT)
CHANGE_OF_1 = WaitingItem(31, InboxReason.CHANGE_REQUESTED, appointment_id=1)
CHANGE_OF_2 = WaitingItem(32, InboxReason.CHANGE_REQUESTED, appointment_id=2)


@pytest.mark.parametrize(
    ("body", "st", "settles"),
    [
        # 好的, then 确认 K7P3: the unclear item and the one about no appointment close; the
        # help item of another appointment and a failed text still need a person.
        ("确认 K7P3", state(A1, A2, waiting_items=WAITING), (21, 22)),
        # 几点来着？, then 確認，謝謝 (the only appointment).
        ("確認，謝謝", state(A1, waiting_items=WAITING), (21, 22)),
        ("取消 K7P3", state(A1, A2, waiting_items=WAITING), (21, 22)),
        ("改时间", state(A1, waiting_items=WAITING), (21, 22)),
        ("B", state(OFFERED, offer=offer(), waiting_items=WAITING), (21, 22)),
        # A pick is the new time a change request waited for; a change alone is not.
        ("B", state(OFFERED, offer=offer(), waiting_items=(CHANGE_OF_1, CHANGE_OF_2)), (31,)),
        ("改时间", state(A1, waiting_items=(CHANGE_OF_1,)), ()),
        # Still unclear, or not about one appointment: everything keeps waiting.
        ("嗯嗯嗯？", state(A1, waiting_items=WAITING), ()),
        ("确认", state(A1, A2, waiting_items=WAITING), ()),
        ("帮助", state(A1, waiting_items=WAITING), ()),
        ("退订", state(A1, waiting_items=WAITING), ()),
    ],
)
def test_a_reply_understood_settles_what_the_customer_left_unclear(
    body: str, st: ReplyState, settles: tuple[int, ...]
) -> None:
    assert decided(body, st).settles == settles


# --- A yes or a no naming the appointment's own day or time ------------------------------------

CONFIRMED_AS = (Intent.CONFIRM, C)
CANCELLED_AS = (Intent.CANCEL, X)
STAYS = (Intent.UNKNOWN, None)


@pytest.mark.parametrize(
    ("body", "st", "appointment_id", "outcome"),
    [
        # A1 is Thursday 3 December, 14:00; the customer writes on Tuesday.
        ("周四下午两点见", state(A1), 1, CONFIRMED_AS),
        ("行，周四下午两点我准点到", state(A1), 1, CONFIRMED_AS),
        ("沒問題，週四見", state(A1), 1, CONFIRMED_AS),
        ("好的，下午两点", state(A1), 1, CONFIRMED_AS),
        ("Sounds good, see you Thursday at 2", state(A1), 1, CONFIRMED_AS),
        ("3号下午的不来了", state(A1), 1, CANCELLED_AS),
        ("不好意思，周四的取消", state(A1), 1, CANCELLED_AS),
        ("Please cancel my appointment on the 3rd", state(A1), 1, CANCELLED_AS),
        # 12/3 may be 3 December or 12 March, and is not read; two o'clock is A1's own.
        ("取消12/3下午兩點的預約", state(A1), 1, CANCELLED_AS),
        ("取消12/13下午兩點的預約", state(A1), 1, STAYS),  # another day
        ("see you on the 3rd!", state(A1), 1, CONFIRMED_AS),
        # Another day or time may propose it: a person reads it.
        ("周五见", state(A1), 1, STAYS),
        ("好的，3点", state(A1), 1, STAYS),
        ("see you Thursday at 4", state(A1), 1, STAYS),
        ("周四晚一点见", state(A1), 1, STAYS),  # later: a change, not a yes
        ("明天不行，周四见", state(A1), 1, STAYS),
        # Among two, the day named says which.
        ("周六见", state(A1, A2), 2, CONFIRMED_AS),
        ("周四的不来了", state(A1, A2), 1, CANCELLED_AS),
        ("下午两点见", state(A1, A2), None, (Intent.CONFIRM, None)),  # both at two: which?
        # A ref names one: the time must be its own.
        ("周六见 K7P3", state(A1, A2), 1, STAYS),
    ],
)
def test_a_yes_or_a_no_naming_the_appointments_own_time_is_that_answer(
    body: str,
    st: ReplyState,
    appointment_id: int | None,
    outcome: tuple[Intent, AppointmentStatus | None],
) -> None:
    decision = decided(body, st)
    assert (decision.intent, decision.new_status) == outcome
    assert decision.appointment_id == appointment_id
