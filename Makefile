# Thin wrappers: every target runs `python3 tasks.py TARGET`, which needs only Python 3.11+.
PYTHON ?= python3
.PHONY: demo test lint bench fuzz test-unit test-integration clean

demo test lint bench fuzz:
	$(PYTHON) tasks.py $@

test-unit:
	$(PYTHON) tasks.py test -q -m "not integration"

test-integration:
	$(PYTHON) tasks.py test -q -m integration

clean:
	rm -rf .venv .pytest_cache .mypy_cache .ruff_cache
