"""Loaded by pytest (`-p` in pyproject) before Django starts: what a test run needs.

Tests run with DEBUG off, as production does; only the secret and HTTPS differ.
"""

import os

os.environ.setdefault("SECRET_KEY", "insecure-key-for-tests-only")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("STATIC_MANIFEST", "false")  # no collectstatic before a test run
