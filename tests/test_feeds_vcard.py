"""Contact cards: vCards parsed back with vobject, and QR codes decoded from the SVG the site
embeds (the SVG's path is read back into a module matrix, compared with segno's, and decoded
by zxing-cpp). No card and no code for a member whose contact details are hidden."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import segno
import vobject
import zxingcpp

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "feeds"))
from feeds_testlib import DOMAIN, MEMBERS_ONLY, NEVER, ROOT, exports, load, png_grey, read

from generator.exports import vcard
from generator.pages import exports as extras

CARDS = {"public": {"ouyang-nana", "alumni-zhou"},
         "members": {"ouyang-nana", "alumni-zhou", "zhang-wei", "candidate-chen"}}


def cards(edition: str) -> dict[str, Any]:
    out = {}
    for rel in exports(edition)[1]:
        if rel.startswith("contacts/"):
            out[rel.split("/")[1].removesuffix(".vcf")] = vobject.readOne(
                read(edition, rel).decode("utf-8"))
    return out


@pytest.mark.parametrize("edition", ["public", "members"])
def test_a_card_only_for_members_with_visible_contact_fields(edition: str) -> None:
    assert set(cards(edition)) == CARDS[edition]
    com = load()
    for ident, m in com.members.items():
        card = extras.member_contact_card(com, m, edition)
        assert (card is not None) == (ident in CARDS[edition]), ident
        if card is not None:
            assert card["vcf"] == f"contacts/{ident}.vcf"


def test_vcard_fields_parse_back() -> None:
    nana = cards("public")["ouyang-nana"]
    assert nana.version.value == "3.0"
    assert (nana.n.value.family, nana.n.value.given) == ("欧阳", "娜娜")
    assert nana.fn.value == "欧阳娜娜" and nana.org.value == ["分众传媒"]
    assert nana.title.value == "华南区销售总监"
    assert [t.value for t in nana.tel_list] == ["+86 138 0000 0001"]
    assert not hasattr(nana, "email")  # members-only in the public edition
    assert nana.uid.value == f"ouyang-nana@{DOMAIN}"
    assert nana.url.value == f"https://{DOMAIN}/members/ouyang-nana/"
    nana_m = cards("members")["ouyang-nana"]
    assert [e.value for e in nana_m.email_list] == ["nana-members@example.com"]
    zhang = cards("members")["zhang-wei"]
    assert zhang.contents["x-wechat"][0].value == "zhangwei-members-wx"
    assert "zhangwei-members-wx" in zhang.note.value
    assert not hasattr(zhang, "tel")  # private phone


@pytest.mark.parametrize("edition", ["public", "members"])
def test_vcf_files_are_utf8_crlf_and_private_free(edition: str) -> None:
    forbidden = NEVER + (MEMBERS_ONLY if edition == "public" else [])
    for rel in exports(edition)[1]:
        if rel.endswith(".vcf"):
            data = read(edition, rel)
            text = data.decode("utf-8")
            assert data.count(b"\n") == data.count(b"\r\n") and text.startswith("BEGIN:VCARD")
            unfolded = text.replace("\r\n ", "")
            assert not [v for v in forbidden if v in unfolded], rel
    every = list(vobject.readComponents(read(edition, "contacts.vcf").decode("utf-8")))
    assert sorted(c.uid.value.split("@")[0] for c in every) == sorted(CARDS[edition])


@pytest.mark.parametrize("name,family,given", [
    ("欧阳娜娜", "欧阳", "娜娜"), ("张伟", "张", "伟"), ("司马光", "司马", "光"),
    ("Lisa Wang", "Wang", "Lisa"), ("Madonna", "Madonna", "")])
def test_split_name(name: str, family: str, given: str) -> None:
    assert vcard.split_name(name) == (family, given)


def svg_matrix(svg: str) -> list[list[int]]:
    """Read segno's inline SVG back into modules: the viewBox is one unit per module and
    the dark path is horizontal runs (``M x y`` / ``m dx dy`` moves, ``h n`` runs)."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))  # type: ignore[union-attr]
    path = re.search(r'<path stroke="#000" d="([^"]+)"', svg).group(1)  # type: ignore[union-attr]
    grid = [[0] * size for _ in range(size)]
    x = y = 0.0
    for cmd, args in re.findall(r"([MmHh])([-0-9. ]+)", path):
        nums = [float(n) for n in args.split()]
        if cmd == "M":
            x, y = nums
        elif cmd == "m":
            x, y = x + nums[0], y + nums[1]
        else:
            run = nums[0] if cmd == "h" else nums[0] - x
            for col in range(int(x), int(x + run)):
                grid[int(y)][col] = 1
            x += run
    return grid


def decode(grid: list[list[int]], scale: int = 4) -> list[str]:
    rows = [bytes(0 if v else 255 for v in row for _ in range(scale))
            for row in grid for _ in range(scale)]
    image = memoryview(bytearray(b"".join(rows))).cast("B", shape=[len(rows), len(rows[0])])
    return [r.text for r in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize("edition", ["public", "members"])
def test_qr_svg_decodes_to_the_contact(edition: str) -> None:
    com = load()
    forbidden = NEVER + (MEMBERS_ONLY if edition == "public" else [])
    for ident in sorted(CARDS[edition]):
        m = com.members[ident]
        svg = extras.member_contact_card(com, m, edition)["qr_svg"]  # type: ignore[index]
        grid = svg_matrix(svg)
        payload = vcard.qr_payloads(com, m, edition)[0]
        qr = segno.make(payload, error="m", micro=False, boost_error=True)
        assert grid == [[1 if v else 0 for v in row] for row in qr.matrix_iter(border=4)]
        assert int(qr.version) <= vcard.MAX_QR_VERSION
        assert decode(grid) == [payload]
        card = vobject.readOne(payload)
        assert card.fn.value == m.name
        assert not [v for v in forbidden if v in payload], ident
    nana = vobject.readOne(decode(svg_matrix(extras.member_contact_card(
        com, com.members["ouyang-nana"], "public")["qr_svg"]))[0])  # type: ignore[index]
    assert nana.tel.value == "+86 138 0000 0001" and not hasattr(nana, "email")


def test_qr_svg_is_inline_and_escapes_the_name(tmp_path: Path) -> None:
    root = tmp_path / "c"
    shutil.copytree(ROOT, root)
    f = root / "members" / "ouyang-nana.yml"
    f.write_text(f.read_text(encoding="utf-8").replace("name: 欧阳娜娜",
                                                       'name: "欧阳<b>&娜"'), encoding="utf-8")
    com = load(root)
    svg = extras.member_contact_card(com, com.members["ouyang-nana"], "public")["qr_svg"]  # type: ignore[index]
    assert svg.startswith("<svg") and "<?xml" not in svg and "href" not in svg
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg


def test_long_details_shed_title_then_org_to_stay_scannable(tmp_path: Path) -> None:
    root = tmp_path / "c"
    shutil.copytree(ROOT, root)
    f = root / "members" / "ouyang-nana.yml"
    text = f.read_text(encoding="utf-8").replace("title: 华南区销售总监", "title: " + "很长" * 28)
    f.write_text(text.replace("org: 分众传媒", "org: " + "超长机构" * 14), encoding="utf-8")
    com = load(root)
    m = com.members["ouyang-nana"]
    qr = vcard.qr_code(com, m, "members")
    assert qr is not None and int(qr.version) <= vcard.MAX_QR_VERSION
    payload = decode([[1 if v else 0 for v in row] for row in qr.matrix_iter(border=4)])[0]
    assert "TITLE" not in payload and "+86 138 0000 0001" in payload


CHROMIUM = "/usr/bin/chromium"


@pytest.mark.browser
def test_qr_code_scans_as_rendered_by_a_browser_at_page_size() -> None:
    """The SVG scales to whatever width the page's CSS gives it (no cropping) and still
    scans: Chromium renders it at the site's 10rem, on a plain and on a 3× screen."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("needs Debian's chromium (installed by .ci/run)")
    from playwright.sync_api import sync_playwright

    com = load()
    m = com.members["ouyang-nana"]
    card = extras.member_contact_card(com, m, "members")
    assert card is not None
    html = ('<html><body style="margin:20px"><div class="cy-qr">'
            f'{card["qr_svg"]}</div><style>.cy-qr svg {{ max-width: 100%; height: auto;'
            ' width: 10rem; }</style></body></html>')
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        try:
            for dpr in (1, 3):
                page = browser.new_page(viewport={"width": 390, "height": 400},
                                        device_scale_factor=dpr)
                page.set_content(html)
                png = page.query_selector(".cy-qr").screenshot()  # type: ignore[union-attr]
                got = [r.text for r in zxingcpp.read_barcodes(png_grey(png))]
                assert got == [vcard.qr_payloads(com, m, "members")[0]], dpr
                page.close()
        finally:
            browser.close()


def test_qr_codes_made_in_parallel_are_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    com = load()
    members = [com.members[i] for i in sorted(CARDS["members"])]
    one_by_one = {m.id: vcard.render_svg(vcard._svg_key(com, m, "members"))  # type: ignore[arg-type]
                  for m in members}
    monkeypatch.setattr(vcard, "PARALLEL_MIN", 1)
    monkeypatch.setattr(vcard, "_SVGS", {})
    monkeypatch.setattr(vcard, "_WARMED", set())
    vcard.warm(com, "members", jobs=2)  # a pool even if another test left a thread running
    assert len(vcard._SVGS) == len(members)  # every code made up front
    assert {m.id: vcard.qr_svg(com, m, "members") for m in members} == one_by_one


# --------------------------------------------------------------------------- qrmask


def _payloads(count: int) -> list[str]:
    import random

    from segno import helpers

    rnd = random.Random(7)
    han = "张王李赵刘陈杨黄周吴徐孙马朱胡林郭何高罗伟芳娜敏静丽强磊军洋勇艳杰娟涛明超传媒广告深圳"
    out = []
    for i in range(count):
        name = "".join(rnd.choice(han) for _ in range(rnd.randint(2, 4)))
        out.append(str(helpers.make_vcard_data(
            name=f"{name[0]};{name[1:]}", displayname=name,
            email=f"u{i}@example{rnd.randint(1, 99)}.com" if rnd.random() < 0.8 else None,
            phone=f"+86 1{rnd.randint(30, 99)} {rnd.randint(1000, 9999)}" if rnd.random() < 0.7
            else None,
            memo=f"微信: wx_{rnd.randint(1, 10 ** rnd.randint(1, 9))}" if rnd.random() < 0.6
            else None,
            org="".join(rnd.choice(han) for _ in range(rnd.randint(0, 14))) or None)))
    return out


def test_qrmask_makes_segnos_code_module_for_module() -> None:
    """Same version, error level, mask and matrix as segno's own eight-mask search, for
    vCards from version 3 to 11, boosted at level M and plain at level L."""
    from generator.exports import qrmask
    versions = set()
    for payload in _payloads(150):
        for error, boost in (("m", True), ("l", False)):
            ours = qrmask.make(payload, error, boost)
            theirs = segno.make(payload, error=error, micro=False, boost_error=boost)
            assert ours is not None
            assert (ours.version, ours.error, ours.mask, ours.mode) == (
                theirs.version, theirs.error, theirs.mask, theirs.mode), payload
            assert ours.matrix == theirs.matrix, payload
            versions.add(int(ours.version))
    assert len(versions) >= 5
    assert qrmask.make(_payloads(1)[0], "m", True, max_version=1) is None


def test_qrmask_scores_match_segnos_penalty_rules() -> None:
    """The four penalty rules on random matrices salted with finder-like runs that overlap
    (1011101 four and six modules apart), where segno's left-to-right search skips some."""
    import random

    import numpy as np
    from segno import encoder

    from generator.exports import qrmask
    rnd = random.Random(3)
    for width in (21, 25, 33, 45, 57):
        stack = []
        for _ in range(8):
            m = [[rnd.random() < rnd.choice((0.3, 0.5, 0.7)) for _ in range(width)]
                 for _ in range(width)]
            for _ in range(width // 3):  # overlapping and edge patterns, rows and columns
                run = rnd.choice(("000010111011101", "000010111010111010000", "10111011101",
                                  "1011101011101", "00001011101", "1011101"))
                at, line = rnd.randint(0, width - len(run)), rnd.randrange(width)
                for k, c in enumerate(run):
                    if rnd.random() < 0.5:
                        m[line][at + k] = c == "1"
                    else:
                        m[at + k][line] = c == "1"
            stack.append(m)
        arr = np.array(stack, dtype=np.uint8)
        expected = [sum(encoder.mask_scores(tuple(bytearray(r) for r in mat.tolist()),
                                            width, width)) for mat in arr]
        assert qrmask.scores(arr) == expected, width
