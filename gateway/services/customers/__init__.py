"""What a salon holds about a customer for marketing: ``facts`` (name, birthday, tags) and
``consent`` (given, withdrawn, and withdrawn by an opt-out, each change kept with its evidence).
"""
