"""Helpers shared by the benchmark workers and the driver (standard library only).

Every worker runs in its own virtual environment (jaxalign's, the wilson/flavio one, the jelli
one), so this module must import nothing outside the standard library.
"""

from __future__ import annotations

import json
import os
import resource
import statistics as st
import sys
import time

# The common test case of shared/BENCHMARKS.md (all tools use exactly these numbers).
TEST_SCALE = 1500.0  # GeV, off jelli's scale grid
PARAMS = ("lequ3_2233", "eB_22", "eW_22", "eB_12")  # real parts, GeV^-2
TEST_POINT = (1e-10, 1e-11, 2e-12, 1e-16)  # the point of the jelli anchor script
BATCH_N = 10_000
BATCH_SIGMA = (1e-10, 1e-11, 1e-11, 1e-16)  # normal draws, seed 0 (as the jelli anchor)
BATCH_SCALE_RANGE = (200.0, 5000.0)  # per-point Λ log-uniform, seed 1
DAMU = (251e-11, 59e-11)  # Δa_μ = 251(59) × 10⁻¹¹
MEG_LIMIT, MEG_CL = 4.2e-13, 0.90  # BR(μ→eγ) < 4.2e-13 at 90 % CL (half-normal)
MEG_SIGMA = MEG_LIMIT / 1.6448536269514722  # = limit / Φ⁻¹(0.95)
# item 1: the RG point (1 TeV → m_Z)
RG_SCALE_IN, RG_SCALE_OUT = 1000.0, 91.1876
RG_VALUES = {"lequ3_2233": 1e-7, "eB_22": 1e-11, "eB_12": {"Re": 2e-12, "Im": 1e-12}}
RG_COMPARE = ("eB_22", "eW_22", "ephi_22", "lequ1_2233", "eB_12", "eW_12")


#: set by ``run_all.py --sync-dispatch`` for every JAX worker (jaxalign's and jelli's alike)
SYNC_DISPATCH_ENV = "JAXALIGN_BENCH_SYNC_DISPATCH"


def configure_jax(jax) -> bool:
    """Apply the driver's JAX run-time setting to this worker; call right after ``import jax``,
    before the first computation. With ``JAXALIGN_BENCH_SYNC_DISPATCH=1`` CPU computations run
    inline in the calling thread (JAX's documented option ``jax_cpu_enable_async_dispatch=False``)
    instead of being handed to a worker thread: for programs of a few µs the hand-off dominates.
    Returns whether async dispatch is on."""
    if os.environ.get(SYNC_DISPATCH_ENV) == "1":
        jax.config.update("jax_cpu_enable_async_dispatch", False)
    return bool(jax.config.read("jax_cpu_enable_async_dispatch"))


def rss_mib() -> float:
    """Current resident set size (MiB)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timeit(fn, *, n: int, sync=lambda r: r, max_s: float | None = None):
    """Median and min of n calls of fn() (stops early after max_s seconds, at least 3 calls)."""
    ts = []
    t_start = time.perf_counter()
    for i in range(n):
        t = time.perf_counter()
        sync(fn())
        ts.append(time.perf_counter() - t)
        if max_s is not None and i >= 2 and time.perf_counter() - t_start > max_s:
            break
    return {"median": st.median(ts), "min": min(ts), "n": len(ts)}


def python_control():
    """A fixed pure-Python workload (~10 µs): timed alongside the cases to record the machine's
    state. On the 2-core benchmark VM its block medians switch between two levels (×1.6) for tens
    to hundreds of ms at a time, whatever the process does (benchmarks/README.md)."""
    s = 0
    for i in range(300):
        s += i * i
    return s


def timeit_round_robin(cases: dict, *, blocks: int = 20, per_block: int = 100, sync=lambda r: r) -> dict:
    """Time single calls of several cases in interleaved blocks (block b of every case, then block
    b + 1, ...), plus :func:`python_control`, so that slow phases of the machine fall on all cases
    alike instead of on whichever case happened to run then. Returns, per case and for
    ``"python_control"``, the median and min over all calls, the count and the block medians."""
    cases = dict(cases, python_control=python_control)
    ts = {k: [] for k in cases}
    blk = {k: [] for k in cases}
    for _ in range(blocks):
        for k, fn in cases.items():
            b = []
            for _ in range(per_block):
                t = time.perf_counter()
                sync(fn())
                b.append(time.perf_counter() - t)
            ts[k] += b
            blk[k].append(st.median(b))
    return {k: {"median": st.median(ts[k]), "min": min(ts[k]), "n": len(ts[k]), "block_medians": blk[k],
                "timing": f"round robin, {blocks} blocks x {per_block} calls"} for k in cases}


def first_call(fn, sync=lambda r: r):
    t = time.perf_counter()
    r = sync(fn())
    return time.perf_counter() - t, r


def device_meta(jax, versions=("jax", "jaxlib", "equinox", "numpy")) -> dict:
    """Where a device-agnostic benchmark ran: JAX device and backend, x64, package versions, host,
    core count, UTC date and XLA_FLAGS (for the JSON of lik_batched / rg_batched / grid scripts)."""
    import datetime as dt
    import importlib.metadata as md
    import platform

    dev = jax.devices()[0]
    return {"device": f"{dev.platform}: {getattr(dev, 'device_kind', '')}", "backend": jax.default_backend(),
            "x64": bool(jax.config.jax_enable_x64), "versions": {p: md.version(p) for p in versions},
            "hostname": platform.node(), "cpu_count": os.cpu_count(),
            "date_utc": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "xla_flags": os.environ.get("XLA_FLAGS", "")}


def write_json(path, obj) -> None:
    with open(path, "w") as f:
        json.dump(obj, f, indent=1, default=str)


def batch_args(max_n: int, budget_s: float, argv=None) -> tuple[str, int, float]:
    """``OUT.json [MAX_N] [BUDGET_S]`` of the batch-size scans (lik_batched.py, rg_batched.py)."""
    argv = sys.argv if argv is None else argv
    out = out_path(argv)
    n = int(float(argv[2])) if len(argv) > 2 else max_n
    b = float(argv[3]) if len(argv) > 3 else budget_s
    return out, n, b


def out_path(argv=None) -> str:
    """Workers are called as `python worker.py OUT.json`."""
    argv = sys.argv if argv is None else argv
    if len(argv) < 2:
        raise SystemExit(f"usage: {argv[0]} OUT.json")
    return argv[1]
