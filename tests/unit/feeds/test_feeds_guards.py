from __future__ import annotations

import gzip
import ipaddress
import zlib

import pytest

from service.errors import ConfigError
from service.feeds.decode import BodyDecoder, BodyTooLarge
from service.feeds.opml import feeds_from_opml
from service.feeds.ssrf import address_allowed


@pytest.mark.parametrize(("address", "allowed"), [
    ("93.184.216.34", True), ("2606:2800:220:1:248:1893:25c8:1946", True),
    ("127.0.0.1", False), ("10.1.2.3", False), ("192.168.0.10", False), ("172.16.5.5", False),
    ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.1", False),
    ("::1", False), ("fd00:ec2::254", False), ("fe80::1", False), ("::ffff:127.0.0.1", False),
    ("::ffff:93.184.216.34", True),
])
def test_address_policy(address: str, allowed: bool) -> None:
    assert address_allowed(ipaddress.ip_address(address)) is allowed


def _decode_all(decoder: BodyDecoder, data: bytes, chunk: int = 8192) -> bytes:
    out = [decoder.feed(data[i:i + chunk]) for i in range(0, len(data), chunk)]
    return b"".join(out) + decoder.finish()


def test_gzip_and_deflate_bodies_decode() -> None:
    text = b"<rss>" + b"news " * 5000 + b"</rss>"
    assert _decode_all(BodyDecoder("gzip", 1 << 20), gzip.compress(text)) == text
    assert _decode_all(BodyDecoder("deflate", 1 << 20), zlib.compress(text)) == text
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    assert _decode_all(BodyDecoder("deflate", 1 << 20), raw.compress(text) + raw.flush()) == text
    assert _decode_all(BodyDecoder(None, 1 << 20), text) == text


def test_gzip_bomb_is_cut_at_the_limit_without_inflating_it() -> None:
    bomb = gzip.compress(b"\0" * 20_000_000)  # ~20 KB on the wire
    decoder = BodyDecoder("gzip", 1_000_000)
    with pytest.raises(BodyTooLarge):
        _decode_all(decoder, bomb, chunk=len(bomb))
    assert decoder.decoded_bytes <= 1_000_001


def test_plain_body_over_the_limit() -> None:
    with pytest.raises(BodyTooLarge):
        _decode_all(BodyDecoder("identity", 1000), b"x" * 1001)


def test_opml_import() -> None:
    doc = b"""<?xml version="1.0"?><opml version="2.0"><head><title>subs</title></head><body>
      <outline text="News"><outline text="World" type="rss" xmlUrl="https://e.org/world.xml"/>
      <outline title="Tech" text="t" xmlUrl="https://e.org/tech.xml"/></outline>
      <outline text="Dup" xmlUrl="https://e.org/world.xml"/>
      <outline text="Bad" xmlUrl="javascript:alert(1)"/><outline text="folder only"/></body></opml>"""
    feeds, problems = feeds_from_opml(doc)
    assert [(f.name, f.url) for f in feeds] == [("World", "https://e.org/world.xml"),
                                                ("Tech", "https://e.org/tech.xml")]
    assert len(problems) == 2 and any("duplicate" in p for p in problems)
    with pytest.raises(ConfigError, match="OPML"):
        feeds_from_opml(b"<rss/>")
