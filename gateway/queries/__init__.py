"""Read models for the API and the staff console: the inbox, customers' threads, a day's
appointments and the API's pages of them, customer search and counts, texts by status, the CRM
delivery log. Handlers and pages read through these instead of writing SQL themselves.

They take a session and a salon id, and read only that salon's rows: another salon's id is
simply not found.
"""
