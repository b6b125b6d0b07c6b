"""Keeping as little as we need: ``erasure`` of a customer on request, ``retention`` of old
message bodies and pushes.
"""
