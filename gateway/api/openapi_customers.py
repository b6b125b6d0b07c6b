"""The document's paths of a customer by phone number (``gateway.api.customers``): reading,
changing the marketing facts, consent, the export and erasure; kept beside ``openapi_paths`` so
that neither grows past what one reader holds."""

from __future__ import annotations

from gateway.api.openapi_paths import IDEMPOTENCY_KEY, PHONE, Schema, _ok, _operation


def customer_paths() -> dict[str, Schema]:
    return {
        "/customers/{phone}": {
            "get": _operation(
                "getCustomer",
                "A customer: marketing facts, current consent, whether marketing may reach them, "
                "and counts of their appointments and messages",
                {200: _ok("CustomerSummary", "the customer")},
                [404, 422],
                parameters=[PHONE],
            ),
            "patch": _operation(
                "changeCustomer",
                "Change a customer's name, birthday or tags: only what is sent changes, and one "
                "bad value changes nothing",
                {200: _ok("CustomerSummary", "the customer, as it is now")},
                [400, 404, 409, 413, 415, 422],
                parameters=[PHONE, IDEMPOTENCY_KEY],
                body="CustomerFacts",
                example={"name": "王女士", "birthday": "03-15", "tags": ["VIP", "烫发"]},
            ),
            "delete": _operation(
                "eraseCustomer",
                "Erase a customer: number, name, message bodies, marketing facts and consent "
                "history; counts stay",
                {204: {"description": "erased, or there was no such customer"}},
                [422],
                parameters=[PHONE],
            ),
        },
        "/customers/{phone}/consent": {
            "put": _operation(
                "changeConsent",
                "Record the customer's consent to marketing (method and evidence) or its "
                "withdrawal: each call is a new change in their history (consent.changed); an "
                "opt-out of texts still outranks it",
                {200: _ok("CustomerSummary", "the customer, with the consent recorded")},
                [400, 404, 413, 415, 422],
                parameters=[PHONE],
                body="ConsentRequest",
                example={
                    "marketing": True,
                    "method": "paper_form",
                    "evidence": "会员登记表 No.0042",
                    "at": "2026-12-05T15:30:00+08:00",
                },
            )
        },
        "/customers/{phone}/export": {
            "get": _operation(
                "exportCustomer",
                "Everything held about the customer, as one JSON document (a PIPL access "
                "request): facts, consent history, appointments, messages, feedback",
                {200: _ok("CustomerExport", "the customer's data")},
                [404, 422],
                parameters=[PHONE],
            )
        },
    }
