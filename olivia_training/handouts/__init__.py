"""The handout build: execute each notebook once, then export two editions offline."""
