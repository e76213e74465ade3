"""The runtime pasted into the generated models/__init__.py: a folder, as models/ is one there."""
