"""The vocabulary of what the salon's CRM hears: event types, and where a CRM delivery is.

"Delivery" here is an event POSTed to the CRM's webhook URL, never an SMS delivery receipt.
Pure: StrEnums whose values are what the database stores and the CRM reads.
"""

from __future__ import annotations

from enum import StrEnum


class EventType(StrEnum):
    #: Booked at the front desk (the console): the CRM did not make it.
    APPOINTMENT_CREATED = "appointment.created"
    APPOINTMENT_CONFIRMED = "appointment.confirmed"
    APPOINTMENT_CHANGE_REQUESTED = "appointment.change_requested"
    APPOINTMENT_CANCELLED = "appointment.cancelled"
    APPOINTMENT_REPLY_UNCLEAR = "appointment.reply_unclear"
    MESSAGE_FAILED = "message.failed"
    MESSAGE_UNCERTAIN = "message.uncertain"
    CUSTOMER_OPTED_OUT = "customer.opted_out"
    CUSTOMER_OPTED_IN = "customer.opted_in"
    SALON_SMS_CAP_REACHED = "salon.sms_cap_reached"
    SALON_PROVIDER_BLOCKED = "salon.provider_blocked"
    SALON_PROVIDER_RESUMED = "salon.provider_resumed"
    #: The appointment moved to a new time the customer picked from an offer, or staff moved it
    #: from the console (``by`` says which).
    APPOINTMENT_RESCHEDULED = "appointment.rescheduled"
    OFFER_SENT = "offer.sent"
    OFFER_ACCEPTED = "offer.accepted"
    OFFER_EXPIRED = "offer.expired"
    OFFER_DECLINED = "offer.declined"
    #: A customer answered a satisfaction survey (a score, a comment, or both).
    FEEDBACK_RECEIVED = "feedback.received"
    #: A customer's consent to marketing was given or withdrawn (by the API, staff, or the
    #: customer opting out of texts).
    CONSENT_CHANGED = "consent.changed"
    #: The last text of a campaign was settled (sent, failed or cancelled): its results.
    CAMPAIGN_FINISHED = "campaign.finished"


class CrmDeliveryStatus(StrEnum):
    """Where one event for the CRM is (a ``webhook_deliveries`` row)."""

    PENDING = "pending"
    DELIVERED = "delivered"
    #: Retries exhausted (about 24 h), or the endpoint is gone (410) or refused by policy.
    FAILED = "failed"
