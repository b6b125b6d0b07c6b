"""Use cases. Each takes a session and keyword-only arguments and returns a result; none commits:
the caller's transaction does, and only then enqueues the messages the result names.
"""

from gateway.services.appointments.booking import Booking, BookingResult, book
from gateway.services.appointments.staff_edits import StaffEdit, StaffResult, edit_appointment
from gateway.services.desk.stats import SalonStats, salon_stats
from gateway.services.errors import Conflict, ServiceError
from gateway.services.privacy.erasure import ErasureResult, erase_customer
from gateway.services.replies.inbound import Received, receive_reply, store_known_reply
from gateway.services.replies.processing import InboundResult, process_replies
from gateway.services.salons.accounts import create_salon, hash_api_key, salon_for_api_key
from gateway.services.sending.claim import SendOrder, claim_for_sending
from gateway.services.sending.delivery import (
    record_delivery_receipt,
    record_send_failure,
    record_sent,
)
from gateway.services.sweep import sweep
from gateway.services.sweep_counts import SweepResult

__all__ = [
    "Booking",
    "BookingResult",
    "Conflict",
    "InboundResult",
    "SendOrder",
    "ServiceError",
    "SweepResult",
    "book",
    "claim_for_sending",
    "create_salon",
    "process_replies",
    "receive_reply",
    "Received",
    "store_known_reply",
    "hash_api_key",
    "record_delivery_receipt",
    "record_send_failure",
    "record_sent",
    "salon_for_api_key",
    "sweep",
    "ErasureResult",
    "SalonStats",
    "StaffEdit",
    "StaffResult",
    "edit_appointment",
    "erase_customer",
    "salon_stats",
]
