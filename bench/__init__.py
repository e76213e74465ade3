"""Benchmarks of the contract kit: `python -m bench` (`make bench`) writes bench/results.md."""
