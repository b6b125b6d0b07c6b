"""What a reply does while a satisfaction survey is open, decided without a database: a score
or a comment for the survey, or an answer about an upcoming appointment when that is what it
is (``gateway.domain.survey_replies``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from gateway.domain.decide import decide
from gateway.domain.inbox import InboxReason
from gateway.domain.lifecycle import AppointmentStatus, Intent
from gateway.domain.reply_decision import Booked, Decision, FeedbackNote, ReplyState, SurveyState
from gateway.domain.reply_reading import read_reply
from gateway.domain.texts import TemplateName

SH = "Asia/Shanghai"
ZONE = ZoneInfo(SH)
#: The survey went at 14:00; the customer writes at 15:00.
SENT = datetime(2026, 12, 1, 14, 0, tzinfo=ZONE)
WRITTEN = SENT + timedelta(hours=1)
U, C = AppointmentStatus.UNCONFIRMED, AppointmentStatus.CONFIRMED
SURVEY = SurveyState(id=7, appointment_id=70, sent_at=SENT, answered_at=None)


def upcoming(status: AppointmentStatus = U) -> Booked:
    return Booked(1, "K7P3", status, datetime(2026, 12, 5, 14, 0, tzinfo=ZONE), "Cut", "Lily")


def state(*candidates: Booked, **changes: object) -> ReplyState:
    base = ReplyState(
        salon_name="Salon",
        tz=SH,
        locale="zh-CN",
        auto_offers=False,
        opted_out=False,
        has_appointments=True,
        candidates=candidates,
        survey=SURVEY,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def decided(body: str, reply_state: ReplyState, at: datetime = WRITTEN) -> Decision:
    read = read_reply(body, keyword=None, received_at=at, tz=SH)
    return decide(read, reply_state, now=at + timedelta(seconds=2))


def feedback(score: int | None, comment: str | None) -> FeedbackNote:
    return FeedbackNote(survey_id=7, appointment_id=70, score=score, comment=comment)


def test_a_score_with_words_is_kept_and_thanked() -> None:
    decision = decided("5 很满意，Lily剪得好", state())
    assert decision.intent is Intent.FEEDBACK
    assert decision.feedback == feedback(5, "很满意，Lily剪得好")
    assert [a.template for a in decision.answers] == [TemplateName.SURVEY_THANKS]
    assert decision.answers[0].appointment_id == 70
    assert decision.inbox is None


@pytest.mark.parametrize(
    ("body", "score", "comment", "inbox"),
    [
        ("2", 2, None, InboxReason.FEEDBACK),
        ("1分 剪坏了", 1, "剪坏了", InboxReason.FEEDBACK),
        ("3", 3, None, None),
        ("⭐⭐⭐⭐", 4, None, None),
        ("很好", None, "很好", InboxReason.FEEDBACK),
        ("好", None, "好", InboxReason.FEEDBACK),
        ("非常满意", None, "非常满意", InboxReason.FEEDBACK),
        ("下次能不能快一点", None, "下次能不能快一点", InboxReason.FEEDBACK),
    ],
)
def test_scores_and_comments_with_no_appointment_ahead(
    body: str, score: int | None, comment: str | None, inbox: InboxReason | None
) -> None:
    decision = decided(body, state())
    assert decision.feedback == feedback(score, comment)
    assert decision.inbox is inbox
    # One thank-you after a score, none after a comment alone.
    assert len(decision.answers) == (1 if score is not None else 0)


def test_opt_out_words_still_opt_out() -> None:
    decision = decided("退订", state())
    assert (decision.intent, decision.opt_out, decision.feedback) == (Intent.OPT_OUT, True, None)


def test_appointment_words_go_to_an_unconfirmed_appointment_first() -> None:
    for body, intent in (
        ("确认", Intent.CONFIRM),
        ("取消", Intent.CANCEL),
        ("改时间", Intent.CHANGE),
    ):
        decision = decided(body, state(upcoming(U)))
        assert (decision.intent, decision.appointment_id, decision.feedback) == (intent, 1, None)


def test_a_yes_with_only_a_confirmed_appointment_ahead_is_praise() -> None:
    decision = decided("好", state(upcoming(C)))
    assert decision.feedback == feedback(None, "好")
    # A cancellation is still a cancellation.
    assert decided("取消", state(upcoming(C))).new_status is AppointmentStatus.CANCELLED


def test_a_bare_digit_is_a_score_unless_the_appointment_asked_after_the_survey() -> None:
    earlier = state(upcoming(U), appointment_asked_at=SENT - timedelta(days=1))
    assert decided("1", earlier).feedback == feedback(1, None)
    assert decided("3", earlier).new_status is None
    later = state(upcoming(U), appointment_asked_at=SENT + timedelta(minutes=30))
    assert decided("1", later).new_status is AppointmentStatus.CONFIRMED
    assert decided("3", later).new_status is AppointmentStatus.CANCELLED
    # 4 and 5 never answer an appointment.
    assert decided("5", later).feedback == feedback(5, None)
    # Asked after the survey but nothing upcoming any more: a score.
    assert decided("2", state(appointment_asked_at=SENT + timedelta(minutes=30))).feedback == (
        feedback(2, None)
    )


def test_the_survey_is_open_72_hours_until_answered() -> None:
    assert decided("5", state(), at=SENT + timedelta(hours=71)).feedback is not None
    late = decided("5", state(), at=SENT + timedelta(hours=72))
    assert (late.feedback, late.intent) == (None, Intent.UNKNOWN)
    answered = replace(SURVEY, answered_at=SENT + timedelta(minutes=10))
    assert decided("5", state(survey=answered)).feedback is None
    # Written before the survey went (a reply held by a slow worker): not its answer.
    assert decided("5", state(), at=SENT - timedelta(minutes=1)).feedback is None


def test_twilio_keywords_act_as_always() -> None:
    read = read_reply("STOP", keyword="STOP", received_at=WRITTEN, tz=SH)
    decision = decide(read, state(), now=WRITTEN)
    assert decision.opt_out and decision.feedback is None
