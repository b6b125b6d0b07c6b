"""The salon's CRM hears of what happened: ``events.emit`` writes an event in the transaction
that caused it, ``webhook_delivery`` posts it signed and retries, ``webhook_urls`` says which URLs
may receive it.
"""
