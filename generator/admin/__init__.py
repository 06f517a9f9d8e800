"""Admin tools: ids from names, the record writer, ``new``'s prompts and the charter report
(its sections, matching's among them, and its text / Markdown / JSON formats). Nothing here
decides whether the data is valid (that is :mod:`generator.checks`): these modules create
files and summarise what needs an admin's action."""
