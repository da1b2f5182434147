"""Rules found by mutation testing (bench/mutate.py)."""
