"""What does encryption cost? The encrypted members edition against the two plain builds it
is made of, on a synthetic community (issue 18).

    python -m benchmarks.bench_encrypt [--members 1000] [--repeat 1]

For each size, after one untimed build of each kind (so the build cache is warm, as for every
build but a community's first), interleaved:

* public    — ``build --audience public``;
* members   — ``build --audience members``;
* encrypted — ``build --audience members --encrypt`` (a throw-away master secret): both
  editions, then sealing every file the members edition adds or changes and wrapping the
  content key once per eligible member (PBKDF2, 100,000 iterations each).

Prints the encrypted build's wall time over public + members, and the same less the key
wrapping (goal ≤ 1.3: what sealing and assembling add beyond building the two editions it
needs; the wrapping — one PBKDF2 run per code, timed in this process — is the deliberate cost
against guessing, linear in the number of codes), and the size of the published folder, its
secret calendars (one copy of the members calendar per code) apart, against the two plain
sites together.
"""

from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import common, synth

TODAY = synth.TODAY.isoformat()
GOAL = 1.3


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--members", type=int, nargs="+", default=[1000])
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv)
    from generator.build import access

    secret = secrets.token_urlsafe(32)
    env = {access.SECRET_ENV: secret}
    rows = []
    for n in args.members:
        root = common.community(n)
        with tempfile.TemporaryDirectory(prefix="bench-encrypt-") as tmp:
            out = {k: Path(tmp, k) for k in ("public", "members", "encrypted")}
            argv_of = {
                k: [sys.executable, "-m", "generator", "build", "--root", str(root), "--today",
                    TODAY, "--out", str(out[k]), "--audience",
                    "public" if k == "public" else "members"] + (
                        ["--encrypt"] if k == "encrypted" else [])
                for k in out}
            best: dict[str, float] = {}
            for attempt in range(args.repeat + 1):
                for kind, cmd in argv_of.items():
                    run = common.Child(cmd, env_extra=env)
                    if run.returncode != 0:
                        raise SystemExit(f"{kind} build failed:\n{run.stderr[-3000:]}")
                    if attempt:  # the first round warms the build cache
                        best[kind] = min(best.get(kind, run.wall), run.wall)
            codes = run.stdout.split("，")[1].split(" ")[0] if "，" in run.stdout else "?"
            lookup = access.kdf("0" * 16, b"s" * 16)  # one PBKDF2 run, timed below
            t = time.perf_counter()
            for _ in range(5):
                lookup = access.kdf("0" * 16, b"s" * 16)
            one = (time.perf_counter() - t) / 5
            assert lookup
            sizes = {k: size(v) for k, v in out.items()}
            cal = size(out["encrypted"] / "cal")
            wrapping = one * float(codes) if codes != "?" else float("nan")
            floor = best["public"] + best["members"]
            rows.append([n, best["public"], best["members"], best["encrypted"],
                         best["encrypted"] / floor, (best["encrypted"] - wrapping) / floor,
                         codes, wrapping,
                         sizes["public"] / 1e6, sizes["members"] / 1e6,
                         sizes["encrypted"] / 1e6, cal / 1e6,
                         (sizes["encrypted"] - cal) / (sizes["public"] + sizes["members"])])
    print(common.table(["members", "public s", "members s", "encrypted s", "enc/(pub+mem)",
                        f"same, less wrapping (goal ≤ {GOAL})", "codes", "wrapping s",
                        "public MB", "members MB", "encrypted MB", "of which calendars MB",
                        "enc less calendars/(pub+mem) size"], rows))
    print(f"load average: {common.load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
