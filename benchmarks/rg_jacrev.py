"""Gradient of one low-scale coefficient with respect to every high-scale parameter, by reverse
mode through the full one-loop running, against finite differences with wilson.

Case: the item-1 SMEFT point (``common.RG_VALUES`` at 1 TeV: ``lequ3_2233 = 1e-7``,
``eB_22 = 1e-11``, ``eB_12 = (2 + 1i)·1e-12`` GeV⁻²) run to 91.1876 GeV with
``jaxalign.chain.evolve_point`` (SM couplings at Λ, Dopri8 ODE of the complete Warsaw basis, rotation
to the Warsaw-down basis: the analogue of wilson's ``match_run``). The function differentiated is

    f(θ) = Re C_eB,22(m_Z)   [GeV⁻²],

θ = the 2499 real parameters of the 59 baryon-number-conserving Warsaw classes at Λ (WCxf
non-redundant keys: real and imaginary parts; ``jaxalign.smeft.operators.class_keys``), mapped
linearly onto the full flavour arrays (``wcxf_to_arrays`` of unit values). Everything at Λ depends
on θ, including the SM couplings there (``sm_at_scale`` depends on the coefficients).

jaxalign (this venv, fresh processes): ``jit(grad(f))`` with ``evolve_point(..., adjoint="backsolve")``
— one reverse-mode pass for all 2499 derivatives (diffrax BacksolveAdjoint: the adjoint equation
integrated backwards, rtol 1e-10 as the forward run) — split into trace (``lower``), XLA compile
and first run (their sum = the first call), then the steady median; peak RSS after ``jit(f)`` and
after the gradient; ``jit(f)`` alone (first call and steady); and a check of the gradient against
central differences of ``f`` along three random directions. With ``--variant-reps N`` (default 1)
the gradient is also compiled with ``compiler_options={"xla_cpu_use_fusion_emitters": False}``
(XLA:CPU's older elemental emitters: about half the compile memory, slower runs) in N processes.

wilson (the ``.oracle`` venv, fresh processes of ``rg_wilson.py``, interleaved with the jaxalign
processes as in ``run_all.py``): its time per point, from which the cost of the same gradient by
finite differences is estimated — forward differences need 2499 + 1 runs, central ones 2 × 2499
— both for ``match_run`` at wilson's default accuracy (RK45, rtol 1e-3: the cheapest run, though
too coarse for differences of size ~1e-7 relative to mean anything) and for SM couplings at Λ +
the ODE at DOP853 rtol 1e-10 (the accuracy of jaxalign's run). wilson has no gradients, so this
estimate is the only way to get the same numbers from it.

Quoted figures: median over processes of each process's median (``shared/BENCHMARKS.md``);
first calls reported separately. The aggregated figures, every process's raw output and the
machine metadata (host, CPU, cores, JAX device, UTC date, commit, XLA_FLAGS, versions) go to
``results/rg_jacrev.json`` (``--out`` to change).

Usage (from benchmarks/, with jaxalign's venv; ``make jacrev``):
    python rg_jacrev.py [--reps 3] [--variant-reps 1] [--oracle-py ../.oracle/bin/python] [--out PATH]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics as st
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import common as cm  # noqa: E402

TARGET = ("eB", (1, 1))  # Re C_eB,22 at m_Z
N_PARAMS_EXPECTED = 2499
VARIANT_OPTIONS = {"xla_cpu_use_fusion_emitters": False}


# ----------------------------------------------------------------------------------------------
# worker: the jaxalign side, in its own fresh process


def worker(out, compiler_options):
    t0 = time.perf_counter()
    import jax
    import jax.numpy as jnp
    import numpy as np

    import jaxalign  # noqa: F401
    from jaxalign.chain import coefficient_arrays, evolve_point
    from jaxalign.inputs import load_inputs
    from jaxalign.io.wcxf import parse_wcxf
    from jaxalign.smeft.operators import D6_CLASSES, class_keys, class_shape, wcxf_to_arrays
    t_import = time.perf_counter() - t0

    # θ (2499 reals) -> full flavour arrays, linear: one basis array per real parameter
    names, basis, labels = [], {}, []
    for name in D6_CLASSES:
        rows = []
        for idx, real in class_keys(name):
            key = name if not idx else f"{name}_{''.join(str(i + 1) for i in idx)}"
            for part, z in (("Re", 1.0), ("Im", 1j))[: 1 if real else 2]:
                a = wcxf_to_arrays({key: z})[name]
                rows.append(np.asarray(a, complex).ravel())
                labels.append(f"{part} {key}")
        basis[name] = np.stack(rows)
        names.append(name)
    n_par = len(labels)
    if n_par != N_PARAMS_EXPECTED:
        raise SystemExit(f"expected {N_PARAMS_EXPECTED} real parameters, found {n_par}")
    offsets = np.cumsum([0] + [basis[n].shape[0] for n in names])

    def embed(theta):
        return {n: (theta[offsets[i]:offsets[i + 1]].astype(complex) @ basis[n]).reshape(class_shape(n))
                for i, n in enumerate(names)}

    wc = parse_wcxf({"eft": "SMEFT", "basis": "Warsaw", "scale": cm.RG_SCALE_IN, "values": cm.RG_VALUES})
    C0 = coefficient_arrays(wc)
    theta0 = np.zeros(n_par)
    for j, lab in enumerate(labels):
        part, key = lab.split(" ")
        if key in wc.values:
            z = complex(wc.values[key])
            theta0[j] = z.real if part == "Re" else z.imag
    # the embedding reproduces the point's arrays
    Ce = embed(jnp.asarray(theta0))
    emb_err = max(float(np.max(np.abs(np.asarray(Ce[k]) - np.asarray(C0.get(k, 0 * Ce[k]))))) for k in Ce)
    theta0 = jnp.asarray(theta0)

    sm = load_inputs("reference")
    a, b = cm.RG_SCALE_IN, cm.RG_SCALE_OUT
    cname, cidx = TARGET

    # the inputs (sm, scales) are arguments, not closure constants: XLA would otherwise try to
    # constant-fold the C-independent part of the SM-coupling determination at compile time
    def f(theta, a, b, sm, adjoint=None):
        y = evolve_point(embed(theta), a, b, sm, "integrate", adjoint=adjoint)
        return jnp.real(y[cname][cidx])

    sync = jax.block_until_ready
    first, steady, rss = {}, {}, {}
    jf = jax.jit(f)
    first["value"], v0 = cm.first_call(lambda: jf(theta0, a, b, sm), sync)
    steady["value"] = cm.timeit(lambda: jf(theta0, a, b, sm), n=100, sync=sync, max_s=15)
    rss["after_value"] = cm.peak_rss_mib()

    # the gradient: trace, compile and first run timed apart (their sum is the first call)
    jg = jax.jit(jax.grad(lambda th, a, b, sm: f(th, a, b, sm, "backsolve")))
    t = time.perf_counter()
    lowered = jg.lower(theta0, a, b, sm)
    t_trace = time.perf_counter() - t
    t = time.perf_counter()
    compiled = lowered.compile(compiler_options=compiler_options or None)
    t_compile = time.perf_counter() - t
    t_run1, g0 = cm.first_call(lambda: compiled(theta0, a, b, sm), sync)
    first["grad"] = t_trace + t_compile + t_run1
    first["grad_parts"] = {"trace": t_trace, "compile": t_compile, "run": t_run1}
    rss["after_grad"] = cm.peak_rss_mib()
    steady["grad"] = cm.timeit(lambda: compiled(theta0, a, b, sm), n=30, sync=sync, max_s=30)
    g0 = np.asarray(g0)

    # check: directional derivatives against central differences of f (entries 1e-12 GeV⁻² in
    # every direction, h = 1: f changes by ~1e-11, the solver noise in f is ~1e-9 of that)
    rng = np.random.default_rng(7)
    checks = []
    for _ in range(3):
        d = rng.normal(size=n_par) * 1e-12
        h = 1.0
        fd = (float(jf(theta0 + h * d, a, b, sm)) - float(jf(theta0 - h * d, a, b, sm))) / (2 * h)
        ad = float(g0 @ d)
        checks.append({"autodiff": ad, "central_difference": fd,
                       "rel_diff": abs(ad - fd) / max(abs(fd), 1e-300)})
    top = np.argsort(-np.abs(g0))[:8]

    import importlib.metadata as md
    cm.write_json(out, {
        "tool": "jaxalign", "device": jax.default_backend(), "x64": bool(jax.config.jax_enable_x64),
        "compiler_options": compiler_options,
        "versions": {p: md.version(p) for p in ("jaxalign", "jax", "jaxlib", "diffrax", "equinox", "numpy")},
        "import_s": t_import, "n_params": n_par, "embedding_max_abs_err": emb_err,
        "first_call_s": first, "steady_s": steady,
        "value": float(v0), "grad_norm": float(np.linalg.norm(g0)),
        "grad_largest": {labels[j]: float(g0[j]) for j in top},
        "fd_checks": checks, "mem_MiB": {"peak": cm.peak_rss_mib(), **{f"peak_{k}": v for k, v in rss.items()}}})


# ----------------------------------------------------------------------------------------------
# driver


def _med(runs, *path):
    vals = []
    for r in runs:
        d = r
        for p in path:
            d = d.get(p) if isinstance(d, dict) else None
        if isinstance(d, (int, float)):
            vals.append(float(d))
    return st.median(vals) if vals else None


def _fmt(s):
    if s is None:
        return "—"
    if s >= 3600:
        return f"{s / 3600:.2f} h"
    if s >= 60:
        return f"{s / 60:.1f} min"
    if s >= 1:
        return f"{s:.2f} s"
    return f"{s * 1e3:.2f} ms"


def _grad_lines(runs, label):
    parts = {k: _med(runs, "first_call_s", "grad_parts", k) for k in ("trace", "compile", "run")}
    return [
        f"  jaxalign grad {label}: steady {_fmt(_med(runs, 'steady_s', 'grad', 'median'))}; first call "
        f"{_fmt(_med(runs, 'first_call_s', 'grad'))} (trace {_fmt(parts['trace'])} + compile "
        f"{_fmt(parts['compile'])} + run {_fmt(parts['run'])}); peak RSS {_med(runs, 'mem_MiB', 'peak_after_grad'):.0f} MiB "
        f"(after jit(f) alone: {_med(runs, 'mem_MiB', 'peak_after_value'):.0f} MiB); {len(runs)} process(es)"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=3, help="fresh processes per side (≥ 3)")
    ap.add_argument("--variant-reps", type=int, default=1,
                    help=f"processes compiling the gradient with compiler_options={VARIANT_OPTIONS}")
    ap.add_argument("--jaxalign-py", default=sys.executable)
    ap.add_argument("--oracle-py", default=os.path.join(REPO, ".oracle", "bin", "python"))
    ap.add_argument("--out", default=os.path.join(HERE, "results", "rg_jacrev.json"),
                    help="aggregated figures and raw runs as JSON (default: results/rg_jacrev.json)")
    a = ap.parse_args()

    import run_all  # the driver helpers of the other benchmarks (fresh processes, metadata)

    script = os.path.basename(__file__)
    workers = {"jaxalign": (a.jaxalign_py, script, ("--worker-from-driver",), None)}
    have_wilson = os.path.exists(a.oracle_py)
    if have_wilson:
        workers["wilson"] = (a.oracle_py, "rg_wilson.py", (), None)
    variant = (a.jaxalign_py, script, ("--worker-from-driver", json.dumps(VARIANT_OPTIONS)), None)
    runs = {k: [] for k in workers}
    runs["jaxalign_variant"] = []
    t_all = time.perf_counter()
    for rep in range(max(a.reps, a.variant_reps)):
        todo = [(k, w) for k, w in workers.items() if rep < a.reps]
        if rep < a.variant_reps:
            todo.append(("jaxalign_variant", variant))
        for name, (py, scr, args, env) in todo:
            print(f"[rep {rep + 1}] {name} ...", end=" ", flush=True)
            r = run_all.run_worker(py, scr, args, env, timeout=3600)
            runs[name].append(r)
            print(f"{r['wall_s']:.1f} s" + (f"  ERROR: {r['error']}\n{r['stderr_tail']}" if "error" in r else ""),
                  flush=True)
    ok = {k: [r for r in v if "error" not in r] for k, v in runs.items()}
    ja = ok["jaxalign"]
    device = ja[0].get("device") if ja else None
    meta = run_all.machine_info(device)
    meta["reps_per_side"] = a.reps
    meta["variant_reps"] = a.variant_reps
    meta["total_wall_s"] = time.perf_counter() - t_all
    meta["load_average_at_end"] = os.getloadavg()

    lines = [f"machine: {meta['cpu_model']} ({meta['cpu_count']} cores), device = {device}; "
             f"commit {meta['git_commit']} (tracked files modified: {meta['git_worktree_modified_tracked_files']}); "
             f"{meta['date_utc']}; {a.reps} fresh processes per side; XLA_FLAGS='{meta['xla_flags']}'; "
             f"load average at the end {tuple(round(x, 2) for x in meta['load_average_at_end'])}"]
    if not ja:
        lines.append("jaxalign worker failed: " + runs["jaxalign"][0].get("stderr_tail", ""))
        print("\n".join(lines))
        return 1
    n = ja[0]["n_params"]
    t_val, t_grad = _med(ja, "steady_s", "value", "median"), _med(ja, "steady_s", "grad", "median")
    lines += [
        "",
        f"Gradient of Re C_eB,22(91.1876 GeV) w.r.t. all {n} real parameters at {cm.RG_SCALE_IN:g} GeV "
        f"(point: {cm.RG_VALUES}); reverse mode: evolve_point(..., adjoint='backsolve')",
        f"  jaxalign value jit(f): {_fmt(t_val)}   (first call {_fmt(_med(ja, 'first_call_s', 'value'))})",
        *_grad_lines(ja, f"jit(grad(f)), {n} derivatives, default compile options"),
        f"  grad / value (steady) = {t_grad / t_val:.1f}",
    ]
    jv = ok.get("jaxalign_variant", [])
    if jv:
        lines += _grad_lines(jv, f"with compiler_options={VARIANT_OPTIONS}")
    lines += [
        f"  value f = {ja[0]['value']:.6e} GeV⁻²; |∇f| = {ja[0]['grad_norm']:.4e}; embedding error "
        f"{ja[0]['embedding_max_abs_err']:.1e}",
        "  autodiff vs central differences (3 random directions): rel. diff "
        + ", ".join(f"{c['rel_diff']:.1e}" for c in ja[0]["fd_checks"]),
        "  largest derivatives: " + ", ".join(f"{k}: {v:.3e}" for k, v in list(ja[0]["grad_largest"].items())[:5]),
    ]

    def grad_summary(rs):
        return {"steady_s": _med(rs, "steady_s", "grad", "median"),
                "first_call_s": _med(rs, "first_call_s", "grad"),
                "first_call_parts_s": {k: _med(rs, "first_call_s", "grad_parts", k) for k in ("trace", "compile", "run")},
                "peak_rss_MiB": _med(rs, "mem_MiB", "peak_after_grad"), "processes": len(rs)}

    summary = {"jaxalign": {"value_s": t_val, "value_first_call_s": _med(ja, "first_call_s", "value"),
                            "grad": grad_summary(ja), "n_params": n,
                            "fd_checks_rel_diff": [c["rel_diff"] for r in ja for c in r["fd_checks"]]}}
    if jv:
        summary["jaxalign_variant"] = {"compiler_options": VARIANT_OPTIONS, "grad": grad_summary(jv)}
    wi = ok.get("wilson", [])
    if wi:
        t_default = _med(wi, "steady_s", "match_run_integrate", "median")
        t_precise = (_med(wi, "steady_s", "smpar_at_scale_in", "median") or 0.0) + (
            _med(wi, "steady_s", "ode_only_precise", "median") or 0.0)
        rows = []
        for label, tp in (("match_run, default accuracy (RK45 rtol 1e-3)", t_default),
                          ("SM couplings at Λ + ODE DOP853 rtol 1e-10", t_precise)):
            fwd, cen = (n + 1) * tp, 2 * n * tp
            rows.append({"wilson_case": label, "per_point_s": tp, "forward_fd_s": fwd, "central_fd_s": cen,
                         "speedup_forward": fwd / t_grad, "speedup_central": cen / t_grad,
                         "speedup_forward_vs_first_call": fwd / summary["jaxalign"]["grad"]["first_call_s"]})
            lines.append(f"  wilson {label}: {_fmt(tp)} per point -> finite differences: forward ({n + 1} runs) "
                         f"{_fmt(fwd)} = {fwd / t_grad:.3g}× jaxalign's grad ({fwd / summary['jaxalign']['grad']['first_call_s']:.3g}× "
                         f"its first call); central ({2 * n} runs) {_fmt(cen)} = {cen / t_grad:.3g}×")
        summary["wilson_fd_estimates"] = rows
    else:
        lines.append(f"  wilson: not run ({'no python at ' + a.oracle_py if not have_wilson else 'worker failed'})")
    print("\n".join(lines))
    if a.out:
        os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
        cm.write_json(a.out, {"meta": meta, "case": {"scale_in": cm.RG_SCALE_IN, "scale_out": cm.RG_SCALE_OUT,
                                                     "values": cm.RG_VALUES, "f": "Re C_eB,22(m_Z)"},
                              "summary": summary, "text": lines, "runs": runs})
        print(f"written: {a.out}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[2] == "--worker-from-driver":
        # called by run_all.run_worker as `python rg_jacrev.py OUT.json --worker-from-driver [OPTIONS]`
        worker(sys.argv[1], json.loads(sys.argv[3]) if len(sys.argv) > 3 else {})
        sys.exit(0)
    sys.exit(main())
