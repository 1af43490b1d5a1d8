"""Issue 5 item 7: the (m_X, g_X) plane of a light L_μ−L_τ boson as a vmapped likelihood grid.

The likelihood of ``fits/lmu_ltau_light.yaml`` (Δa_μ 2021 and the five exclusion curves) is
evaluated on an N×N grid in (log10 m_X/GeV, log10 g′) with ``jit(vmap(nll))``, in chunks of
``CHUNK`` points (memory-bounded; one compilation). Timed: the first call (trace + compile + run)
and the steady time of the whole grid (median of ``REPS``). No established tool computes this
plane (there is no EFT likelihood for a 20 MeV boson), so there is no ratio: the figure is an
absolute time per point, recorded with the machine and the device.

Usage: python benchmarks/grid_light_zprime.py [N] [OUT.json] [FIT.yaml]   (default N = 1000 → 10⁶
points; writes benchmarks/results/grid_light_zprime_<device>.json). Runs unchanged on a GPU. With
FIT.yaml another two-parameter light-mediator fit (e.g. ``fits/b_minus_3lmu_light_current.yaml``,
whose 13 constraints include the 5639-point BaBar 2014 curve) is gridded over its prior box.
"""
import datetime as dt
import json
import os
import platform
import statistics as st
import sys
import time

import jax
import jax.numpy as jnp
import numpy as np

import jaxalign  # noqa: F401  (x64)
from jaxalign.fit.driver import build_fit, load_fit_config

HERE = os.path.dirname(os.path.abspath(__file__))
N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
CHUNK = 250_000
REPS = 3


def main():
    fit = sys.argv[3] if len(sys.argv) > 3 else os.path.join(HERE, "..", "fits", "lmu_ltau_light.yaml")
    cfg = load_fit_config(fit)
    (n_m, p_m), (n_g, p_g) = cfg.parameters.items()
    assert n_m.startswith("log10_m") and n_g.startswith("log10_g"), (n_m, n_g)
    t0 = time.perf_counter()
    lik, data, space = build_fit(cfg)
    t_build = time.perf_counter() - t0
    lm = jnp.linspace(p_m["lower"], p_m["upper"], N)
    lg = jnp.linspace(p_g["lower"], p_g["upper"], N)
    X = jnp.stack(jnp.meshgrid(lm, lg, indexing="ij"), -1).reshape(-1, 2)
    chunk = min(CHUNK, X.shape[0])
    pad = (-X.shape[0]) % chunk
    Xp = jnp.concatenate([X, jnp.repeat(X[-1:], pad, 0)]).reshape(-1, chunk, 2)
    f = jax.jit(jax.vmap(lik.nll, (0, None)))

    def grid():
        return jnp.concatenate([f(c, data) for c in Xp])[: X.shape[0]].block_until_ready()

    t = time.perf_counter()
    r = grid()
    first = time.perf_counter() - t
    ts = []
    for _ in range(REPS):
        t = time.perf_counter()
        r = grid()
        ts.append(time.perf_counter() - t)
    chi2 = 2.0 * np.asarray(r).reshape(N, N)
    i, j = np.unravel_index(np.argmin(chi2), chi2.shape)
    dev = jax.devices()[0]
    out = {
        "item": f"issue 5 item 7: vmapped likelihood grid ({os.path.relpath(fit, os.path.join(HERE, '..'))}, "
                f"{len(cfg.observables)} constraints)",
        "box": {n_m: [p_m["lower"], p_m["upper"]], n_g: [p_g["lower"], p_g["upper"]]},
        "points": int(X.shape[0]), "chunk": chunk,
        "build_s": t_build, "first_call_s": first, "grid_s_median": st.median(ts), "grid_s_min": min(ts),
        "per_point_ns": st.median(ts) / X.shape[0] * 1e9,
        "all_finite": bool(np.all(np.isfinite(chi2))),
        "grid_minimum": {"log10_mX_GeV": float(lm[i]), "log10_gX": float(lg[j]), "chi2": float(chi2[i, j])},
        "device": f"{dev.platform}: {getattr(dev, 'device_kind', '')}",
        "jax": jax.__version__, "hostname": platform.node(), "cpu_count": os.cpu_count(),
        "date_utc": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "xla_flags": os.environ.get("XLA_FLAGS", ""),
    }
    path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "results", f"grid_light_zprime_{dev.platform}.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
