"""The drift guard: property tests of a server against openapi.yaml, and the bundled mock."""
