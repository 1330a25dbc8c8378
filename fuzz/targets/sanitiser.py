"""Fuzz target: the downstream HTML sanitiser. Contract checked: whatever
goes in, what comes out has no element or attribute that can run code or
load anything, and it stays so when sanitised again."""

from __future__ import annotations

import atheris

with atheris.instrument_imports(include=["service"]):
    from service.errors import InputTooLarge
    from service.security.sanitise import sanitise_html

from tests.security.safety import html_problems


def test_one_input(data: bytes) -> None:
    markup = data.decode("utf-8", "replace")
    try:
        out = sanitise_html(markup)
    except InputTooLarge:
        return
    problems = html_problems(out)
    if problems:
        raise AssertionError(f"unsafe output {out[:200]!r}: {problems}")
    again = sanitise_html(out)
    if html_problems(again):
        raise AssertionError(f"re-sanitising made it unsafe: {again[:200]!r}")


if __name__ == "__main__":
    from fuzz.targets.common import main

    main(test_one_input)
