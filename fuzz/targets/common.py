"""What the targets share: the atheris entry point."""

from __future__ import annotations

import sys
from collections.abc import Callable


def main(test_one_input: Callable[[bytes], None]) -> None:
    """Run `test_one_input` under libFuzzer with this process's arguments."""
    import atheris

    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
