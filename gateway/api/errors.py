"""The API's one error envelope, ``{"error": {"code", "message", "field"?}}``, and how a request
model's validation errors become it.
"""

from __future__ import annotations

from typing import Final

from flask import Response, jsonify
from pydantic import ValidationError
from pydantic_core import ErrorDetails


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def error_response(status: int, code: str, message: str, field: str | None = None) -> Response:
    error: dict[str, str] = {"code": code, "message": message}
    if field:
        error["field"] = field
    response = jsonify({"error": error})
    response.status_code = status
    return response


#: Codes a request model's own validators raise (``PydanticCustomError``), body-side.
MISSING: Final = "missing_field"
INVALID: Final = "invalid_field"
INVALID_PHONE: Final = "invalid_phone"
#: A body code → its name when the field is a query parameter.
_IN_QUERY: Final = {MISSING: "invalid_parameter", INVALID: "invalid_parameter"}
_OBJECT_TYPES: Final = frozenset({"model_type", "model_attributes_type", "dict_type"})


def from_validation(exc: ValidationError, *, query: bool = False) -> ApiError:
    """The first error of a request model, as a 422 naming the field (``customer.phone``) or
    query parameter at fault."""
    errors = exc.errors(include_url=False)
    # A field the API does not know is reported first: what else is wrong may follow from it.
    error = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    field = ".".join(str(part) for part in error["loc"])
    code, message = _code_and_message(error, field)
    if query:
        code = _IN_QUERY.get(code, code)
        if code == "unknown_field":
            code, message = "unknown_parameter", f"{field} is not a parameter of this endpoint"
    return ApiError(422, code, message, field)


def _code_and_message(error: ErrorDetails, field: str) -> tuple[str, str]:
    kind = error["type"]
    if kind in (MISSING, INVALID):
        return kind, f"{field} {error['msg']}"
    if kind == INVALID_PHONE:
        return kind, f"{field}: {error['msg']}"
    if kind == "extra_forbidden":
        return "unknown_field", f"{field} is not a field you can set"
    if kind == "missing" or (kind in _OBJECT_TYPES and error.get("input") is None):
        return MISSING, f"{field} is required"
    if kind in _OBJECT_TYPES:
        return INVALID, f"{field} must be an object"
    # Every field type raises one of the codes above; this is a safety net, still a clear 422.
    return INVALID, f"{field}: {error['msg']}"
