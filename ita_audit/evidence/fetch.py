"""Fetching the documents behind an index's links, safely.

* Only ``http`` and ``https``. The host is resolved first and every address it resolves to is
  checked: private, loopback, link-local, multicast, reserved and unspecified addresses are
  refused (unless ``allow_private``), and the connection goes to the checked address (the
  ``Host`` header and TLS name stay the host's), so a second DNS answer cannot redirect it.
  The same checks run again on every redirect (at most :data:`MAX_REDIRECTS`; a loop is
  recognised and ends the chase).
* Timeouts on connecting, on each read and on the whole answer (a server that trickles bytes
  cannot hold a fetch), bounded retries with exponential backoff on connection
  errors, timeouts and 5xx answers, a User-Agent that names the tool, and a size cap: a body
  that declares or reaches more than ``max_bytes`` stops being read (``too_large``).
* At most :data:`PER_HOST` requests at a time to one host.

A failure is a status with a message (:class:`~ita_audit.evidence.archive.Fetched`), never an
exception: one bad link never stops the others.
"""
from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from ita_audit import __version__
from ita_audit.evidence.archive import DEFAULT_MAX_BYTES

MAX_REDIRECTS = 5
PER_HOST = 2
USER_AGENT = (f"ita-audit/{__version__} (evidence collector for Thailand's ITA audits; "
              "fetches each linked document once)")


@dataclass(frozen=True)
class Policy:
    """How documents are fetched."""

    allow_private: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 300.0           # seconds for one answer's body, however it trickles
    retries: int = 2                       # further attempts after the first
    backoff: float = 0.5                   # seconds before the first retry, doubled each time
    # host -> (address, port): fetch this host from that address (like curl's --resolve);
    # the address is still checked like any other
    resolve: Mapping[str, tuple[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Response:
    """What fetching one URL gave."""

    url: str
    status: str                            # ok | broken | refused | too_large | error
    final_url: str | None = None
    http_status: int | None = None
    content_type: str | None = None
    body: bytes | None = None
    message: str = ""


class _Stop(Exception):
    """Ends the chase of one URL with a status."""

    def __init__(self, status: str, message: str, http_status: int | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.http_status = status, message, http_status


def address_problem(address: str) -> str | None:
    """Why an address may not be fetched from (private, loopback, …), or None."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for test, name in ((ip.is_loopback, "loopback"), (ip.is_unspecified, "unspecified"),
                       (ip.is_link_local, "link-local"), (ip.is_multicast, "multicast"),
                       (ip.is_private, "private"), (ip.is_reserved, "reserved"),
                       (not ip.is_global, "non-public")):
        if test:
            return f"{name} address {address}"
    return None


def _addresses(host: str, port: int, policy: Policy) -> tuple[list[str], int]:
    """The addresses (and port) to connect to for ``host``."""
    if host in policy.resolve:
        address, mapped = policy.resolve[host]
        return [address], mapped
    try:
        ipaddress.ip_address(host)
        return [host], port
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise _Stop("broken", f"host {host} not found ({err})") from None
    return list(dict.fromkeys(info[4][0] for info in infos)), port


class HostLimits:
    """At most :data:`PER_HOST` requests at a time to each host."""

    def __init__(self, per_host: int = PER_HOST) -> None:
        self._lock = threading.Lock()
        self._slots: dict[str, threading.Semaphore] = {}
        self._per_host = per_host

    def slot(self, host: str) -> threading.Semaphore:
        with self._lock:
            return self._slots.setdefault(host, threading.Semaphore(self._per_host))


def fetch(url: str, client: httpx.Client, policy: Policy,
          limits: HostLimits | None = None,
          sleep: Callable[[float], None] = time.sleep) -> Response:
    """Fetch one URL under the policy; never raises for what the network or the server does."""
    limits = limits or HostLimits()
    seen: list[str] = []
    current = url
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            if current in seen:
                raise _Stop("error", f"redirect loop: {current} again after "
                            f"{len(seen) - 1} redirect(s)")
            seen.append(current)
            answer = _with_retries(current, client, policy, limits, sleep)
            if isinstance(answer, str):              # a redirect: follow it, checked again
                current = answer
                continue
            return Response(url, "ok", final_url=current, http_status=answer[0],
                            content_type=answer[1], body=answer[2],
                            message=f"{len(answer[2]):,} bytes"
                            + (f" after {len(seen) - 1} redirect(s)" if len(seen) > 1 else ""))
        raise _Stop("error", f"more than {MAX_REDIRECTS} redirects")
    except _Stop as stop:
        return Response(url, stop.status, final_url=current, http_status=stop.http_status,
                        message=stop.message)


def _with_retries(url: str, client: httpx.Client, policy: Policy, limits: HostLimits,
                  sleep: Callable[[float], None]) -> str | tuple[int, str | None, bytes]:
    """One hop, retried on connection errors, timeouts and 5xx; a redirect target or
    (HTTP status, content type, body)."""
    attempt = 0
    while True:
        try:
            return _hop(url, client, policy, limits)
        except _Stop as stop:
            retry = stop.status == "retry" or (stop.status == "broken" and stop.http_status
                                               and stop.http_status >= 500)
            if not retry or attempt >= policy.retries:
                if stop.status == "retry":
                    raise _Stop("error" if "timed out" in stop.message else "broken",
                                stop.message + (f" ({attempt + 1} attempts)" if attempt else ""),
                                stop.http_status) from None
                raise
            sleep(policy.backoff * 2 ** attempt)
            attempt += 1


def _hop(url: str, client: httpx.Client, policy: Policy,
         limits: HostLimits) -> str | tuple[int, str | None, bytes]:
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as err:
        raise _Stop("error", f"malformed URL ({err})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise _Stop("refused", f"only http(s) links are followed, not {scheme or 'no scheme'}:")
    host = (parts.hostname or "").lower()
    if not host:
        raise _Stop("error", "the URL names no host")
    addresses, port = _addresses(host, port, policy)
    if not policy.allow_private:
        for address in addresses:
            problem = address_problem(address)
            if problem:
                raise _Stop("refused", f"{host} resolves to a {problem}; private, loopback and "
                            "link-local addresses are not fetched (--allow-private permits them)")
    address = addresses[0]
    shown = f"[{address}]" if ":" in address else address
    path = parts.path or "/"
    target = f"{scheme}://{shown}:{port}{path}" + (f"?{parts.query}" if parts.query else "")
    host_header = host if parts.port is None else f"{host}:{parts.port}"
    extensions = {"sni_hostname": host} if scheme == "https" else {}
    timeout = httpx.Timeout(policy.read_timeout, connect=policy.connect_timeout)
    with limits.slot(host):
        try:
            with client.stream("GET", target, headers={"Host": host_header}, timeout=timeout,
                               extensions=extensions) as response:
                return _answer(url, response, policy)
        except httpx.TimeoutException as err:
            raise _Stop("retry", f"timed out ({type(err).__name__})") from None
        except httpx.TransportError as err:
            raise _Stop("retry", f"no answer from {host} ({type(err).__name__}: {err})") from None
        except httpx.InvalidURL as err:
            raise _Stop("error", f"malformed URL ({err})") from None


def _answer(url: str, response: httpx.Response,
            policy: Policy) -> str | tuple[int, str | None, bytes]:
    status = response.status_code
    if 300 <= status < 400 and "location" in response.headers:
        return urljoin(url, response.headers["location"].strip())
    if status >= 400:
        raise _Stop("broken", f"HTTP {status} {response.reason_phrase}".strip(), status)
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > policy.max_bytes:
        raise _Stop("too_large", f"declares {int(declared):,} bytes, over the cap of "
                    f"{policy.max_bytes:,}", status)
    body = bytearray()
    deadline = time.monotonic() + policy.total_timeout
    for chunk in response.iter_bytes():            # as it arrives: no re-chunking
        body.extend(chunk)
        if time.monotonic() > deadline:
            raise _Stop("error", f"the answer took more than {policy.total_timeout:g} s "
                        f"({len(body):,} bytes so far); stopped reading", status)
        if len(body) > policy.max_bytes:
            raise _Stop("too_large", f"more than {policy.max_bytes:,} bytes (the cap); stopped "
                        "reading", status)
    content_type = response.headers.get("content-type")
    return status, content_type.split(";")[0].strip().lower() if content_type else None, bytes(body)


def new_client() -> httpx.Client:
    """An HTTP client for :func:`fetch` (redirects are followed by :func:`fetch` itself, each
    hop checked)."""
    return httpx.Client(follow_redirects=False, headers={"User-Agent": USER_AGENT},
                        trust_env=False)
