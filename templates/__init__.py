"""Not a package to use: lets mypy, and a test that imports the runtime on its own, see the client
runtime as templates.runtime, so its relative imports resolve."""
