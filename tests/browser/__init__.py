"""Browser tests: the built site in headless Chromium, as a reader on a phone or a desk sees it.

A package (not a bare folder) so its ``conftest`` is ``browser.conftest`` and does not evict
``tests/conftest.py`` from ``sys.modules`` (the other test modules import from it by name).
"""
