"""The catalogue (generator/i18n/<lang>.yml): every language has every key with the same
placeholders, every key is used, the typed keys are current, and an unknown key fails loudly.

When is a key used? When the code or a template names it:

* a string literal in generator/**/*.py that is the whole key (``"report.title"``), or a string
  literal passed to a function called ``t`` or ``html`` (the site's lookups, which add the
  ``site.`` prefix: ``site.t("nav.home")`` uses ``site.nav.home``);
* in a template (generator/pages/templates/*.j2, overrides/*.html): ``t('nav.home')`` or
  ``html('co.rsvp.html')`` (a ``site.`` key), or the whole key quoted;
* dynamic keys, made at run time from data, name their prefix as a literal: in Python
  ``dynamic("site.kind.", media.kind)``, in a template ``t('status.' ~ m.status)``. Every key
  that starts with such a prefix counts as used, so a prefix ends at a separator (``.`` or
  ``-``) and never names a whole key. Tests and benchmarks do not count.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import jinja2
import pytest
import yaml
from conftest import REPO

from generator import i18n
from generator.i18n import __main__ as i18n_main
from generator.i18n import catalogue, messages, site
from generator.i18n.catalogue import DEFAULT_LANG, LANGS, SITE, UnknownKey

GENERATOR = REPO / "generator"
TEMPLATES = [*sorted((GENERATOR / "pages" / "templates").glob("*.j2")),
             *sorted((REPO / "overrides").glob("*.html"))]


def placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


# --------------------------------------------------------------------------- the files


def test_languages_come_from_the_files() -> None:
    assert LANGS[0] == DEFAULT_LANG == "zh"
    assert set(LANGS) == {p.stem for p in catalogue.HERE.glob("*.yml")}
    assert {"zh", "en"} <= set(LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_every_key(lang: str) -> None:
    want, have = set(catalogue.table(DEFAULT_LANG)), set(catalogue.table(lang))
    assert sorted(want - have) == [], f"missing in {lang}.yml"
    assert sorted(have - want) == [], f"only in {lang}.yml (add it to {DEFAULT_LANG}.yml too)"


@pytest.mark.parametrize("lang", LANGS)
def test_texts_are_written_out(lang: str) -> None:
    """Only punctuation may be empty (Chinese needs no space between sentences)."""
    empty = [k for k, v in catalogue.table(lang).items() if not v.strip()
             and not k.startswith("punct.")]
    assert empty == []


def test_every_key_has_the_same_placeholders_in_every_language() -> None:
    differ = {}
    for key in catalogue.keys():
        sets = {lang: placeholders(catalogue.lookup(lang, key)) for lang in LANGS}
        if len({frozenset(s) for s in sets.values()}) > 1:
            differ[key] = sets
    assert differ == {}


def test_html_texts_are_marked() -> None:
    """HTML only in keys ending in ``.html`` (printed unescaped), and those only on the site."""
    tag = re.compile(r"</?(?:a|b|br|code|em|p|pre|span|strong)\b[^>]*>")
    for lang in LANGS:
        for key, text in catalogue.table(lang).items():
            assert bool(tag.search(text)) == key.endswith(".html"), (lang, key)
            assert not key.endswith(".html") or key.startswith(SITE), key


def test_a_key_written_twice_is_refused(tmp_path: Path) -> None:
    (tmp_path / "xx.yml").write_text("a: one\nb: two\na: three\n", encoding="utf-8")
    with pytest.raises(yaml.YAMLError, match="written twice"):
        catalogue.load(tmp_path / "xx.yml")
    (tmp_path / "yy.yml").write_text("a: [not, text]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="must be text"):
        catalogue.load(tmp_path / "yy.yml")


def test_the_files_are_package_data() -> None:
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert '"i18n/*.yml"' in pyproject


# --------------------------------------------------------------------------- typed keys


def test_keys_module_is_current() -> None:
    assert (catalogue.HERE / "keys.py").read_text(encoding="utf-8") == catalogue.keys_module(), (
        "run: python -m generator.i18n --write-keys")
    assert i18n_main.main(["--check"]) == 0


def test_keys_module_drift_is_detected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    stale = tmp_path / "keys.py"
    monkeypatch.setattr(i18n_main, "KEYS_FILE", stale)
    stale.write_text(catalogue.keys_module().replace('    "summary",\n', ""), encoding="utf-8")
    assert i18n_main.main(["--check"]) == 1
    assert "--write-keys" in capsys.readouterr().err
    assert i18n_main.main(["--write-keys"]) == 0
    assert stale.read_text(encoding="utf-8") == catalogue.keys_module()


def test_the_key_types_list_every_key() -> None:
    from typing import get_args

    assert list(get_args(i18n.Key)) == catalogue.keys()
    assert list(get_args(i18n.SiteKey)) == [k.removeprefix(SITE) for k in catalogue.keys()
                                            if k.startswith(SITE)]


# --------------------------------------------------------------------------- unknown keys


def test_an_unknown_key_raises() -> None:
    with pytest.raises(UnknownKey, match=r"no\.such\.key"):
        i18n.text("en", "no.such.key")  # type: ignore[arg-type]
    with pytest.raises(UnknownKey):
        messages.render("no.such.key", "zh", {})  # type: ignore[arg-type]
    with pytest.raises(UnknownKey):
        site.t("en", "no.such.key")  # type: ignore[arg-type]
    with pytest.raises(UnknownKey, match=r"site\.kind\.spaceship"):
        i18n.dynamic("site.kind.", "spaceship")
    assert i18n.dynamic("site.kind.", "tv") == "site.kind.tv"
    with pytest.raises(ValueError, match="no catalogue for the language"):
        i18n.text("xx", "summary")


def test_an_unknown_key_in_a_template_fails_the_render() -> None:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.globals["t"] = lambda key, **args: site.t("zh", key, **args)
    assert env.from_string("{{ t('nav.home') }}").render() == "首页"
    with pytest.raises(UnknownKey):
        env.from_string("{{ t('kind.' ~ kind) }}").render(kind="spaceship")


def test_a_missing_placeholder_raises_but_a_problem_message_still_prints() -> None:
    with pytest.raises(KeyError):
        i18n.text("en", "circle.members")
    assert i18n.text("en", "circle.members", circle="Inner") == "Inner members"
    assert messages.render("summary", "en", {"errors": 1}) == "1 error(s), {warnings} warning(s)."


def test_html_texts_escape_their_arguments() -> None:
    out = site.html("en", "co.board.html", amount="<b>30</b>", recipients=5)
    assert "&lt;b&gt;30&lt;/b&gt;" in out and "<code>" in out
    with pytest.raises(ValueError):
        site.html("en", "co.board")


# --------------------------------------------------------------------------- use


def _python_uses() -> tuple[set[str], set[str]]:
    """(keys named whole, dynamic prefixes) in generator/**/*.py."""
    named: set[str] = set()
    prefixes: set[str] = set()
    for path in sorted(GENERATOR.rglob("*.py")):
        if path == catalogue.HERE / "keys.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                named.add(node.value)
            elif isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else (
                    func.attr if isinstance(func, ast.Attribute) else "")
                literals = [a.value for a in node.args
                            if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                if name == "dynamic" and node.args and isinstance(node.args[0], ast.Constant):
                    prefixes.add(str(node.args[0].value))
                elif name in ("t", "html"):
                    named.update(SITE + lit for lit in literals)
    return named, prefixes


CALL = re.compile(r"""\b(?:t|html)\(\s*(['"])([^'"]+)\1\s*(~?)""")
QUOTED = re.compile(r"""(['"])([\w.-]+)\1""")


def _template_uses() -> tuple[set[str], set[str]]:
    named: set[str] = set()
    prefixes: set[str] = set()
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for m in CALL.finditer(text):
            (prefixes if m.group(3) else named).add(SITE + m.group(2))
        named.update(m.group(2) for m in QUOTED.finditer(text))
    return named, prefixes


def test_every_key_is_used() -> None:
    py_named, py_prefixes = _python_uses()
    tpl_named, tpl_prefixes = _template_uses()
    named, prefixes = py_named | tpl_named, py_prefixes | tpl_prefixes
    keys = catalogue.keys()
    bad_prefixes = sorted(p for p in prefixes if p in keys or p[-1] not in ".-")
    assert bad_prefixes == [], "a dynamic prefix ends in . or - and is not a key itself"
    unused = [k for k in keys if k not in named and not k.startswith(tuple(prefixes))]
    assert unused == [], "unused keys: remove them from every generator/i18n/*.yml"
    dead = sorted(p for p in prefixes if not any(k.startswith(p) for k in keys))
    assert dead == [], "dynamic prefixes no key starts with"


def test_site_keys_named_by_templates_exist() -> None:
    """A literal key in a template is checked here too (the build would fail on it)."""
    named, _prefixes = _template_uses()
    called = {k for k in named if k.startswith(SITE)}
    assert sorted(called - set(catalogue.keys())) == []


def test_the_members_banner_agrees_with_the_catalogue() -> None:
    """overrides/main.html writes site.edition.members out (the build does not pass it yet)."""
    html = (REPO / "overrides" / "main.html").read_text(encoding="utf-8")
    for lang in ("zh", "en"):
        assert f'"{i18n.text(lang, "site.edition.members")}"' in html


# --------------------------------------------------------------------------- languages


def test_the_charter_accepts_every_language_with_a_file() -> None:
    from generator.data.charter_models import Charter

    assert Charter.model_json_schema()["properties"]["language"]["enum"] == list(LANGS)


def test_the_language_list_is_the_files_present(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    for lang in ("en", "ja", "zh"):
        (tmp_path / f"{lang}.yml").write_text("summary: x\n", encoding="utf-8")
    monkeypatch.setattr(catalogue, "HERE", tmp_path)
    assert catalogue._languages() == ("zh", "en", "ja")
