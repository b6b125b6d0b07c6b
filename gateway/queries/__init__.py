"""Read models for the API and the staff console: the inbox, customers' threads, a day's
appointments, customer search. They take a session and a salon id, and read only that salon's
rows: another salon's id is simply not found.
"""
