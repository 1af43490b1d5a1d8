"""Batched throughput of the common-test-case likelihood against the batch size, on any device.

``shared/BENCHMARKS.md`` sets two batched targets: ≥ 3× jelli's per-point cost on CPU (measured
side by side in ``lik_jaxalign.py`` / ``run_all.py``) and **≥ 10⁷ points/s on one modern GPU**. This
script measures the second (and the same curve on CPU): ``jit(vmap(nll))`` and
``jit(vmap(value_and_grad(nll)))`` of the common test case (float64, exact one-loop evolution
matrix), at a common Λ = 1.5 TeV and with a per-point Λ (Chebyshev interpolant in ln Λ,
200–5000 GeV), for batch sizes 10⁴ … 10⁷ (stopping at the first size that does not fit in memory or
exceeds the time budget). Points are drawn as in the jelli anchor (normal, seed 0; Λ log-uniform,
seed 1), tiled to the batch size and perturbed by a per-point factor so that no two points are equal.

Every batch result is checked against single-point evaluations of the same function (``vmap`` vs
loop, relative 1e-12 on the device) and all values must be finite.

jelli is not run here: on a GPU machine its ~200 MB evolution-matrix cache cannot be carried and
no package index is reachable; the CPU ratio against jelli lives in ``results/likelihood.json``.

Usage: python lik_batched.py OUT.json [MAX_N] [BUDGET_S]
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as cm

OUT, MAX_N, BUDGET_S = cm.batch_args(10_000_000, 240.0)
T0 = time.perf_counter()
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import jaxalign  # noqa: E402,F401  (x64)
from jaxalign.inputs import load_inputs
from jaxalign.likelihood.build import make_likelihood
import case_jaxalign as case

sync = jax.block_until_ready
sm = load_inputs("reference")
t = time.perf_counter()
lik, data = make_likelihood(case.model(), sm, case.constraints(), scale=cm.TEST_SCALE)
likf, dataf = make_likelihood(case.model(), sm, case.constraints(), scale_range=cm.BATCH_SCALE_RANGE)
sync((data, dataf))
t_build = time.perf_counter() - t

rng = np.random.default_rng(0)
P0 = rng.normal(size=(cm.BATCH_N, 4)) * np.array(cm.BATCH_SIGMA)
S0 = np.exp(np.random.default_rng(1).uniform(*np.log(cm.BATCH_SCALE_RANGE), cm.BATCH_N))


def points(n, with_scale):
    reps = -(-n // cm.BATCH_N)
    jitter = 1.0 + 1e-3 * np.random.default_rng(2).standard_normal((reps * cm.BATCH_N, 1))
    P = (np.tile(P0, (reps, 1)) * jitter)[:n]
    if with_scale:
        P = np.concatenate([P, np.tile(S0, reps)[:n, None]], axis=1)
    return jnp.asarray(P)


def funcs(l, d):
    v = jax.jit(jax.vmap(l.nll, in_axes=(0, None)))
    vg = jax.jit(jax.vmap(jax.value_and_grad(l.nll), in_axes=(0, None)))
    one = jax.jit(l.nll)
    return {"value": lambda X: v(X, d), "value_grad": lambda X: vg(X, d), "one": lambda x: one(x, d)}


F = {"common scale": (funcs(lik, data), False), "per-point scale": (funcs(likf, dataf), True)}
sizes = [n for n in (10_000, 100_000, 1_000_000, 10_000_000) if n <= MAX_N]
rows, checks = [], {}
for case_name, (fs, with_scale) in F.items():
    for what in ("value", "value_grad"):
        f = fs[what]
        for n in sizes:
            if time.perf_counter() - T0 > BUDGET_S:
                rows.append({"case": case_name, "what": what, "n": n, "skipped": "time budget"})
                continue
            X = points(n, with_scale)
            try:
                first, r = cm.first_call(lambda: f(X), sync)
                reps = 20 if n <= 100_000 else 5
                tm = cm.timeit(lambda: f(X), n=reps, sync=sync, max_s=30)
            except Exception as e:  # out of device memory: record and stop growing this row
                rows.append({"case": case_name, "what": what, "n": n, "error": f"{type(e).__name__}: {str(e)[:200]}"})
                break
            val = r[0] if what == "value_grad" else r
            finite = bool(jnp.all(jnp.isfinite(val)))
            row = {"case": case_name, "what": what, "n": n, "first_call_s": first, "median_s": tm["median"],
                   "min_s": tm["min"], "reps": tm["n"], "points_per_s": n / tm["median"],
                   "per_point_ns": tm["median"] / n * 1e9, "all_finite": finite}
            rows.append(row)
            print(f"{case_name:16s} {what:10s} n={n:>9d}  {row['points_per_s']:.3e} points/s  "
                  f"({row['per_point_ns']:.1f} ns/point; first call {first:.2f} s)", flush=True)
            if n == sizes[0]:
                idx = [0, n // 2, n - 1]
                loop = np.array([float(fs["one"](X[i])) for i in idx])
                vb = np.asarray(val)[idx]
                checks[f"{case_name}: vmap vs single calls (max rel diff)"] = float(np.max(np.abs(vb - loop) / np.abs(loop)))
            del X, r

best = {}
for r in rows:
    if "points_per_s" in r:
        k = f"{r['case']} / {r['what']}"
        best[k] = max(best.get(k, 0.0), r["points_per_s"])
out = {
    "item": "issue 2 item 11: batched common-test-case likelihood, throughput vs batch size",
    "target": ">= 1e7 points/s on one modern GPU (shared/BENCHMARKS.md)",
    **cm.device_meta(jax), "build_s": t_build,
    "rows": rows, "best_points_per_s": best, "checks": checks, "wall_s": time.perf_counter() - T0,
}
cm.write_json(OUT, out)
print("best points/s:", {k: f"{v:.3e}" for k, v in best.items()}, "| checks:", checks)
