"""`python -m mock` (`make mock`): serve the bundled mock on http://127.0.0.1:$PORT."""

from mock.server import main

main()
