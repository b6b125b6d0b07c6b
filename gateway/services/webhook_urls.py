"""Which URLs may receive a salon's event webhooks: http(s) to public addresses only.

A salon's API key must not become a probe into our own network, so every address a host resolves
to is checked when the URL is set and again before each delivery (DNS can change).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

URL_MAX_LENGTH = 500

Resolver = Callable[..., Sequence[tuple[Any, ...]]]


class WebhookUrlRefused(ValueError):
    """The URL may not receive webhooks; the message says why, for the salon's engineer."""


class HostNotFound(WebhookUrlRefused):
    """The host did not resolve: refused when set, retried when delivering (DNS has hiccups)."""


def _refusal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why webhooks may not go to ``address``, or None when it is a public address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    # Most specific first: 127.0.0.1 and 169.254.x are "private" too, but the name helps more.
    for flag, kind in (
        (address.is_unspecified, "unspecified"),
        (address.is_loopback, "loopback"),
        (address.is_link_local, "link-local"),
        (address.is_multicast, "multicast"),
        (address.is_private, "private"),
        (address.is_reserved, "reserved"),
        # Shared address space (100.64.0.0/10, carrier NAT) and the like.
        (not address.is_global, "non-public"),
    ):
        if flag:
            return kind
    return None


def check_webhook_url(
    url: str, *, allow_private: bool, resolve: Resolver = socket.getaddrinfo
) -> None:
    """Raise WebhookUrlRefused unless ``url`` is http(s) and every address it resolves to is
    public (or ``allow_private``): a salon's key must not become a probe into our network."""
    if len(url) > URL_MAX_LENGTH:
        raise WebhookUrlRefused(f"the webhook URL is longer than {URL_MAX_LENGTH} characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise WebhookUrlRefused(f"{url!r} is not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise WebhookUrlRefused(f"{url!r}: the webhook URL must start with https:// or http://")
    host = parts.hostname
    if not host:
        raise WebhookUrlRefused(f"{url!r} names no host")
    try:
        found = resolve(
            host, port or (443 if parts.scheme == "https" else 80), type=socket.SOCK_STREAM
        )
    except (OSError, UnicodeError) as exc:
        raise HostNotFound(f"the host {host} could not be resolved ({exc})") from None
    if not found:
        raise HostNotFound(f"the host {host} could not be resolved")
    if allow_private:
        return
    for *_, sockaddr in found:
        # IPv6 link-local addresses carry a zone: fe80::1%eth0.
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        kind = _refusal(address)
        if kind is not None:
            raise WebhookUrlRefused(
                f"{host} resolves to {address}, a {kind} address; webhooks go only to public "
                "addresses (ALLOW_PRIVATE_WEBHOOKS=1 lifts this for local setups)"
            )
