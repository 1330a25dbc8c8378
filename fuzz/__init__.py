"""Coverage-guided fuzzing (atheris/libFuzzer) of the code that reads hostile
input. `python -m fuzz.run --seconds N` runs every target; see fuzz/run.py."""
