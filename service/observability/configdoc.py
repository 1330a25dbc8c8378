"""Generate the configuration and metrics references of docs/operations.md
from the code, so the docs cannot drift from it.

    python -m service.observability.configdoc                 # print the settings table
    python -m service.observability.configdoc --metrics       # print the metrics table
    python -m service.observability.configdoc --write docs/operations.md
    python -m service.observability.configdoc --check docs/operations.md

`--write` replaces the text between the `BEGIN GENERATED` / `END GENERATED`
markers of each section; `--check` exits 1 when the file is out of date.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from service.config import describe_settings
from service.observability.catalog import families


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _default(value: Any) -> str:
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if value == "" or value is None:
        return "(empty)"
    return f"`{value}`"


def settings_table() -> str:
    """Markdown table of every setting: variable, default, meaning."""
    lines = ["| Variable | Default | Description |", "|---|---|---|"]
    for row in describe_settings():
        default = "(secret)" if row["secret"] else _default(row["default"])
        lines.append(f"| `{row['env']}` | {_cell(default)} | {_cell(str(row['help']))} |")
    return "\n".join(lines)


def metrics_table() -> str:
    """Markdown table of every metric: series name, type, labels, meaning."""
    lines = ["| Metric | Type | Labels | Description |", "|---|---|---|---|"]
    for fam in families():
        labels = ", ".join(f"`{label}`" for label in fam.labels) or "—"
        lines.append(f"| `{fam.query_name}` | {fam.type} | {labels} | {_cell(fam.help)} |")
    return "\n".join(lines)


SECTIONS: dict[str, Callable[[], str]] = {"settings": settings_table, "metrics": metrics_table}


def _block_pattern(section: str) -> re.Pattern[str]:
    return re.compile(
        rf"(<!-- BEGIN GENERATED: {section} [^\n]*-->\n)(.*?)(<!-- END GENERATED: {section} -->)",
        re.DOTALL)


def generated_block(text: str, section: str) -> str | None:
    """The text between a section's markers, or None when they are missing."""
    match = _block_pattern(section).search(text)
    return match.group(2).removesuffix("\n") if match else None


def render(text: str) -> str:
    """`text` with every generated section replaced by its current content."""
    for section, build in SECTIONS.items():
        pattern = _block_pattern(section)
        if not pattern.search(text):
            raise ValueError(f"markers for the {section!r} section are missing")
        table = build()

        def replace(m: re.Match[str], table: str = table) -> str:
            return m.group(1) + table + "\n" + m.group(3)

        text = pattern.sub(replace, text)
    return text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service.observability.configdoc",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--metrics", action="store_true", help="Print the metrics table.")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", metavar="FILE", help="Update the generated sections of FILE.")
    group.add_argument("--check", metavar="FILE", help="Exit 1 when FILE is out of date.")
    args = parser.parse_args(argv)
    if args.write or args.check:
        path = Path(args.write or args.check)
        current = path.read_text(encoding="utf-8")
        try:
            updated = render(current)
        except ValueError as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            return 1
        if args.write:
            path.write_text(updated, encoding="utf-8")
            return 0
        if updated != current:
            print(f"{path} is out of date: run python -m service.observability.configdoc "
                  f"--write {path}", file=sys.stderr)
            return 1
        return 0
    print(metrics_table() if args.metrics else settings_table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
