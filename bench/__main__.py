"""`make bench`: the site from one commune to a province, next to plain MkDocs + Material.

    python -m bench                      # 1, 10 and 100 communes (about 60, 600 and 5,000 units)
    python -m bench --quick              # 1 and 10 communes only
    python -m bench --sizes 1x60,25x50   # communes x units per commune
    python -m bench --no-serve --no-browser --profile

Writes everything under bench-out/ (git-ignored) and prints one table per size,
then the growth across sizes. Results are also saved to bench-out/results.json.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import measure, search, synth

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = "1x60,10x60,100x50"
QUICK_SIZES = "1x60,10x60"
TARGET_FILES_PER_S = 5000
TARGET_HOOK_SHARE = 0.10
TARGET_PEAK_MB = 2048
TARGET_SEARCH_S = 1.0          # first result on a phone, province size
TARGET_SEARCH_BYTES = 300_000  # transferred for the first query
TARGET_INDEX_SHARE = 0.10      # of the province build
SEARCH_QUERIES = ("binh dan hoc vu so",)


def parse_sizes(text: str) -> list[tuple[int, int]]:
    sizes = []
    for part in text.split(","):
        communes, _, units = part.strip().partition("x")
        sizes.append((int(communes), int(units or 60)))
    return sizes


def _mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _rounds(run: dict) -> str:
    times = run.get("all_seconds") or []
    return f" (fastest of {', '.join(f'{t:.1f}' for t in times)} s)" if len(times) > 1 else ""


def run_size(communes: int, units: int, out: Path, args) -> dict:
    name = f"{communes}x{units}"
    work = out / name
    work.mkdir(parents=True, exist_ok=True)
    say = lambda msg: print(f"[{name} {time.strftime('%H:%M:%S')}] {msg}", flush=True)  # noqa: E731
    say("generating synthetic data")
    project = synth.generate(work / "project", communes, units, seed=args.seed)
    row: dict = {"size": name, "communes": communes, "units_per_commune": units,
                 "synthetic_unit_files": len(project.unit_files), "synthetic_pages": len(project.pages)}

    say("data stage (load + validate + cross-check)")
    data = measure.data_stage(project.data_dir, repeat=args.repeat)
    synthetic = {str(p) for p in project.unit_files}
    row["data"] = {k: v for k, v in data.items() if k != "problems"}
    row["data"]["problems_total"] = len(data["problems"])
    row["data"]["problems_in_synthetic"] = [p for p in data["problems"] if p.split(":")[0] in synthetic][:5]
    if args.profile:
        row["profile"] = measure.profile_data_stage(project.data_dir)

    say("real build (our mkdocs.yml, hooks, theme overrides)")
    real = measure.run_build(project.root, work / "site", work / "build-real.log", timeout=args.timeout)
    row["real"] = {"seconds": real.seconds, "cpu_seconds": real.cpu_seconds, "peak_mb": real.peak_mb,
                   "tree_peak_mb": real.tree_peak_mb, "exit": real.exit,
                   "hook_seconds": real.hook_seconds, "warnings": real.warnings, "log": str(real.log),
                   "features": real.features}
    row["site"] = measure.site_stats(work / "site")
    if real.exit != 0 or not (work / "site" / "index.html").exists():
        tail = "\n".join(real.log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:])
        raise SystemExit(f"the real build failed (exit {real.exit}); the rest of this size is meaningless.\n{tail}")

    plain_pages = measure.write_plain_project(project.root, work / "site", work / "plain")
    # The plain and the warm real builds take turns, and the fastest of each is kept: on a shared
    # machine one build can be 15 % slower than the next for no reason of its own.
    warm_runs, plain_runs = [], []
    for round_ in range(1, args.rounds + 1):
        say(f"plain MkDocs + Material build of the same pages (round {round_} of {args.rounds})")
        plain_runs.append(measure.run_build(work / "plain", work / "plain-site", work / "build-plain.log",
                                            timeout=args.timeout, timed_hooks=False))
        say(f"real build again, caches warm: data files and social cards unchanged (round {round_})")
        warm_runs.append(measure.run_build(project.root, work / "site-warm", work / "build-real-warm.log",
                                           timeout=args.timeout))
    plain = min(plain_runs, key=lambda b: b.seconds)
    again = min(warm_runs, key=lambda b: b.seconds)
    row["real_warm"] = {"seconds": again.seconds, "cpu_seconds": again.cpu_seconds, "peak_mb": again.peak_mb,
                        "exit": again.exit, "hook_seconds": again.hook_seconds, "features": again.features,
                        "all_seconds": [b.seconds for b in warm_runs]}
    row["plain"] = {"seconds": plain.seconds, "cpu_seconds": plain.cpu_seconds, "peak_mb": plain.peak_mb,
                    "exit": plain.exit, "pages": plain_pages, "all_seconds": [b.seconds for b in plain_runs],
                    "site_pages": measure.site_stats(work / "plain-site")["pages"]}

    if not args.no_serve:
        say("mkdocs serve: rebuild after a one-file data change")
        unit_file = project.unit_files[len(project.unit_files) // 2]
        row["serve"] = measure.serve_rebuild(project.root, unit_file, timeout=max(120.0, 4 * real.seconds))
        say(f"mkdocs serve LOCALITY={unit_file.parent.name}: the same change in a one-commune preview")
        row["serve_locality"] = measure.serve_rebuild(project.root, unit_file, timeout=max(120.0, 4 * real.seconds),
                                                      locality=unit_file.parent.name)
    index_s = sum(v for k, v in real.features.items() if "search_index." in k)
    row["search_index"] = {"seconds": index_s, "share": index_s / real.seconds if real.seconds else 0,
                           "bytes": row["site"]["pagefind_bytes"], "files": row["site"]["pagefind_files"],
                           "pages": row["site"]["pagefind_pages"]}
    if not args.no_browser:
        say("old engine: the same site with Material's search plugin (lunr) on, for comparison")
        config = search.lunr_config(project.root)
        old = measure.run_build(project.root, work / "site-lunr", work / "build-lunr.log", timeout=args.timeout,
                                config=config.name)
        row["lunr_build"] = {"seconds": old.seconds, "exit": old.exit}
        row["lunr_site"] = measure.site_stats(work / "site-lunr")
        loc = project.data_dir / "localities" / f"{project.communes[0]}.yml"
        queries = (synth._short(synth._load(loc)["name"]),) + SEARCH_QUERIES
        row["search_queries"] = list(queries)
        row["search_runs"] = search.table(work, list(queries))
    return row


def print_size(row: dict) -> None:
    d, r, p, s = row["data"], row["real"], row["plain"], row["site"]
    units = d["unit_files"]
    lines = [("unit files (synthetic / all)", f"{row['synthetic_unit_files']} / {units}"),
             ("practice, story and plan pages written", str(row["synthetic_pages"])),
             ("data stage, every file read (cold)",
              f"{d['seconds']:.2f} s = {d['files_per_s']:,.0f} files/s (target ≥ {TARGET_FILES_PER_S:,}: "
              f"{_verdict(d['files_per_s'] >= TARGET_FILES_PER_S)})"),
             ("data stage, unchanged files cached (warm)",
              f"{d['warm_seconds']:.2f} s = {d['warm_files_per_s']:,.0f} files/s (target ≥ {TARGET_FILES_PER_S:,}: "
              f"{_verdict(d['warm_files_per_s'] >= TARGET_FILES_PER_S)})"),
             ("data problems (all / in synthetic files)", f"{d['problems_total']} / {len(d['problems_in_synthetic'])}"),
             ("real build: time, peak memory", f"{r['seconds']:.1f} s, {r['peak_mb']:.0f} MB (2 GB target: "
              f"{_verdict(r['peak_mb'] <= TARGET_PEAK_MB)}), exit {r['exit']}, {r['warnings']} warnings"),
             ("plain MkDocs + Material: time, memory", f"{p['seconds']:.1f} s, {p['peak_mb']:.0f} MB, "
              f"{p['site_pages']} pages (real site: {s['pages']}){_rounds(p)}")]
    runs = [("", r)] + ([(" (warm caches)", row["real_warm"])] if "real_warm" in row else [])
    if "real_warm" in row:
        w = row["real_warm"]
        lines.append(("real build again, warm caches",
                      f"{w['seconds']:.1f} s, {w['peak_mb']:.0f} MB, exit {w['exit']}{_rounds(w)}"))
    for label, run in runs:
        ratio = run["seconds"] / p["seconds"] - 1 if p["seconds"] else 0
        cpu = run["cpu_seconds"] / p["cpu_seconds"] - 1 if p.get("cpu_seconds") else 0
        lines.append((f"real vs plain build time{label}", f"{ratio:+.0%} wall, {cpu:+.0%} CPU (target ≤ "
                      f"+{TARGET_HOOK_SHARE:.0%}: {_verdict(max(ratio, cpu) <= TARGET_HOOK_SHARE)})"))
    for label, run in runs:
        if run["hook_seconds"] is None:
            continue
        share = run["hook_seconds"] / run["seconds"]
        lines.append((f"time inside our hooks{label}", f"{run['hook_seconds']:.2f} s = {share:.0%} of the build, "
                      f"{run['hook_seconds'] / p['seconds']:.0%} of the plain build"))
        top = sorted(run.get("features", {}).items(), key=lambda kv: -kv[1])[:4]
        if top:
            lines.append(("  of which (slowest features)", ", ".join(f"{k} {v:.2f} s" for k, v in top)))
    lines += [("time per unit (real / plain)",
               f"{1000 * r['seconds'] / max(units, 1):.1f} / {1000 * p['seconds'] / max(units, 1):.1f} ms"),
              ("site size", f"{_mb(s['bytes'])} in {s['files']:,} files, {s['pages']:,} pages")]
    if s.get("index_docs"):   # Material's lunr index, when a site has one (the real site has Pagefind's, below)
        lines.append(("search index (lunr)", f"{_mb(s['index_bytes'])} ({_mb(s['index_gzip'])} gzip), "
                                             f"{s['index_docs']:,} entries"))
    for key, label in (("serve", "serve: rebuild after one data file changes"),
                       ("serve_locality", "  the same, serve LOCALITY=<its commune>")):
        if key in row:
            sv = row[key]
            lines.append((label, f"{sv['rebuild_s']:.1f} s to reload (build {sv.get('build_s') or 0:.1f} s)"
                          if sv["ok"] else f"failed: {sv.get('error')}"))
    si = row.get("search_index")
    if si:
        lines.append(("Pagefind index: build time, size", f"{si['seconds']:.1f} s = {si['share']:.1%} of the build "
                      f"(target ≤ {TARGET_INDEX_SHARE:.0%}: {_verdict(si['share'] <= TARGET_INDEX_SHARE)}), "
                      f"{_mb(si['bytes'])} in {si['files']:,} files, {si['pages']:,} pages"))
        lines.append(("build memory, build + indexer summed", f"{r.get('tree_peak_mb', 0):.0f} MB (2 GB target: "
                      f"{_verdict(r.get('tree_peak_mb', 0) <= TARGET_PEAK_MB)})"))
    width = max(len(k) for k, _ in lines)
    print(f"\n== {row['communes']} commune(s) × {row['units_per_commune']} units ==")
    for key, value in lines:
        print(f"  {key.ljust(width)}  {value}")
    print_search(row)
    if row["data"]["problems_in_synthetic"]:
        print("  synthetic files the checker rejected (generator out of date):")
        for problem in row["data"]["problems_in_synthetic"]:
            print("   ", problem)
    if row.get("profile"):
        print(row["profile"])


def print_search(row: dict) -> None:
    """The old/new table: time from typing to the first result, and bytes, per engine, query and device."""
    runs = row.get("search_runs")
    if not runs:
        return
    ls = row.get("lunr_site", {})
    print(f"  Tìm kiếm (search), old engine = Material's lunr ({_mb(ls.get('index_bytes', 0))} index, "
          f"{_mb(ls.get('index_gzip', 0))} gzip), new = Pagefind; phone = chromium in ¼ of a core (cgroup: page and "
          f"workers alike), {search.BYTES_PER_S * 8 / 1e6:.1f} Mbps, {search.LATENCY_S * 1000:.0f} ms, text gzip-compressed")
    print("  (first result: after a pasted query; “typed 4/s”: after the last keystroke of a query typed at 4")
    print("   characters a second, the engine loading meanwhile; KB search: the engine and index fetched for it;")
    print("   page ready: from opening the page until its network is idle, when the timing starts: the old engine")
    print("   fetches its whole index with every page, so its cost is there, not after typing)")
    print(f"    {'engine':<9} {'device':<17} {'query':<22} {'first result':>12} {'KB search':>10} {'KB page':>8} "
          f"{'page ready':>10}  {'results':<24} target")
    for run in runs:
        device = ("phone" if run.get("phone") else "desktop") + (f", typed {run['typing_cps']:g}/s" if run.get("typing_cps") else "")
        if not run.get("ok"):
            print(f"    {run.get('engine', '?'):<9} {device:<17} {run['query'][:22]:<22} failed: {run.get('error')}")
            continue
        # the old engine fetches its whole index with the page; the new one only once the search opens
        search_bytes = run["bytes_search"] + (row.get("lunr_site", {}).get("index_gzip", 0) if run["engine"] == "lunr" else 0)
        verdict = ""
        if run["phone"] and run["engine"] == "pagefind":
            verdict = (f"{_verdict(run['first_result_s'] <= TARGET_SEARCH_S)} (< {TARGET_SEARCH_S:.0f} s), "
                       f"{_verdict(search_bytes <= TARGET_SEARCH_BYTES)} (< {TARGET_SEARCH_BYTES // 1000} KB)")
        print(f"    {run['engine']:<9} {device:<17} {run['query'][:22]:<22} {run['first_result_s']:>10.2f} s "
              f"{search_bytes / 1000:>10.0f} {run['bytes_page'] / 1000:>8.0f} {run.get('load_s', 0):>8.1f} s  "
              f"{run['meta'][:24]:<24} {verdict}")
    national = row.get("national") or []
    for n in (national if isinstance(national, list) else [national]):
        print(f"  national page (the production one), one search over {len(n.get('sites_built', []))} province sites "
              f"(Pagefind mergeIndex), phone, {n.get('query', '')!r} pasted: "
              + (f"{n['first_result_s']:.2f} s, {n['bytes_search'] / 1000:.0f} KB, {n['meta']}, first ten from "
                 f"{', '.join(n['sites'])}" if n.get("ok") else f"failed: {n.get('error')}"))


def print_growth(rows: list[dict]) -> None:
    if len(rows) < 2:
        return
    print("\n== Growth across sizes ==")
    print(f"  {'size':>9} {'units':>6} {'pages':>6} {'data s':>7} {'warm':>6} {'real s':>7} {'warm':>6} "
          f"{'plain s':>8} {'ms/unit':>8} {'hook s':>7} {'peak MB':>8} {'site MB':>8} {'index MB':>9}")
    for row in rows:
        d, r, p, s = row["data"], row["real"], row["plain"], row["site"]
        warm = row.get("real_warm", {}).get("seconds", float("nan"))
        print(f"  {row['size']:>9} {d['unit_files']:>6} {s['pages']:>6} {d['seconds']:>7.2f} "
              f"{d.get('warm_seconds', float('nan')):>6.2f} {r['seconds']:>7.1f} {warm:>6.1f} "
              f"{p['seconds']:>8.1f} {1000 * r['seconds'] / max(d['unit_files'], 1):>8.1f} "
              f"{(r['hook_seconds'] or 0):>7.2f} {r['peak_mb']:>8.0f} {s['bytes'] / 1e6:>8.1f} "
              f"{s['index_bytes'] / 1e6:>9.1f}")
    first, last = rows[0], rows[-1]
    per = lambda row: row["real"]["seconds"] / max(row["data"]["unit_files"], 1)  # noqa: E731
    print(f"  time per unit grows ×{per(last) / per(first):.2f} from {first['size']} to {last['size']} "
          f"({'about linear' if per(last) / per(first) < 1.5 else 'faster than linear'}; "
          "fixed start-up cost makes small sizes look dearer per unit)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", help=f"communes x units per commune, comma-separated (default {DEFAULT_SIZES})")
    parser.add_argument("--quick", action="store_true", help=f"only {QUICK_SIZES}")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=3, help="data-stage runs (best is kept)")
    parser.add_argument("--rounds", type=int, default=2,
                        help="plain and warm real builds, taking turns (the fastest of each is kept)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed for one build")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out")
    parser.add_argument("--no-serve", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-national", action="store_true",
                        help="skip the second province site and the national search page (largest size)")
    parser.add_argument("--profile", action="store_true", help="cProfile the data stage")
    args = parser.parse_args(argv)
    args.out = args.out.resolve()  # builds run with the synthetic project as working directory
    sizes = parse_sizes(args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES))
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"YAML loader: {measure.yaml_loader()}; Python {sys.version.split()[0]}")
    rows = []
    for communes, units in sizes:
        row = run_size(communes, units, args.out, args)
        rows.append(row)
        print_size(row)
        (args.out / "results.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False, default=str))
    if not args.no_browser and not args.no_national and rows:
        communes, units = sizes[-1]
        row = rows[-1]
        work = args.out / f"{communes}x{units}"
        print(f"[national {time.strftime('%H:%M:%S')}] a second province of the same size, and a national search page", flush=True)
        other = synth.generate(work / "project-b", communes, units, seed=args.seed + 1)
        built = measure.run_build(other.root, work / "site-b", work / "build-b.log", timeout=args.timeout)
        root = search.national_root({"tinh-a": work / "site", "tinh-b": work / "site-b"}, work / "national")
        # the commonest words (pages of both), and a commune of the second province (its pages must come)
        loc_b = synth._short(synth._load(other.data_dir / "localities" / f"{other.communes[0]}.yml")["name"])
        row["national"] = [dict(search.national_query(root, query, phone=True), query=query,
                                sites_built=["tinh-a", "tinh-b"], second_build_s=built.seconds)
                           for query in (SEARCH_QUERIES[0], loc_b)]
        print_search(row)
        (args.out / "results.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False, default=str))
    print_growth(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
