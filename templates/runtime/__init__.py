"""The client's own Python, which the templates paste into the generated package as it is.

Laid out as the package is: a module here sits in the folder of the generated module it is pasted
into (errors.py into errors.py; retry.py and settings.py into client.py; models/fields.py and
models/timestamps.py into models/__init__.py; api/paging.py into api/__init__.py), and imports
only the standard library, httpx, attrs and errors.py, the last relatively (`.errors`,
`..errors`): each import names the same module here and in the package, so the runtime never
imports the package built from it. tests/test_client_runtime.py holds both rules.
"""
