"""Campaigns: planning a salon's offer (the dry run), starting and cancelling it, its results
counted from the texts it sent, and the birthday automation that starts one a salon day."""
