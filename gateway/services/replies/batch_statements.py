"""The statements a worker's batch writes with on PostgreSQL where a row per reply would be an
executemany: the batch's values go as arrays, and ``unnest`` makes them a table to UPDATE from
(one statement, a few parameters, whatever the batch's size). Elsewhere ``batch_writes`` sends
an executemany.
"""

from __future__ import annotations

from sqlalchemy import ARRAY, Integer, String, Table, bindparam, func, update

from gateway.models import Appointment, Message

_MESSAGES: Table = Message.__table__  # type: ignore[assignment]
_APPOINTMENTS: Table = Appointment.__table__  # type: ignore[assignment]

#: The replies acted on and the appointments moved, on PostgreSQL: one UPDATE each from the
#: batch's arrays (``unnest``), not an executemany of a row per reply.
_ACTED = (
    func.unnest(
        bindparam("b_ids", type_=ARRAY(Integer)),
        bindparam("b_intents", type_=ARRAY(String)),
        bindparam("b_appointment_ids", type_=ARRAY(Integer)),
    )
    .table_valued("id", "intent", "appointment_id")
    .render_derived(name="acted")
)
ACT_ON_REPLIES = (
    update(_MESSAGES)
    .where(_MESSAGES.c.id == _ACTED.c.id)
    .values(
        processed_at=bindparam("b_now", type_=_MESSAGES.c.processed_at.type),
        intent=_ACTED.c.intent,
        appointment_id=_ACTED.c.appointment_id,
    )
)
_MOVED = (
    func.unnest(
        bindparam("b_ids", type_=ARRAY(Integer)), bindparam("b_statuses", type_=ARRAY(String))
    )
    .table_valued("id", "status")
    .render_derived(name="moved")
)
MOVE_APPOINTMENTS = (
    update(_APPOINTMENTS)
    .where(_APPOINTMENTS.c.id == _MOVED.c.id)
    .values(
        status=_MOVED.c.status,
        updated_at=bindparam("b_now", type_=_APPOINTMENTS.c.updated_at.type),
    )
)
