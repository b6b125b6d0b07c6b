"""Appointments as the salon's CRM and staff change them.

Entry points: ``booking.book`` (the CRM creates or moves a booking),
``staff_edits.edit_appointment`` (staff move, edit or set a status), ``reminders`` (planned at
booking, queued by the sweep when due); ``changes`` holds what every feature does alike to an
appointment or a customer (a status change through the lifecycle table, opting a customer out).
"""
