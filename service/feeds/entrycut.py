"""Cut a feed body after its first N entries, before it is parsed.

MAX_ENTRIES_PER_FEED entries are taken from a feed; parsing the rest first
costs time and memory, and a feed of 100,000 items would trip the XML
screen's element limit and yield nothing. The cut keeps the body up to the
end tag of the N-th `item`/`entry` and then whatever follows the last one
(the closing `</channel></rss>`, `</rdf:RDF>` or `</feed>`), so the result
is still a whole document.
"""

from __future__ import annotations

import re

# an item or entry end tag, with or without a namespace prefix
_ENTRY_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?(?:item|entry)\s*>", re.IGNORECASE)


def cut_entries(body: bytes, max_entries: int) -> tuple[bytes, int]:
    """(`body` keeping its first `max_entries` entries, entries cut off)."""
    ends = _ENTRY_END.finditer(body)
    keep_end = None
    last_end = None
    count = 0
    for match in ends:
        count += 1
        if count == max_entries:
            keep_end = match.end()
        last_end = match.end()
    if keep_end is None or last_end is None or count <= max_entries:
        return body, 0
    return body[:keep_end] + body[last_end:], count - max_entries
