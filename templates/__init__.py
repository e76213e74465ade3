"""Not a package to use: lets tests and mypy import the client runtime as templates.runtime."""
