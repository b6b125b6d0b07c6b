"""Secrets out of every log line, and no log line forged by what a caller sent.

The push URLs carry the callback token (``/sms/aliyun/<token>/up``), and Flask logs the path of
a request that raised (``Exception on /sms/aliyun/<token>/up [POST]``), as the development
server and gunicorn log request lines. Every log record is scrubbed when it is made, whoever
makes it and whichever handler writes it: each secret becomes ``***`` in its message, its
arguments and its traceback. Control characters (a newline above all) in the values a message
is built from are escaped, so a pushed field can never start a line of its own; the format
strings, ours, keep theirs.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Final

REDACTED: Final = "***"
SECRET_MIN: Final = 8

_secrets: set[str] = set()
_installed = threading.Lock()
_factory_installed = False
#: Every C0 control character and DEL, written as Python would escape it.
_ESCAPES: Final = {code: ascii(chr(code))[1:-1] for code in (*range(0x00, 0x20), 0x7F)}


def redact_in_logs(*secrets: str) -> None:
    """Scrub ``secrets`` from every log record made from now on (ones shorter than
    ``SECRET_MIN`` characters are ignored: they would blank ordinary words)."""
    global _factory_installed
    with _installed:
        _secrets.update(secret for secret in secrets if len(secret) >= SECRET_MIN)
        if _factory_installed:
            return
        make_record = logging.getLogRecordFactory()

        def scrubbed_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = make_record(*args, **kwargs)
            _scrub(record)
            return record

        logging.setLogRecordFactory(scrubbed_record)
        _factory_installed = True


def _redact(text: str) -> str:
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def _clean(value: object) -> object:
    """A value a message is built from: text (and an exception's words) scrubbed, anything
    else as it is, so that ``%d`` and ``%.1f`` still format their numbers."""
    if isinstance(value, str | BaseException):
        return _redact(str(value)).translate(_ESCAPES)
    return value


def _scrub(record: logging.LogRecord) -> None:
    if record.args:
        if isinstance(record.args, dict):
            record.args = {key: _clean(value) for key, value in record.args.items()}
        else:
            record.args = tuple(_clean(value) for value in record.args)
        if isinstance(record.msg, str):
            record.msg = _redact(record.msg)
    elif isinstance(record.msg, str):
        # A message formatted before logging (Flask's "Exception on <path>") may quote a caller.
        record.msg = _redact(record.msg).translate(_ESCAPES)
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = _redact(record.exc_text)
    if record.stack_info:
        record.stack_info = _redact(record.stack_info)
