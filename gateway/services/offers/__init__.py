"""Offers of new times: when the stylists are free (``availability``, published by the CRM) and
the offer texted to a customer who asked to change (``new_times``).
"""
