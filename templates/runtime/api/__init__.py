"""The runtime pasted into the generated api/__init__.py: a folder, as api/ is one there."""
