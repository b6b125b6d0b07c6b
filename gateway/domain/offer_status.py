"""Where an offer of new times is: open until the customer picks, declines, it expires, or the
salon withdraws it.

Pure: a StrEnum whose values are what the database stores and the CRM reads.
"""

from __future__ import annotations

from enum import StrEnum


class OfferStatus(StrEnum):
    OPEN = "open"
    #: The customer picked a slot: the appointment moved to it.
    ACCEPTED = "accepted"
    #: Past ``expires_at`` without a pick (closed by the sweep, or by a late pick).
    EXPIRED = "expired"
    #: The customer said none of the slots suit (都不行): staff take it from the inbox.
    DECLINED = "declined"
    #: The salon took it back (``DELETE …/offers/<id>``), made a newer one, or the appointment
    #: moved on (cancelled, rebooked) before a pick.
    WITHDRAWN = "withdrawn"


class OfferSource(StrEnum):
    """Who made the offer."""

    #: The gateway itself, from published availability, when the customer asked for a change.
    AUTOMATIC = "automatic"
    #: The salon's CRM (``POST …/offers``).
    CRM = "crm"
    #: Staff in the console.
    STAFF = "staff"
