"""The security package is a library of rules: it must not depend on the
pipeline (the output-safety stage lives in the pipeline and calls it)."""

from __future__ import annotations

import ast
from pathlib import Path

SECURITY = Path(__file__).resolve().parents[2] / "service" / "security"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_security_modules_do_not_import_the_pipeline() -> None:
    modules = sorted(SECURITY.glob("*.py"))
    assert modules
    offenders = {p.name: sorted(n for n in _imports(p) if n.startswith("service.pipeline"))
                 for p in modules}
    assert not {k: v for k, v in offenders.items() if v}


def test_the_output_safety_stage_applies_the_security_rules() -> None:
    from service.model import Article
    from service.pipeline.registry import default_stages

    last = default_stages()[-1]
    assert last.name == "output-safety"
    a = Article(id="x", url="javascript:alert(1)", source_name="s", source_timezone=None,
                fetched_at=None, input_content="", input_type="text/plain",
                headline="Bell\x07 <b>rings</b>")
    safe = last.fn(a)
    assert safe.url is None
    assert safe.headline == "Bell rings"  # control character and markup gone
