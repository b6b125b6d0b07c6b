"""What needs a person: why a customer's text or one of ours goes to the salon's inbox.

Pure: plain values in, a reason (or None) out. The services write an inbox row with this reason
in the same transaction as the reply or the send result that caused it.
"""

from __future__ import annotations

from enum import StrEnum

from gateway.domain.lifecycle import APPOINTMENT_INTENTS, AppointmentStatus, Intent
from gateway.domain.texts import MessageStatus

#: ``handled_by`` of an item the gateway settled by itself: a text that may not have gone was
#: delivered after all, or the appointment whose change was asked for was rescheduled.
HANDLED_BY_SYSTEM = "system"


class InboxReason(StrEnum):
    #: The machine could not tell what the customer meant.
    UNCLEAR_REPLY = "unclear_reply"
    #: The customer asked to change the time: staff agree a new one.
    CHANGE_REQUESTED = "change_requested"
    #: A clear answer (确认) that matched no appointment, or several.
    NO_APPOINTMENT = "no_appointment"
    #: A text from a number with no appointment at the salon (or none we can read).
    UNKNOWN_NUMBER = "unknown_number"
    #: The customer asked for help (HELP, 帮助).
    HELP_REQUESTED = "help_requested"
    OPTED_OUT = "opted_out"
    #: One of our texts failed, or was not delivered.
    TEXT_FAILED = "text_failed"
    #: One of our texts may or may not have gone: nobody can tell without asking.
    TEXT_UNCERTAIN = "text_uncertain"
    #: A low score (2 or less) or a comment without a score after a survey: call them back.
    FEEDBACK = "feedback"
    #: A reply (not an opt-out, nor about an appointment) to a campaign's text: the customer
    #: answers the offer, and a person answers them.
    CAMPAIGN_REPLY = "campaign_reply"


#: Items a later reply settles once it is understood and acted on (好的, then 确认 KVA9;
#: 几点来着？, then 確認，謝謝): the customer has said what they meant.
SETTLED_BY_AN_ANSWER: frozenset[InboxReason] = frozenset(
    {InboxReason.UNCLEAR_REPLY, InboxReason.NO_APPOINTMENT, InboxReason.HELP_REQUESTED}
)


def reason_for_reply(
    intent: Intent,
    *,
    matched_appointment: bool,
    customer_has_appointments: bool,
    status_after: AppointmentStatus | None,
    offer_sent: bool = False,
) -> InboxReason | None:
    """Why a reply needs a person, or None when the machine dealt with it fully (a change
    answered with an offer of new times, ``offer_sent``, waits for the customer's pick)."""
    if intent is Intent.OPT_OUT:
        return InboxReason.OPTED_OUT
    if intent in (Intent.OPT_IN, Intent.OFFER_PICK, Intent.QUESTION_TIME, Intent.QUESTION_PLACE):
        return None  # answered by the machine; nothing for a person to do
    if not customer_has_appointments:
        return InboxReason.UNKNOWN_NUMBER
    if intent is Intent.HELP:
        return InboxReason.HELP_REQUESTED
    if intent not in APPOINTMENT_INTENTS:
        return InboxReason.UNCLEAR_REPLY
    if not matched_appointment:
        return InboxReason.NO_APPOINTMENT
    if intent is Intent.CHANGE and status_after is AppointmentStatus.CHANGE_REQUESTED:
        return None if offer_sent else InboxReason.CHANGE_REQUESTED
    return None


#: Outbound statuses that go to the inbox, and why.
TEXT_PROBLEMS: dict[MessageStatus, InboxReason] = {
    MessageStatus.FAILED: InboxReason.TEXT_FAILED,
    MessageStatus.UNDELIVERED: InboxReason.TEXT_FAILED,
    MessageStatus.UNCERTAIN: InboxReason.TEXT_UNCERTAIN,
}
