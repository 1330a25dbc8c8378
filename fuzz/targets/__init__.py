"""One module per fuzz target; each exposes `test_one_input(data: bytes)` and
runs under libFuzzer when executed as `python -m fuzz.targets.NAME ARGS`."""
