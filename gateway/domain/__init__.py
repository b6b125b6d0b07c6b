"""The product's judgement, free of I/O: lifecycle, reply understanding, SMS wording and size."""
