"""empty.py - nothing: what starting a runner costs (bench/engine/compare.py)."""
