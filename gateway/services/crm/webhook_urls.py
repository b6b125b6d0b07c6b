"""Which URLs may receive a salon's event webhooks: http(s) to public addresses only.

A salon's API key must not become a probe into our own network, so every address a host resolves
to is checked when the URL is set and again before each delivery (DNS can change), and the
delivery connects to the address that was checked rather than asking DNS a second time.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Any
from urllib.parse import urlsplit

URL_MAX_LENGTH = 500
#: How long setting a URL waits for its host's lookup: the request holds a web process meanwhile,
#: and a name server that never answers must not hold it for the resolver's half minute.
SET_LOOKUP_SECONDS = 5.0

Resolver = Callable[..., Sequence[tuple[Any, ...]]]


class WebhookUrlRefused(ValueError):
    """The URL may not receive webhooks; the message says why, for the salon's engineer."""


class HostNotFound(WebhookUrlRefused):
    """The host did not resolve: refused when set, retried when delivering (DNS has hiccups)."""


#: NAT64 prefixes (RFC 6052, RFC 8215): the IPv4 address is in the last 32 bits of the first,
#: and split around the reserved octet (bits 64-71) in the second.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def embedded_ipv4(address: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, ...]:
    """The IPv4 addresses an IPv6 address leads to (IPv4-mapped, 6to4, Teredo server and
    client, NAT64, IPv4-compatible), or () when it embeds none."""
    packed = address.packed
    if address.ipv4_mapped is not None:
        return (address.ipv4_mapped,)
    if address.sixtofour is not None:
        return (address.sixtofour,)
    if address.teredo is not None:
        return address.teredo
    if address in _NAT64:
        return (ipaddress.IPv4Address(packed[12:]),)
    if address in _NAT64_LOCAL:
        return (ipaddress.IPv4Address(packed[6:8] + packed[9:11]),)
    if int(address) >> 32 == 0 and int(address) > 1:
        # IPv4-compatible (::a.b.c.d), deprecated but still routed by some stacks; :: and ::1
        # are judged as what they are.
        return (ipaddress.IPv4Address(packed[12:]),)
    return ()


def _kind(address: Address) -> str | None:
    """Why webhooks may not go to ``address`` itself, or None when it is public."""
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


def _refusal(address: Address, *, name_embedded: bool = True) -> str | None:
    """Why webhooks may not go to ``address``, or None when it is a public address.

    An IPv6 address that embeds an IPv4 one (2002:7f00:1:: is 6to4 for 127.0.0.1) is judged by
    what it embeds, since that is where the packets end up, and then as itself. The embedded
    address is named only when asked (the URL held the address itself).
    """
    if isinstance(address, ipaddress.IPv6Address):
        for ipv4 in embedded_ipv4(address):
            kind = _kind(ipv4)
            if kind is not None:
                return f"{kind} (it embeds {ipv4})" if name_embedded else kind
        if address.ipv4_mapped is not None or address in _NAT64 or address in _NAT64_LOCAL:
            # ::ffff:a.b.c.d is a.b.c.d, and a NAT64 address is the IPv4 host its translator
            # reaches; both were judged as that. (64:ff9b::/96 lies in ::/8, which Python calls
            # reserved, so judging it as itself would refuse every CRM behind NAT64.)
            return None
    return _kind(address)


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


def resolver_within(seconds: float, resolve: Resolver | None = None) -> Resolver:
    """``resolve`` (the system's resolver by default), given up on after ``seconds``.

    getaddrinfo cannot be interrupted and takes no timeout; the system's own (resolv.conf's
    timeout and attempts, for each server) can reach half a minute. So the lookup runs in a
    thread of its own, which the caller stops waiting for at its deadline: a lookup given up on
    finishes in that thread, unread, when the resolver gives up itself.
    """

    def bounded(*args: Any, **kwargs: Any) -> Sequence[tuple[Any, ...]]:
        found: Future[Sequence[tuple[Any, ...]]] = Future()

        def look_up() -> None:
            try:
                # Looked up now, not when defined: tests replace socket.getaddrinfo.
                found.set_result((resolve or socket.getaddrinfo)(*args, **kwargs))
            except BaseException as exc:  # handed to the waiting caller, which judges it
                found.set_exception(exc)

        threading.Thread(target=look_up, name="webhook-host-lookup", daemon=True).start()
        try:
            return found.result(timeout=seconds)
        except TimeoutError:
            # An OSError: check_webhook_url reports the host as not resolved.
            raise TimeoutError(f"no answer within {seconds:g} s") from None

    return bounded


def check_webhook_url(url: str, *, allow_private: bool, resolve: Resolver | None = None) -> str:
    """Raise WebhookUrlRefused unless ``url`` is http(s) and every address it resolves to is
    public (or ``allow_private``): a salon's key must not become a probe into our network.

    Returns the address to connect to, one of those checked: connecting to the name again
    would ask DNS again, and its answer may have changed since.
    """
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
        found = (resolve or socket.getaddrinfo)(
            host, port or (443 if parts.scheme == "https" else 80), type=socket.SOCK_STREAM
        )
    except (OSError, UnicodeError) as exc:
        raise HostNotFound(f"the host {host} could not be resolved ({exc})") from None
    if not found:
        raise HostNotFound(f"the host {host} could not be resolved")
    # IPv6 link-local addresses carry a zone: fe80::1%eth0.
    addresses = [ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0]) for *_, sockaddr in found]
    if not allow_private:
        literal = _is_address(host)
        for address in addresses:
            kind = _refusal(address, name_embedded=literal)
            if kind is not None:
                # What a name resolved to stays unsaid: the answer would map our network
                # for whoever holds a salon's key.
                where = f"{host} is" if literal else f"{host} resolves to"
                raise WebhookUrlRefused(
                    f"{where} a {kind} address; webhooks go only to public "
                    "addresses (ALLOW_PRIVATE_WEBHOOKS=1 lifts this for local setups)"
                )
    return str(addresses[0])
