"""The vocabulary of a text message: which way it goes, where it is, which template wrote it,
and where a planned reminder is.

Pure: StrEnums whose values are what the database stores, so mypy catches a misspelt status
and a row reads back as the member it was written as.
"""

from __future__ import annotations

from enum import StrEnum


class MessageDirection(StrEnum):
    OUTBOUND = "outbound"
    INBOUND = "inbound"


class MessageStatus(StrEnum):
    """Where an SMS is: outbound queued → sending → sent (→ delivered/failed); inbound received."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    #: Not sent on purpose (the customer opted out, the appointment moved on).
    CANCELLED = "cancelled"
    #: Handed to the provider, but no answer came: it may or may not have gone, so it is not
    #: sent again blindly. A status callback for it settles the question; if none comes within
    #: an hour, the salon's CRM hears of it (``message.uncertain``).
    UNCERTAIN = "uncertain"
    UNDELIVERED = "undelivered"
    #: Over the salon's daily cap: waits (send_after) for the next day, then goes as queued.
    HELD = "held"
    RECEIVED = "received"


class ReminderStatus(StrEnum):
    PENDING = "pending"
    #: Its message was created (and went through the outbox like any other).
    QUEUED = "queued"
    #: Not sent, on purpose; ``decision`` says why.
    SKIPPED = "skipped"
    #: The appointment moved: a reminder for the new time replaces it.
    CANCELLED = "cancelled"


class TemplateName(StrEnum):
    """Every message the gateway sends: one ``templates_sms/<locale>/<name>.txt`` per locale."""

    CONFIRMATION_REQUEST = "confirmation_request"
    CONFIRMED = "confirmed"
    CHANGE_RECEIVED = "change_received"
    CANCELLED = "cancelled"
    ALREADY_CANCELLED = "already_cancelled"
    CANCELLED_BY_SALON = "cancelled_by_salon"
    REMINDER = "reminder"
    REMINDER_UNCONFIRMED = "reminder_unconfirmed"
    HELP = "help"
    AMBIGUOUS = "ambiguous"
    NO_APPOINTMENT = "no_appointment"
    OPTED_OUT = "opted_out"
    OPTED_IN = "opted_in"
    #: Staff's own words, answering a customer (gateway/services/desk/answers.py).
    STAFF_ANSWER = "staff_answer"
    #: New times to pick from by letter, one template per number of slots: a provider's
    #: template may not leave a variable empty (gateway/services/offers/new_times.py).
    OFFER_1 = "offer_1"
    OFFER_2 = "offer_2"
    OFFER_3 = "offer_3"
    #: The slot a customer picked is no longer free; their appointment is unchanged.
    OFFER_GONE = "offer_gone"
    #: Answers staff choose where only approved templates go (gateway/domain/answers.py).
    ANSWER_CALL_SOON = "answer_call_soon"
    #: Retired: it told the customer a new time without moving the appointment (reminders still
    #: went for the old one). Staff move it instead (Today's, or an inbox item's "move to…").
    #: Kept so the texts once sent with it still read; never offered, never submitted.
    ANSWER_NEW_TIME = "answer_new_time"
    ANSWER_CALL_US = "answer_call_us"
    #: The machine's answers to 几点来着 and 在哪里 (gateway/domain/decide.py).
    ANSWER_TIME = "answer_time"
    ANSWER_PLACE = "answer_place"
    #: After a completed visit: a score 1-5 asked for (gateway/services/surveys/invitations.py);
    #: optional where only approved templates go, as is the thanks for a score.
    SURVEY = "survey"
    SURVEY_THANKS = "survey_thanks"
    #: A campaign's offer to customers who agreed to marketing (gateway/services/campaigns/):
    #: the one marketing template, submitted as the providers' promotional type, and every
    #: text of it ends with the opt-out line its sender requires (gateway/domain/campaigns.py).
    CAMPAIGN_OFFER = "campaign_offer"
