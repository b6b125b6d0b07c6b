"""No address a browser can type gives a 5xx: every GET route of the console and the API (read
from the app's own URL map, so a new route is covered the day it is added), with each query
parameter its view reads set to values at the edges — the first and last days of the
calendar, impossible dates, huge and negative numbers, empty, unicode, bidi controls, NUL —
and path parameters likewise. A 4xx or a page, never a 500."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from urllib.parse import quote, urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pydantic import BaseModel

from gateway.api.schemas import feedback as feedback_models
from gateway.api.schemas import requests as request_models
from gateway.db import Database
from tests.integration.test_console import make_staff, sign_in
from tests.support import SalonHandle, book, reply

EDGE_VALUES = (
    "",
    " ",
    "9999-12-31",
    "0001-01-01",
    "0000-00-00",
    "10000-01-01",
    "2026-02-30",
    "2026-13-01",
    "9999-12-31T23:59:59+14:00",
    "0001-01-01T00:00:00-12:00",
    "9999-12-31T23:59:59-12:00",
    "0001-01-01T00:00:00+14:00",
    "2026-11-23T10:00:00",
    "99999999999999999999999999",
    "9223372036854775808",
    "-1",
    "0",
    "1e309",
    "NaN",
    "-inf",
    "日本語",
    "\u202e1202-11-32",
    "\x00",
    "%",
    "a" * 5000,
    "true",
    "all",
)
PATH_INTS = ("1", "0", "2147483648", "9223372036854775808", "99999999999999999999999999")
PATH_STRINGS = ("A-1", "+8613800138000", "13800138000", "\u202eA-1", "9" * 300, "日本", "%00")
PATH_FILES = ("console.js", "../../config.py", "nothing.css")

_ARG_NAME = re.compile(r"request\.args\.get(?:list)?\(\s*\"(\w+)\"")
_QUERY_MODEL = re.compile(r"parse_query\((\w+)\)")


def query_names(app: Flask, endpoint: str) -> list[str]:
    """The query parameters a view reads: ``request.args`` in its code, or its query model's."""
    source = inspect.getsource(app.view_functions[endpoint])
    names = set(_ARG_NAME.findall(source))
    for model_name in _QUERY_MODEL.findall(source):
        model: type[BaseModel] = getattr(request_models, model_name, None) or getattr(
            feedback_models, model_name
        )
        names |= {field.alias or name for name, field in model.model_fields.items()}
    return sorted(names)


def paths(app: Flask) -> Iterator[tuple[str, str]]:
    """(endpoint, path) for every GET route, each path parameter given each of its edge values."""
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()):
            continue
        options: list[dict[str, str]] = [{}]
        for argument, converter in rule._converters.items():
            kind = type(converter).__name__
            values = {"IntegerConverter": PATH_INTS, "PathConverter": PATH_FILES}.get(
                kind, PATH_STRINGS
            )
            options = [{**o, argument: v} for o in options for v in values]
        for values in options:
            path = rule.rule
            for argument, value in values.items():
                path = re.sub(rf"<[^>]*\b{argument}>", quote(value, safe=""), path)
            yield rule.endpoint, path


@pytest.fixture
def visitor(client: FlaskClient, db: Database, salon: SalonHandle) -> FlaskClient:
    """Signed in to the console and carrying the salon's API key, with data on every page."""
    book(client, salon)
    reply(client, salon, "看情况？")
    make_staff(db, salon, "lily@salon.example", owner=True)
    assert sign_in(client, "lily@salon.example").status_code == 302
    client.environ_base["HTTP_AUTHORIZATION"] = salon.headers["Authorization"]
    return client


def test_no_typed_address_gives_a_5xx(app: Flask, visitor: FlaskClient) -> None:
    broken: list[str] = []
    tried = 0
    for endpoint, path in paths(app):
        names = query_names(app, endpoint)
        queries = [""]
        for value in EDGE_VALUES:
            queries += [urlencode({name: value}) for name in names]
            if len(names) > 1:
                queries.append(urlencode(dict.fromkeys(names, value)))
        for query in queries:
            target = f"{path}?{query}" if query else path
            tried += 1
            try:
                status = visitor.get(target).status_code
            except Exception as exc:  # what gunicorn would answer with a 500
                broken.append(f"{type(exc).__name__} GET {target[:100]}")
                continue
            if status >= 500:
                broken.append(f"{status} GET {target[:100]}")
    assert tried > 500
    assert broken == [], "\n".join(broken)
