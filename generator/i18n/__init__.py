"""Every user-facing string, one YAML file per language: ``generator/i18n/zh.yml``, ``en.yml``
(the charter's ``language`` picks one; adding a language is adding its file).

* ``catalogue`` — the files, loaded once, and the lookups: :func:`text` (typed keys),
  :func:`dynamic` (keys made at run time, checked), :func:`every` (all languages at once);
* ``keys``      — every key as a ``Literal`` type, generated: ``python -m generator.i18n
  --write-keys`` (tests/test_i18n.py checks it, and that every key is in every file, used,
  and has the same ``{placeholders}`` in each language);
* ``messages``  — problem messages as the reporters render them (lenient placeholders, the
  "did you mean" hint); ``site`` — the site's labels (``site.`` keys, as templates name them);
  ``exports`` — texts in a community's own language, for the exports.

Keys are namespaced by where they are used: problem keys (``R1.display-name``, ``yaml.top``)
and the messages of report, new, feeds, forms and from-issue (``report.*``, ``new.*``,
``feeds.*``, ``form.*``, ``fi.*``) as they always were; ``site.*``, ``matching.*``,
``chart.*``, ``engagement.*``, ``reasons.*``, ``field.*``, ``choice.*``, ``csv.*``,
``codeowners.*`` and ``punct.*`` for the former per-module tables.
"""

from generator.i18n.catalogue import LANGS as LANGS
from generator.i18n.catalogue import UnknownKey as UnknownKey
from generator.i18n.catalogue import dynamic as dynamic
from generator.i18n.catalogue import every as every
from generator.i18n.catalogue import text as text
from generator.i18n.keys import Key as Key
from generator.i18n.keys import SiteKey as SiteKey
