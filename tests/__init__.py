"""Unit tests of the kit: the spec, the generated client, the mock and the guard itself."""
