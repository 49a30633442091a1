"""Parser equivalence and speed harness: freeze reference records, diff against them, time and profile.

    python benchmarks/parse_check.py ref      [--out DIR]   # parse the sample, store one repr per field
    python benchmarks/parse_check.py compare  [--out DIR]   # re-parse, report every field that differs
    python benchmarks/parse_check.py bench    [-n 1000]     # CPU ms/report on one core, per layout
    python benchmarks/parse_check.py profile  [-n 600]      # cProfile, top functions by own time
    python benchmarks/parse_check.py pair --src DIR [--rounds 3]  # this tree vs the `extract` copy in DIR

`pair` is the figure to trust on a shared machine: two long-lived processes (the copy in DIR, e.g. a
`git archive <rev> extract | tar -x -C DIR`, with DIR/seeds linked to seeds/, and this tree) parse the same
100-report chunks one after the other, so both see the same load, and the median of the per-chunk
CPU ratios is reported. Timing one version after the other swings by ±30% when other work runs.

The sample is deterministic: every bench corpus file of the 1k and 10k corpora, every 20th file of the
100k corpus, the bundled samples and every test fixture. Records are compared field by field on their
`repr`, so key order, int vs float and tuple vs list all count: "identical" means byte-identical output.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pickle
import pstats
import sys
import time
import zlib
from collections import defaultdict
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH = ROOT / "data" / "bench"
DEFAULT_OUT = Path("/tmp/parse_ref")


def _files_under(d: Path) -> list[str]:
    found = [os.path.join(r, n) for r, _, ns in os.walk(d) for n in ns if not n.startswith(".")]
    return sorted(os.path.relpath(f, ROOT) for f in found)


def sample_files() -> list[str]:
    files: list[str] = []
    for name in ("corpus_1000_s1_d0.05_g2", "corpus_10000_s1_d0.05_g2"):
        files += _files_under(BENCH / name)
    files += _files_under(BENCH / "corpus_100000_s1_d0.05_g2")[::20]
    files += _files_under(ROOT / "data" / "samples")
    files += [f for f in _files_under(ROOT / "tests" / "fixtures") if not f.endswith(".py")]
    return files


def parse_bytes(data: bytes, source_file: str, source_path: str):
    from extract.parse import parse_bytes as parse  # imported late: --src may put another copy first

    return parse(data, source_file, source_path=source_path)


def _fields(path: str) -> tuple[str, bytes]:
    data = (ROOT / path).read_bytes()
    rec = parse_bytes(data, os.path.basename(path), source_path=path)
    return path, zlib.compress(pickle.dumps({k: repr(v) for k, v in rec.items()}))


def _init() -> None:
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def _parse_all(files: list[str], workers: int):
    with get_context("fork").Pool(workers, initializer=_init) as pool:
        yield from pool.imap(_fields, files, chunksize=64)


def cmd_ref(out: Path, workers: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    files = sample_files()
    ref = dict(_parse_all(files, workers))
    (out / "ref.pkl").write_bytes(pickle.dumps(ref))
    print(f"stored {len(ref)} reference records in {out / 'ref.pkl'}")


def cmd_compare(out: Path, workers: int, limit: int, every: int) -> int:
    ref: dict[str, bytes] = pickle.loads((out / "ref.pkl").read_bytes())
    files = sorted(ref)[::every]
    bad: dict[str, int] = defaultdict(int)
    shown = 0
    n = 0
    for path, blob in _parse_all(files, workers):
        n += 1
        if blob == ref[path]:
            continue
        new, old = pickle.loads(zlib.decompress(blob)), pickle.loads(zlib.decompress(ref[path]))
        for k in sorted(set(new) | set(old)):
            if new.get(k) != old.get(k):
                bad[k] += 1
                if shown < limit:
                    shown += 1
                    print(
                        f"DIFF {path} [{k}]\n  ref: {old.get(k, '<missing>')[:600]}\n  new: {new.get(k, '<missing>')[:600]}"
                    )
    if bad:
        print(f"{n} records compared: DIFFERENCES by field: {dict(bad)}")
        return 1
    print(f"{n} records compared: all identical")
    return 0


def _bench_files(n: int) -> list[str]:
    files = _files_under(BENCH / "corpus_10000_s1_d0.05_g2")
    step = max(1, len(files) // n)
    return files[::step][:n]


def cmd_bench(n: int, rounds: int) -> None:
    from extract.parse import parse_bytes

    files = _bench_files(n)
    docs = [(f, (ROOT / f).read_bytes()) for f in files]
    for f, d in docs[:100]:  # warm up caches and imports
        parse_bytes(d, os.path.basename(f), source_path=f)
    _init()
    per_layout: dict[str, list[float]] = defaultdict(list)
    best = None
    for _ in range(rounds):
        per: dict[str, list[float]] = defaultdict(list)
        t0 = time.process_time()
        for f, d in docs:
            s = time.process_time()
            rec = parse_bytes(d, os.path.basename(f), source_path=f)
            per[rec["layout"] or "none"].append(time.process_time() - s)
        total = time.process_time() - t0
        if best is None or total < best:
            best, per_layout = total, per
    print(f"{len(docs)} reports, best of {rounds}: {best / len(docs) * 1000:.3f} ms CPU/report")
    for k, v in sorted(per_layout.items()):
        print(f"  {k:20s} {len(v):5d}  {sum(v) / len(v) * 1000:.3f} ms")


def cmd_profile(n: int, top: int, sort: str) -> None:
    from extract.parse import parse_bytes

    files = _bench_files(n)
    docs = [(f, (ROOT / f).read_bytes()) for f in files]
    for f, d in docs[:50]:
        parse_bytes(d, os.path.basename(f), source_path=f)
    _init()
    pr = cProfile.Profile(time.process_time)
    pr.enable()
    for f, d in docs:
        parse_bytes(d, os.path.basename(f), source_path=f)
    pr.disable()
    pstats.Stats(pr).sort_stats(sort).print_stats(top)


def _pair_worker(src: str | None, conn) -> None:
    if src:
        sys.path.insert(0, src)
    from extract.parse import parse_bytes

    docs = [(f, (ROOT / f).read_bytes()) for f in _bench_files(1000)]
    for f, d in docs[:300]:  # warm up caches and imports
        parse_bytes(d, os.path.basename(f), source_path=f)
    _init()
    conn.send("ready")
    while (job := conn.recv()) is not None:
        per: dict[str, list[float]] = defaultdict(list)
        t0 = time.process_time()
        for f, d in docs[job[0] : job[1]]:
            s = time.process_time()
            rec = parse_bytes(d, os.path.basename(f), source_path=f)
            per[rec["layout"] or "none"].append(time.process_time() - s)
        conn.send((time.process_time() - t0, dict(per)))


def cmd_pair(src: Path, rounds: int) -> None:
    import statistics

    ctx = get_context("spawn")
    ends = {}
    for name, path in (("base", str(src)), ("this", None)):
        here, there = ctx.Pipe()
        proc = ctx.Process(target=_pair_worker, args=(path, there))
        proc.start()
        ends[name] = (proc, here)
    for _, conn in ends.values():
        conn.recv()
    total = dict.fromkeys(ends, 0.0)
    per: dict[str, dict[str, list[float]]] = {k: defaultdict(list) for k in ends}
    ratios = []
    k = 0
    for _ in range(rounds):
        for lo in range(0, 1000, 100):
            times = {}
            for name in ("base", "this") if k % 2 == 0 else ("this", "base"):
                ends[name][1].send((lo, lo + 100))
                times[name], lays = ends[name][1].recv()
                total[name] += times[name]
                for lay, v in lays.items():
                    per[name][lay] += v
            ratios.append(times["base"] / times["this"])
            k += 1
    for proc, conn in ends.values():
        conn.send(None)
        proc.join()
    n = 1000 * rounds
    print(
        f"ms CPU/report: base {total['base'] / n * 1000:.3f}, this tree {total['this'] / n * 1000:.3f}; "
        f"median chunk ratio {statistics.median(ratios):.2f}x (quartiles "
        f"{', '.join(f'{q:.2f}' for q in statistics.quantiles(ratios, n=4))})"
    )
    for lay in sorted(per["base"]):
        b, t = statistics.median(per["base"][lay]) * 1000, statistics.median(per["this"][lay]) * 1000
        print(f"  {lay:20s} median ms/report base {b:.3f}, this tree {t:.3f}  {b / t:.2f}x")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cmd", choices=["ref", "compare", "bench", "profile", "pair"])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--sort", default="tottime")
    ap.add_argument("--limit", type=int, default=20, help="differences printed in full")
    ap.add_argument(
        "--every", type=int, default=1, help="compare: only every n-th reference file (quick check)"
    )
    ap.add_argument("--src", type=Path, help="import `extract` from this directory (A/B against a copy)")
    a = ap.parse_args()
    if a.cmd == "pair":
        if not a.src:
            ap.error("pair needs --src DIR (the `extract` copy to compare against)")
        cmd_pair(a.src, a.rounds)
        return 0
    if a.src:
        sys.path.insert(0, str(a.src))
    if a.cmd == "ref":
        cmd_ref(a.out, a.workers)
    elif a.cmd == "compare":
        return cmd_compare(a.out, a.workers, a.limit, a.every)
    elif a.cmd == "bench":
        cmd_bench(a.n, a.rounds)
    else:
        cmd_profile(a.n, a.top, a.sort)
    return 0


if __name__ == "__main__":
    sys.exit(main())
