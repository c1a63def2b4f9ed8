"""Security headers on every response, the Host allow-list, and the bearer-token check of the write
endpoint.

The Host allow-list stops DNS rebinding: a page on ``attacker.example`` whose name is made to resolve to
127.0.0.1 reaches a local server with ``Host: attacker.example``, which is refused. Entries are
``name``, ``name:port`` or ``name:*`` (any port, or none); names are compared lower-cased, IPv6
addresses in brackets (``[::1]:8000``).
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import ApiError, error_response, quoted

# No inline script or style, nothing from another origin: every script, style and map shape is ours.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)


class SecurityHeaders:
    """Pure ASGI middleware (cheaper than BaseHTTPMiddleware) adding :data:`HEADERS` to each response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in HEADERS if k not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def check_token(authorization: str | None, token: str) -> None:
    """Raises 401 when no bearer token is given, 403 when it is not the server's."""
    challenge = {"WWW-Authenticate": 'Bearer realm="nestor"'}
    if not authorization:
        raise ApiError(
            401, "this endpoint needs the server's token: send 'Authorization: Bearer TOKEN'", challenge
        )
    scheme, _, given = authorization.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(401, "the Authorization header must be 'Bearer TOKEN'", challenge)
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(403, "wrong token")


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
TEST_CLIENT_HOST = "testserver"  # the Host that Starlette's in-process test client sends
# without a bound address: any port of a loopback name, and the in-process test client
DEFAULT_HOSTS = (*(f"{name}:*" for name in LOOPBACK_NAMES), TEST_CLIENT_HOST)
WILDCARD_ADDRESSES = ("", "0.0.0.0", "::", "[::]")


def _bracketed(name: str) -> str:
    name = name.strip().lower()
    return f"[{name}]" if ":" in name and not name.startswith("[") else name


def is_loopback(host: str) -> bool:
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def allowed_hosts_for(host: str, port: int) -> tuple[str, ...]:
    """The Host values a server bound to ``host``:``port`` answers to: that address, and every loopback
    name when it is a loopback address or all addresses (``0.0.0.0``, ``::``). Port 80 also without
    the port, as browsers send it."""
    names = [] if host.strip() in WILDCARD_ADDRESSES else [_bracketed(host)]
    if not names or is_loopback(host):
        names += [n for n in LOOPBACK_NAMES if n not in names]
    out = [f"{name}:{port}" for name in names]
    if port == 80:
        out += names
    return tuple(out)


def split_host(value: str) -> tuple[str, str | None] | None:
    """``(name, port)`` of a Host value (port None when absent); None when it is not ``name[:port]``."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        name, rest = (value[: end + 1], value[end + 1 :]) if end > 0 else ("", "")
        if not name or (rest and not rest.startswith(":")):
            return None
        port = rest[1:] if rest else None
    else:
        name, colon, after = value.partition(":")
        port = after if colon else None
    if not name or (port is not None and not (port.isascii() and port.isdigit() and len(port) <= 5)):
        return None
    return name, None if port is None else str(int(port))


@dataclass(frozen=True)
class AllowedHosts:
    """Parsed allow-list entries: exact ``(name, port)`` pairs and names allowed on any port."""

    entries: tuple[str, ...]
    exact: frozenset[tuple[str, str | None]]
    any_port: frozenset[str]

    @classmethod
    def parse(cls, hosts: Iterable[str]) -> AllowedHosts:
        """The allow-list of ``hosts`` (ValueError on an entry that is no host, or on none at all)."""
        entries = tuple(h.strip() for h in hosts)
        exact: set[tuple[str, str | None]] = set()
        any_port: set[str] = set()
        for entry in entries:
            parsed = split_host(entry[:-2] if entry.endswith(":*") else entry)
            if parsed is None or (entry.endswith(":*") and parsed[1] is not None):
                raise ValueError(f"not a host name, with or without a port: {entry!r}")
            if entry.endswith(":*"):
                any_port.add(parsed[0])
            else:
                exact.add(parsed)
        if not entries:
            raise ValueError("the list of allowed hosts is empty; name at least one host")
        return cls(entries, frozenset(exact), frozenset(any_port))

    def allows(self, value: str) -> bool:
        parsed = split_host(value)
        return parsed is not None and (parsed in self.exact or parsed[0] in self.any_port)


class HostAllowList:
    """Pure ASGI middleware answering 400 to an HTTP request whose Host header is not allowed."""

    def __init__(self, app: ASGIApp, allowed: AllowedHosts) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        values = [v.decode("latin-1") for k, v in scope.get("headers", []) if k.lower() == b"host"]
        if len(values) == 1 and self.allowed.allows(values[0]):
            await self.app(scope, receive, send)
            return
        shown = quoted(values[0], 100) if len(values) == 1 else "missing or repeated"
        message = (
            f"Host header {shown} is not one this server answers to (DNS rebinding protection); "
            f"it answers to {', '.join(self.allowed.entries)}"
        )
        await error_response(400, message)(scope, receive, send)
