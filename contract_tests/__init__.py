"""The drift guard: property tests of a server against openapi.yaml (run: make contract)."""

# Where a run writes its reports (summary, JSON, JUnit), relative to the folder it runs in.
REPORTS_DIR = "reports"
