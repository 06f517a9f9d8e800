"""Segno's QR codes, with the data mask chosen by array arithmetic instead of a Python loop.

ISO/IEC 18004 (7.8.3) has an encoder try all eight data masks and keep the one whose symbol
scores the fewest penalty points (long runs, 2×2 blocks, finder-like patterns, unbalanced
dark/light). Segno does this cell by cell in Python: about 6 ms of the 7 ms a vCard-sized
code costs, which made QR codes most of a 10,000-member build. :func:`make` asks segno for
the code with mask 0, takes the mask back off, scores all eight masks at once with numpy —
the same rules, including segno's reading of rule N3 — and puts the winner on with segno's
own format and version functions. The result is the code ``segno.make`` returns, module for
module (``tests/test_feeds_vcard.py`` compares them over hundreds of payloads); if segno's
internals ever change shape, :func:`make` falls back to ``segno.make``.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import numpy as np
import segno
from segno import encoder

_seg: Any = encoder  # segno's encoder functions (untyped)

_N3_CODE = 0b1011101  # dark-light-dark-dark-dark-light-dark


def make(data: str, error: str, boost_error: bool,
         max_version: int | None = None) -> segno.QRCode | None:
    """``segno.make(data, error=error, micro=False, boost_error=boost_error)``, faster; None
    (without scoring any mask) when the code needs a version above ``max_version``."""
    try:
        return _make(data, error, boost_error, max_version)
    except Exception:  # noqa: BLE001 - segno changed: its own (slower) search, same code
        qr = segno.make(data, error=error, micro=False, boost_error=boost_error)
        return None if max_version is not None and int(qr.version) > max_version else qr


def _make(data: str, error: str, boost_error: bool,
          max_version: int | None = None) -> segno.QRCode | None:
    first = segno.make(data, error=error, micro=False, boost_error=boost_error, mask=0)
    if max_version is not None and int(first.version) > max_version:
        return None
    version, err = first._version, first._error  # segno's constants for the functions below
    width = len(first.matrix)
    region, patterns, reserved = _tables(width)
    final = np.array(first.matrix, dtype=np.uint8)
    base = final ^ (patterns[0] & region)  # mask 0 off
    base[reserved] = 0  # format and version areas are empty while masks are scored
    candidates = base[None, :, :] ^ (patterns & region[None, :, :])
    best = int(np.argmin(scores(candidates)))  # the first of equal scores, as segno
    matrix = tuple(bytearray(row.tobytes()) for row in candidates[best])
    _seg.add_format_info(matrix, version, err, best)
    _seg.add_version_info(matrix, version)
    qr = copy.copy(first)  # same version, error level and mode; the new matrix and mask
    qr.matrix, qr.mask = matrix, best
    return qr


@cache
def _tables(width: int) -> tuple[Any, Any, Any]:
    """For a symbol ``width`` modules wide: the encoding region (where masks apply), the
    eight mask patterns, and the reserved format/version areas — built with segno's own
    functions, as its mask search builds them."""
    function = _seg.make_matrix(width, width)
    _seg.add_finder_patterns(function, width, width)
    _seg.add_alignment_patterns(function, width, width)
    function[-8][8] = 0x1
    region = (np.array(function, dtype=np.uint8) > 1).astype(np.uint8)
    bare = np.array(_seg.make_matrix(width, width, reserve_regions=False), dtype=np.uint8)
    held = np.array(_seg.make_matrix(width, width), dtype=np.uint8)
    reserved = (bare == 2) & (held == 0)
    i, j = np.indices((width, width))
    patterns = np.array(
        [
            [
                [bool(fn(a, b)) for a, b in zip(ri, rj, strict=False)]
                for ri, rj in zip(i, j, strict=False)
            ]
            for fn in _seg.get_data_mask_functions(False)
        ],
        dtype=np.uint8,
    )
    for table in (region, patterns, reserved):
        table.setflags(write=False)  # cached and shared by every code of this size
    return region, patterns, reserved


def scores(m: Any) -> list[int]:
    """Penalty points (N1 + N2 + N3 + N4, ISO/IEC 18004 table 11) of each matrix in the
    stack ``m`` (masks × rows × columns of 0/1), as ``segno.encoder.mask_scores`` counts."""
    k, n, _ = m.shape
    rows_cols = np.concatenate([m, m.transpose(0, 2, 1)], axis=1)  # k × 2n lines
    n1 = _runs(rows_cols)
    same = ((m[:, 1:, 1:] == m[:, 1:, :-1]) & (m[:, 1:, 1:] == m[:, :-1, 1:])
            & (m[:, 1:, 1:] == m[:, :-1, :-1]))
    n2 = 3 * same.sum(axis=(1, 2))
    n3 = _finder_like(rows_cols)
    dark = m.sum(axis=(1, 2), dtype=np.int64)
    out = []
    for x in range(k):
        percent = float(dark[x]) / (n ** 2)
        n4 = 10 * int(abs(percent * 100 - 50) / 5)
        out.append(int(n1[x]) + int(n2[x]) + int(n3[x]) + n4)
    return out


def _runs(lines: Any) -> Any:
    """N1 per matrix: a run of L ≥ 5 modules of one colour in a line scores L − 2."""
    k, count, n = lines.shape
    cuts = np.ones((k, count, n + 1), dtype=bool)
    cuts[:, :, 1:n] = lines[:, :, 1:] != lines[:, :, :-1]
    at = np.flatnonzero(cuts.ravel())
    length = np.diff(at)  # runs; the step from one line's end to the next line's start is 1
    which = at[:-1] // (count * (n + 1))
    long = length >= 5
    return np.bincount(which[long], weights=length[long] - 2, minlength=k)


def _finder_like(lines: Any) -> Any:
    """N3 per matrix: 40 points for each dark-light-dark-dark-dark-light-dark run with four
    light modules before or after it (or at a line's end), found left to right as segno
    does: after a counted match the search goes on 7 modules later, else 4."""
    k, count, n = lines.shape
    code = np.zeros((k, count, n - 6), dtype=np.uint8)  # each window of 7 as a number
    for bit in range(7):
        code <<= 1
        code |= lines[:, :, bit:n - 6 + bit]
    hit = code == _N3_CODE
    total = np.zeros(k, dtype=np.int64)
    if not hit.any():
        return total
    dark = np.zeros((k, count, n + 1), dtype=np.int32)
    np.cumsum(lines, axis=2, out=dark[:, :, 1:])
    idx = np.arange(n - 6)
    before = dark[:, :, idx] - dark[:, :, np.maximum(idx - 4, 0)]
    after = dark[:, :, np.minimum(idx + 11, n)] - dark[:, :, idx + 7]
    edge = (idx == 0) | (idx == n - 7)
    counts = hit & (edge | (before == 0) | (after == 0))
    # a match 4 or 6 modules after a counted one is skipped by the search: rare, walked
    close = ((hit[:, :, 4:] & counts[:, :, :-4]).any(axis=2)
             | (hit[:, :, 6:] & counts[:, :, :-6]).any(axis=2))
    simple = counts & ~close[:, :, None]
    total += simple.sum(axis=(1, 2))
    for x, line in zip(*np.nonzero(close), strict=False):
        row_hit, row_counts = hit[x, line], counts[x, line]
        skip_until = 0
        for j in map(int, np.flatnonzero(row_hit)):
            if j < skip_until:
                continue
            if row_counts[j]:
                total[x] += 1
                skip_until = j + 7
    return 40 * total
