"""Run `mkdocs build` with the project's hook functions timed.

    python -m bench.hooktime OUT.json build -f mkdocs.yml -d site

Every `on_*` function of every hooks file is wrapped with a timer before MkDocs
registers it, so the JSON written to OUT.json says how many seconds the hooks
themselves took (import of the hooks module included) out of the whole build.
The wrapping costs two clock reads per call: nothing next to a page render.
"""
from __future__ import annotations

import functools
import json
import sys
import time
from collections import defaultdict

from mkdocs.config import config_options

TIMES: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)
_original_load = config_options.Hooks._load_hook


FEATURES: dict[str, float] = defaultdict(float)


def _timed(name: str, func, feature: bool = False):
    times = FEATURES if feature else TIMES

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            times[name] += time.perf_counter() - start
            CALLS[name] += 1
            if name == "on_config":
                _time_features()
    wrapper._bench = True
    return wrapper


def _time_features(_result=None):
    """After on_config: time each feature's registered function (generators, filters, markers …)."""
    pipeline = sys.modules.get("phongtrao.pipeline")
    markers = sys.modules.get("phongtrao.pages.markers")
    if pipeline is not None and not getattr(pipeline._steps, "_bench", False):
        original, timed = pipeline._steps, {}

        def steps():
            if not timed:  # every step of every phase, timed under "phase:module.function"
                for phase, funcs in original().items():
                    timed[phase] = tuple(_timed(f"{phase}:{f.__module__.split('.')[-1]}.{f.__name__}", f, True)
                                         for f in funcs)
            return timed
        steps._bench = True
        pipeline._steps = steps
    renderers = getattr(markers, "_RENDERERS", None) if markers is not None else None
    if isinstance(renderers, dict):
        for key, func in list(renderers.items()):
            if not getattr(func, "_bench", False):
                renderers[key] = _timed(f"marker:{key}", func, True)


def _load_hook(self, name, path):
    start = time.perf_counter()
    module = _original_load(self, name, path)
    if not getattr(module, "_bench_timed", False):
        TIMES["import"] += time.perf_counter() - start
        for attr in dir(module):
            if attr.startswith("on_") and callable(getattr(module, attr)):
                setattr(module, attr, _timed(attr, getattr(module, attr)))
        module._bench_timed = True
    return module


def main(argv: list[str]) -> int:
    out, args = argv[0], argv[1:]
    config_options.Hooks._load_hook = _load_hook
    from mkdocs.__main__ import cli

    start = time.perf_counter()
    code = 0
    try:
        cli.main(args=args, prog_name="mkdocs", standalone_mode=False)
    except SystemExit as exc:  # --strict failures and the like
        code = exc.code if isinstance(exc.code, int) else 1
    except Exception as exc:  # noqa: BLE001 - reported in the JSON, the bench goes on
        print(f"build failed: {exc!r}", file=sys.stderr)
        code = 1
    total = time.perf_counter() - start
    with open(out, "w", encoding="utf-8") as fh:
        json.dump({"total": total, "hooks": sum(TIMES.values()), "by_event": dict(TIMES),
                   "features": dict(sorted(FEATURES.items(), key=lambda kv: -kv[1])),
                   "calls": dict(CALLS), "exit": code}, fh, indent=1)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
