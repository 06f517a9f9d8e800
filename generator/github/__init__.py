"""GitHub integration: the files GitHub reads and the forms members fill in there.

* ``codeowners`` — ``.github/CODEOWNERS`` generated from the data (who reviews what);
* ``forms``      — issue forms for members who don't edit YAML: definitions, the generated
  templates and the strict parser behind ``python -m generator from-issue``.
"""
