"""House-style rules (TOML data). This file only lets them install as ``normalize.builtin_rules``."""
