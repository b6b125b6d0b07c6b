"""A customer's reply, from the webhook or a provider's push to the appointment's new state.

Entry points: ``inbound.store_known_reply`` and ``inbound.receive_reply`` (the webhook stores a
reply once and hands it off: one statement for a customer the salon knows, else a session),
``pushes.keep_push`` / ``pushes.process_push`` (a provider's push kept, then read record by record,
``push_records`` routing each), ``processing.process_replies`` (a worker reads each reply once and
asks ``gateway.domain.decide``; ``batch_reads`` loads what deciding reads for the whole batch,
with the statements ``batch_statements`` builds once), ``batch_writes`` (most decisions of a
batch written set-wise, one statement per kind of change, through ``gateway.bulk`` where it
updates rows by id) and ``decisions.apply_decision`` (the rest, through the ORM);
``strangers`` answers numbers with no appointment.
"""
