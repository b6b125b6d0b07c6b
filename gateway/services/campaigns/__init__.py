"""Campaigns: planning a salon's offer (the dry run), starting and cancelling it, and its
results counted from the texts it sent."""
