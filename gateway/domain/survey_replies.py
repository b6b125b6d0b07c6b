"""A reply while a satisfaction survey is open (from when it went, for ``SURVEY_OPEN_FOR``, or
until a score came back): whether it answers the survey or an upcoming appointment, and what
answering the survey does.

The rules, after opt-out, opt-in and help (which act on the customer as always):

1. A bare 1, 2 or 3 answers an upcoming appointment only when a text asking about one (a
   confirmation request, a reminder, an offer of new times) went after the survey; else it is
   a score.
2. Appointment words (确认, 变更, 取消 and their kin, or a ref) go to the upcoming appointment
   as they always do: a yes only to one still unconfirmed, a change or a cancellation to any.
   With no such appointment they are a comment (很好 and 好 are praise, not a confirmation).
3. Anything else is the survey's answer: a score (thanked once: the survey then closes), a
   comment, or both. A score of 2 or less, or a comment without a score, goes to the inbox so
   someone calls the customer back.

Pure: plain values in, a ``Decision`` (or None: not the survey's) out.
"""

from __future__ import annotations

from gateway.domain.inbox import InboxReason
from gateway.domain.lifecycle import APPOINTMENT_INTENTS, AppointmentStatus, Intent
from gateway.domain.reply_decision import Answer, Decision, FeedbackNote, ReplyState, SurveyState
from gateway.domain.reply_reading import ReadReply
from gateway.domain.texts import TemplateName

#: The lowest score that needs no call back.
CONTENT_FROM = 3


def answer_survey(
    read: ReadReply, state: ReplyState, intent: Intent, survey: SurveyState
) -> Decision | None:
    """What the reply ``read`` does as an answer to ``survey``; None when it is about an
    upcoming appointment instead (``decide`` takes it from there)."""
    if _about_appointment(read, state, intent, survey):
        return None
    score, comment = read.survey.score, read.survey.comment
    answers: tuple[Answer, ...] = ()
    if score is not None:
        answers = (
            Answer(
                TemplateName.SURVEY_THANKS,
                {"salon_name": state.salon_name},
                appointment_id=survey.appointment_id,
            ),
        )
    call_back = score is None or score < CONTENT_FROM
    return Decision(
        Intent.FEEDBACK,
        answers=answers,
        inbox=InboxReason.FEEDBACK if call_back else None,
        feedback=FeedbackNote(
            survey_id=survey.id,
            appointment_id=survey.appointment_id,
            score=score,
            comment=comment,
        ),
    )


def _about_appointment(
    read: ReadReply, state: ReplyState, intent: Intent, survey: SurveyState
) -> bool:
    upcoming = state.candidates
    if intent not in APPOINTMENT_INTENTS:
        return False
    if read.digit is not None and 1 <= read.digit <= 3:
        asked_later = (
            state.appointment_asked_at is not None and state.appointment_asked_at > survey.sent_at
        )
        return bool(upcoming) and asked_later
    if read.ref is not None:
        return True
    if intent is Intent.CONFIRM:
        return any(b.status is AppointmentStatus.UNCONFIRMED for b in upcoming)
    return bool(upcoming)
