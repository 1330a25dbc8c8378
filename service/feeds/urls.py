"""Canonical article URLs: the same story reached through tracking links,
fragments or differently-cased hosts gets the same identity."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low.startswith("utm_") or low in _TRACKING_PARAMS


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop default port, fragment and tracking
    parameters (utm_*, fbclid, gclid, ...); keep the rest of the query in order.
    Non-http(s) or unparseable input is returned stripped but otherwise unchanged."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return text
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    # user:password@ is dropped on purpose: credentials must never reach ids
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not _is_tracking(k)])
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, query, ""))


def is_absolute_uri(value: str) -> bool:
    """True for ids that are globally unique by construction (URLs, urn:, tag:)."""
    low = value.strip().lower()
    return low.startswith(("http://", "https://", "urn:", "tag:"))
