"""The front desk: the ``inbox`` of what needs a person, staff's ``answers`` to customers, their
console ``accounts``, and the salon's figures (``stats``).
"""
