"""Servers the guard is proven against, faithful and drifted, and the runner that aims it."""
