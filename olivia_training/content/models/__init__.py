"""One module per content file. Each declares FILE and Model (and may add extra_checks)."""
