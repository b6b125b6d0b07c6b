"""Salons: their ``accounts`` (API keys), ``settings`` (each field's rule, for the CLI and the
API) and ``providers`` (the provider a salon sends through and its identity there).
"""
