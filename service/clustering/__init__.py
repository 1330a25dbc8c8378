"""Syndication clusters: the same wire story across outlets, and follow-ups.

Workers stay stateless: the `syndication-sketch` stage (sketch.py) computes
LSH band keys once per article and the worker publishes them (keys.py).
The partitioned assigner (`wire-ingest cluster`, assigner.py) runs three
pure steps (steps.py) over keyed topics, its state in memory and in a
compacted changelog; local.py wires the same steps in memory. See
docs/architecture.md#syndication-clusters.
"""
