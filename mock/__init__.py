"""The bundled mock of Spirii's charge-box API: the guard's default target, a sandbox for teams."""
