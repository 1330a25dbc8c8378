"""docs/operations.md carries exactly the generated configuration and metrics
references; the generator covers every setting and metric."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from service.config import Settings
from service.observability import catalog, configdoc

DOC = Path(__file__).resolve().parents[3] / "docs" / "operations.md"


@pytest.fixture(scope="module")
def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


def test_the_doc_contains_exactly_the_generated_settings_table(doc_text: str) -> None:
    assert configdoc.generated_block(doc_text, "settings") == configdoc.settings_table(), (
        "docs/operations.md is out of date: run "
        "python -m service.observability.configdoc --write docs/operations.md")


def test_the_doc_contains_exactly_the_generated_metrics_table(doc_text: str) -> None:
    assert configdoc.generated_block(doc_text, "metrics") == configdoc.metrics_table(), (
        "docs/operations.md is out of date: run "
        "python -m service.observability.configdoc --write docs/operations.md")


def test_the_settings_table_has_one_row_per_setting_and_hides_secret_defaults() -> None:
    rows = configdoc.settings_table().splitlines()[2:]
    assert len(rows) == len(fields(Settings))
    for f in fields(Settings):
        (row,) = [r for r in rows if r.startswith(f"| `{f.metadata['env']}` |")]
        if f.metadata.get("secret"):
            assert "(secret)" in row
    assert "| `LOG_FORMAT` | `json` |" in configdoc.settings_table()
    assert "| `HTTP_ALLOW_PRIVATE` | `false` |" in configdoc.settings_table()


def test_the_metrics_table_lists_every_metric_by_its_query_name() -> None:
    table = configdoc.metrics_table()
    for family in catalog.families():
        assert f"| `{family.query_name}` | {family.type} |" in table


def test_render_replaces_only_the_generated_sections() -> None:
    text = ("intro\n<!-- BEGIN GENERATED: settings (x) -->\nstale\n<!-- END GENERATED: settings -->\n"
            "middle\n<!-- BEGIN GENERATED: metrics (y) -->\n<!-- END GENERATED: metrics -->\nend\n")
    rendered = configdoc.render(text)
    assert rendered.startswith("intro\n") and "\nmiddle\n" in rendered and rendered.endswith("end\n")
    assert "stale" not in rendered
    assert configdoc.generated_block(rendered, "settings") == configdoc.settings_table()
    assert configdoc.render(rendered) == rendered


def test_render_refuses_a_document_without_markers() -> None:
    with pytest.raises(ValueError, match="settings"):
        configdoc.render("no markers here\n")


def test_cli_check_and_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "ops.md"
    target.write_text("<!-- BEGIN GENERATED: settings (x) -->\n<!-- END GENERATED: settings -->\n"
                      "<!-- BEGIN GENERATED: metrics (y) -->\n<!-- END GENERATED: metrics -->\n")
    assert configdoc.main(["--check", str(target)]) == 1
    assert "out of date" in capsys.readouterr().err
    assert configdoc.main(["--write", str(target)]) == 0
    assert configdoc.main(["--check", str(target)]) == 0
    assert configdoc.main([]) == 0
    assert capsys.readouterr().out.strip() == configdoc.settings_table()
