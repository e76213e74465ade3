"""The client's own Python, which the templates paste into the generated package."""
