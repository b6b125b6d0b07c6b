"""Texts out: queued as rows, handed to the salon's provider, and followed to delivery.

Entry points: ``outbox.queue_text`` (a text queued, respecting quiet hours), ``batch.send_batch``
(a send job's batch, claimed and handed to the providers a wave at a time), ``claim`` (a batch's
texts taken to be sent, by every rule), ``delivery`` (recording what became of them, receipts),
``provider_calls.send_through`` and ``record_failure`` (the provider's answer by meaning),
``provider_state`` (what a provider needs before a text goes; holding a salon it refuses),
``daily_cap``, ``template_codes`` (the codes providers gave our approved templates),
``template_submission`` (the templates as submitted for approval, and the file of codes that
comes back).
"""
