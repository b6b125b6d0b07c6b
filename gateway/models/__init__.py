"""The stored world: salons, their customers, appointments, the SMS thread and the audit trail.

Constraints that keep data true live here, in the schema, so that several web and worker
processes cannot break them between a check and a write.

The tables live in modules by area — ``salons`` (salons, customers, appointments), ``messages``
(the SMS thread, reminders), ``offers`` (availability, offers of new times), ``crm`` (event
deliveries, idempotent requests), ``desk`` (staff, inbox, taught phrases), ``surveys`` (surveys
after a visit, feedback), ``consent`` (the history of customers' consent to marketing),
``campaigns`` (salons' offers to chosen customers), ``pushes`` (providers' pushes, unrouted
replies, approved templates' codes) — on one ``Base``; import them from here. Their
vocabulary (statuses, directions) is StrEnums from ``gateway.domain``, re-exported here.
"""

from gateway.domain.events import CrmDeliveryStatus
from gateway.domain.texts import MessageDirection, MessageStatus, ReminderStatus
from gateway.models.base import Base, StrEnumColumn, UTCDateTime, utcnow
from gateway.models.campaigns import Campaign
from gateway.models.consent import ConsentChange
from gateway.models.crm import IdempotentRequest, WebhookAttempt, WebhookDelivery
from gateway.models.desk import InboxItem, Staff, TaughtPhrase
from gateway.models.messages import Message, Reminder
from gateway.models.offers import FreeInterval, Offer
from gateway.models.pushes import ProviderPush, PushProblem, TemplateCode, UnroutedReply
from gateway.models.salons import Appointment, Customer, DailyTextCount, Salon, StatusChange
from gateway.models.surveys import Feedback, Survey

__all__ = [
    "Appointment",
    "Base",
    "Campaign",
    "ConsentChange",
    "CrmDeliveryStatus",
    "Customer",
    "DailyTextCount",
    "Feedback",
    "FreeInterval",
    "IdempotentRequest",
    "InboxItem",
    "Message",
    "MessageDirection",
    "MessageStatus",
    "Offer",
    "ProviderPush",
    "PushProblem",
    "Reminder",
    "ReminderStatus",
    "Salon",
    "Staff",
    "TemplateCode",
    "UnroutedReply",
    "StatusChange",
    "StrEnumColumn",
    "Survey",
    "TaughtPhrase",
    "UTCDateTime",
    "WebhookAttempt",
    "WebhookDelivery",
    "utcnow",
]
