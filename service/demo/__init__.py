"""The self-contained demo: embedded broker, sample feeds, poller and worker."""
