"""Satisfaction surveys after a visit: ``invitations`` (planned when a visit is completed, sent by
the sweep) and ``feedback`` (what deciding a reply needs of an open survey, and an answer kept
and told to the CRM).
"""
