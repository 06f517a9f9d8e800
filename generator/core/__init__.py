"""The community's derived facts, each computed in one place that every stage calls.

- :mod:`generator.core.names`: display names (group nicknames) and their comparison (R1);
- :mod:`generator.core.sponsors`: sponsor chains (C3);
- :mod:`generator.core.ledger`: the dues ledger, what is due when (C2);
- :mod:`generator.core.standing`: a person's standing on a date, the yearly intake;
- :mod:`generator.core.occurrences`: the dates of an event (recurring, cancelled, moved);
- :mod:`generator.core.signup`: who may sign up for an occurrence;
- :mod:`generator.core.typed`: what people type (dates, amounts, lists, phones, e-mail);
- ids and slugs live one layer down, in :mod:`generator.data.ids` (a file name is an id: the
  loader suggests one for a bad name).

Imports only ``generator.data`` (and the standard library or third-party packages); prints
nothing.
"""
