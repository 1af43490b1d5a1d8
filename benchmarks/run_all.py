"""Driver: run every benchmark worker in several fresh processes, compare, print, write JSON.

The workers live in different virtual environments (jaxalign's; wilson + flavio; jelli +
rgevolve), so each is run as a subprocess with its own python and writes its JSON to a file.
Runs are interleaved (rep 1 of every worker, then rep 2, ...) so that slow drifts of a shared
machine hit all tools alike. Quoted figures are the median over processes of each process's
median ("median of medians"); item 2's single calls are timed in interleaved blocks with a
pure-Python control (common.timeit_round_robin) against the slow phases of a shared VM. First
calls (trace + compile, or first-use imports/caches) and construction times are medians over
processes as well, and are reported separately.

Usage (see README.md / Makefile):
    python run_all.py [--reps 3] [--oracle-py PATH] [--jelli-py PATH] [--only rg,lik]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import statistics as st
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import common as cm  # noqa: E402


# ----------------------------------------------------------------------------------------------
# running the workers


def run_worker(python, script, args=(), env=None, timeout=900):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = f.name
    t = time.perf_counter()
    e = dict(os.environ, **(env or {}))
    p = subprocess.run([python, os.path.join(HERE, script), out, *args], env=e, cwd=HERE,
                       capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        tail = "\n".join((p.stderr or p.stdout).splitlines()[-15:])
        os.unlink(out)
        return {"error": f"{script} exited {p.returncode}", "stderr_tail": tail, "wall_s": wall}
    with open(out) as f:
        res = json.load(f)
    os.unlink(out)
    res["wall_s"] = wall
    return res


def machine_info(jax_device=None):
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = None
    try:
        with open("/proc/meminfo") as f:
            mem = round(int(f.readline().split()[1]) / 2**20, 1)
    except OSError:
        pass

    def git(*a, strip=True):
        try:
            out = subprocess.run(["git", *a], cwd=REPO, capture_output=True, text=True, timeout=30).stdout
            return out.strip() if strip else out
        except Exception:  # noqa: BLE001
            return None

    status = git("status", "--porcelain", "--untracked-files=no", strip=False)  # "XY path": keep the leading blank
    return {
        "hostname": platform.node(), "platform": platform.platform(), "machine": platform.machine(),
        "cpu_model": cpu, "cpu_count": os.cpu_count(), "mem_total_GiB": mem,
        "device": jax_device, "gpu": "none (CPU-only machine; no accelerator was used)",
        "date_utc": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "git_commit": git("rev-parse", "HEAD"),
        "git_worktree_modified_tracked_files": bool(status.strip()) if status is not None else None,
        "git_modified_files": [l[3:] for l in status.splitlines() if l.strip()] if status else [],
        "python_driver": sys.version.split()[0],
        "xla_flags": os.environ.get("XLA_FLAGS", ""),
        # cores the workers may run on (inherited): e.g. `taskset -c 0 make lik` pins every worker
        "cpu_affinity": sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
    }


# ----------------------------------------------------------------------------------------------
# aggregation


def _get(d, path):
    for p in path:
        if not isinstance(d, dict) or p not in d:
            return None
        d = d[p]
    return d


def agg_runs(runs):
    """Median over processes of every numeric leaf of the per-process dicts (errors skipped)."""
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return None

    def walk(path, node):
        if isinstance(node, dict):
            return {k: walk(path + (k,), v) for k, v in node.items()}
        if isinstance(node, (int, float)) and not isinstance(node, bool):
            vals = [_get(r, path) for r in ok]
            vals = [v for v in vals if isinstance(v, (int, float)) and not isinstance(v, bool)]
            return st.median(vals) if vals else None
        return node

    out = walk((), ok[0])
    out["n_processes"] = len(ok)
    # spread of the steady medians over processes
    spread = {}
    for k in ok[0].get("steady_s", {}):
        meds = [_get(r, ("steady_s", k, "median")) for r in ok]
        meds = [m for m in meds if m is not None]
        if meds:
            spread[k] = {"min_over_processes": min(meds), "max_over_processes": max(meds)}
    out["steady_median_spread_over_processes"] = spread
    return out


def med(a, *path):
    return None if a is None else _get(a, path)


def ratio(num, den):
    if num is None or den is None or den == 0:
        return None
    return num / den


def rel(a, b):
    """|a − b| / |b| for complex numbers given as [re, im]."""
    if a is None or b is None:
        return None
    za, zb = complex(*a), complex(*b)
    return abs(za - zb) / abs(zb) if zb != 0 else (0.0 if za == 0 else math.inf)


# ----------------------------------------------------------------------------------------------
# formatting


def fmt_t(s):
    if s is None:
        return "n/a"
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.2f} ms"
    return f"{s * 1e6:.1f} µs"


def fmt_r(r):
    return "n/a" if r is None else (f"{r:.0f}×" if r >= 100 else f"{r:.2f}×")


def table(title, header, rows):
    lines = [title]
    w = [max(len(str(x)) for x in col) for col in zip(header, *rows)] if rows else [len(h) for h in header]
    lines.append("  ".join(str(h).ljust(n) for h, n in zip(header, w)))
    lines.append("  ".join("-" * n for n in w))
    for r in rows:
        lines.append("  ".join(str(c).ljust(n) for c, n in zip(r, w)))
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------------
# item 1: one RG run


def compare_rg(ja, wi):
    rows, comp = [], {}
    pairs = [
        ("full point, numerical (jaxalign evolve_point vs wilson match_run integrate)",
         "evolve_point_integrate", "match_run_integrate"),
        ("ODE alone, SM couplings at Λ given (jaxalign default rtol 1e-7 vs wilson default RK45 rtol 1e-3)",
         "ode_only_integrate", "ode_only_default"),
        ("ODE alone, both precise (jaxalign Dopri8 rtol 1e-10 vs wilson DOP853 rtol 1e-10)",
         "ode_only_precise", "ode_only_precise"),
        ("full point, numerical, first-chain state (SM + eB, eW, ephi, lequ1, lequ3, ledq; issue 2)",
         "evolve_point_integrate_first_chain", "match_run_integrate"),
        ("full point, leading log (jaxalign evolve_point vs wilson match_run)",
         "evolve_point_leadinglog", "match_run_leadinglog"),
        ("leading log alone, SM couplings at Λ given (vs wilson match_run leading log)",
         "ode_only_leadinglog", "match_run_leadinglog"),
        ("SM couplings at Λ alone (jaxalign sm_at_scale vs wilson SMEFT(wc))", "sm_at_scale", "smpar_at_scale_in"),
    ]
    for label, kj, kw in pairs:
        tj, tw = med(ja, "steady_s", kj, "median"), med(wi, "steady_s", kw, "median")
        fj, fw = med(ja, "first_call_s", kj), med(wi, "first_call_s", kw)
        comp[label] = {"jaxalign_s": tj, "wilson_s": tw, "speedup": ratio(tw, tj),
                       "jaxalign_first_call_s": fj, "wilson_first_call_s": fw}
        rows.append([label, fmt_t(tw), fmt_t(tj), fmt_r(ratio(tw, tj)), fmt_t(fj), fmt_t(fw)])
    vm = med(ja, "steady_s", "vmap_ode_only_64", "median")
    if vm is not None:
        per = vm / 64
        tw = med(wi, "steady_s", "ode_only_default", "median")
        comp["ODE alone, jit(vmap) over 64 points, per point (vs wilson ODE alone, default)"] = {
            "jaxalign_s": per, "wilson_s": tw, "speedup": ratio(tw, per),
            "jaxalign_first_call_s": med(ja, "first_call_s", "vmap_ode_only_64")}
        rows.append(["ODE alone, jit(vmap) 64 points, per point (vs wilson ODE default)", fmt_t(tw), fmt_t(per),
                     fmt_r(ratio(tw, per)), fmt_t(med(ja, "first_call_s", "vmap_ode_only_64")), "—"])
    text = table("Item 1 — one SMEFT point, 1 TeV → 91.1876 GeV (medians over processes; speed-up = wilson / jaxalign)",
                 ["case", "wilson", "jaxalign", "speed-up", "jaxalign 1st call", "wilson 1st call"], rows)
    # agreement
    agree, arows = {}, []
    cj = med(ja, "coefficients") or {}
    cw = med(wi, "coefficients") or {}
    for k in cm.RG_COMPARE:
        a = {
            "jaxalign integrate vs wilson integrate_precise": rel(_get(cj, ("integrate", k)), _get(cw, ("integrate_precise", k))),
            "jaxalign integrate vs wilson integrate (rtol 1e-3)": rel(_get(cj, ("integrate", k)), _get(cw, ("integrate", k))),
            "jaxalign first-chain state vs wilson integrate_precise":
                rel(_get(cj, ("integrate_first_chain", k)), _get(cw, ("integrate_precise", k))),
            "wilson integrate vs wilson integrate_precise": rel(_get(cw, ("integrate", k)), _get(cw, ("integrate_precise", k))),
            "jaxalign leadinglog vs wilson leadinglog": rel(_get(cj, ("leadinglog", k)), _get(cw, ("leadinglog", k))),
            "jaxalign ODE from wilson's SM couplings at Λ vs wilson integrate_precise":
                rel(_get(cj, ("ode_only_integrate_wilson_sm_in", k)), _get(cw, ("integrate_precise", k))),
        }
        agree[k] = {"values": {"jaxalign integrate": _get(cj, ("integrate", k)),
                               "wilson integrate_precise": _get(cw, ("integrate_precise", k)),
                               "wilson integrate": _get(cw, ("integrate", k)),
                               "jaxalign leadinglog": _get(cj, ("leadinglog", k)),
                               "wilson leadinglog": _get(cw, ("leadinglog", k))},
                    "rel_diff": a}
        f = lambda v: "n/a" if v is None else f"{v:.1e}"
        zj = _get(cj, ("integrate", k))
        arows.append([k, "n/a" if zj is None else f"{complex(*zj).real:+.6e}",
                      *[f(v) for v in a.values()]])
    text += "\n\n" + table("Item 1 — agreement of the coefficients at 91.1876 GeV (relative difference |Δ|/|ref|)",
                           ["coefficient", "jaxalign Re", "ja vs wilson precise", "ja vs wilson default", "ja 1st chain vs precise",
                            "wilson default vs precise", "ja LL vs wilson LL", "ja ODE from wilson SM(Λ) vs precise"], arows)
    smd = med(ja, "sm_in_rel_diff_vs_wilson")
    if smd:
        text += "\n  SM couplings at Λ, jaxalign sm_at_scale vs wilson (max rel. diff): " + ", ".join(
            f"{k} {v:.1e}" for k, v in smd.items())
    agree["sm_in_rel_diff_vs_wilson"] = smd
    return comp, agree, text


# ----------------------------------------------------------------------------------------------
# item 2: likelihood


def compare_lik(ja, je, fl):
    comp, rows = {}, []
    pairs = [
        ("value (Λ = 1.5 TeV fixed)", "value", "value", 1),
        ("value + grad (params)", "value_grad_params", "value_grad_params", 1),
        ("value + grad (params, Λ) [jaxalign: free-Λ Chebyshev likelihood]",
         "value_grad_params_scale", "value_grad_params_scale", 1),
        ("value, data bound [jaxalign: Likelihood.bind(data)]", "value_bound", "value", 1),
        ("value + grad (params), data bound [jaxalign: Likelihood.bind(data)]", "value_grad_params_bound",
         "value_grad_params", 1),
        ("value + grad (params, Λ), data bound [jaxalign: free-Λ, Likelihood.bind(data)]",
         "value_grad_params_scale_bound", "value_grad_params_scale", 1),
        ("jit(vmap) value, 10⁴ points, common Λ — per point", "vmap_value_1e4", "vmap_value_1e4", cm.BATCH_N),
        ("jit(vmap) value + grad, 10⁴ points, common Λ — per point", "vmap_value_grad_1e4", "vmap_value_grad_1e4", cm.BATCH_N),
        ("jit(vmap) value, 10⁴ points, per-point Λ — per point", "vmap_value_1e4_per_point_scale",
         "vmap_value_1e4_per_point_scale", cm.BATCH_N),
    ]
    for label, kj, ke, n in pairs:
        tj, te = med(ja, "steady_s", kj, "median"), med(je, "steady_s", ke, "median")
        tj, te = (None if tj is None else tj / n), (None if te is None else te / n)
        fj, fe = med(ja, "first_call_s", kj), med(je, "first_call_s", ke)
        comp[label] = {"jaxalign_s": tj, "jelli_s": te, "speedup_vs_jelli": ratio(te, tj),
                       "jaxalign_first_call_s": fj, "jelli_first_call_s": fe}
        rows.append([label, fmt_t(te), fmt_t(tj), fmt_r(ratio(te, tj)), fmt_t(fj), fmt_t(fe)])
    # the same pure-Python workload timed in the same interleaved blocks in both workers: equal
    # figures mean both tools met the same machine state (common.timeit_round_robin)
    cj, ce = med(ja, "steady_s", "python_control", "median"), med(je, "steady_s", "python_control", "median")
    if cj is not None or ce is not None:
        comp["pure-Python control in the single-call blocks (machine state, not a comparison)"] = {
            "jaxalign_worker_s": cj, "jelli_worker_s": ce}
        rows.append(["pure-Python control, same blocks (machine state; should be equal)", fmt_t(ce), fmt_t(cj),
                     "—", "—", "—"])
    # jaxalign-only extras
    for label, k, n in [("jit(vmap) value + grad (params, Λ), 10⁴ points, per-point Λ — per point",
                         "vmap_value_grad_1e4_per_point_scale", cm.BATCH_N),
                        ("value, free-Λ likelihood at 1.5 TeV", "free_scale_value", 1),
                        ("value, running='ode' (full ODE per call, reference mode)", "ode_value (reference mode)", 1)]:
        tj = med(ja, "steady_s", k, "median")
        tj = None if tj is None else tj / n
        comp[label] = {"jaxalign_s": tj, "jaxalign_first_call_s": med(ja, "first_call_s", k)}
        rows.append([label, "—", fmt_t(tj), "—", fmt_t(med(ja, "first_call_s", k)), "—"])
    # flavio: value per point (both observables from a fresh point)
    tf = med(fl, "steady_s", "both", "median")
    tj = med(ja, "steady_s", "value", "median")
    comp["flavio: Δa_μ + BR(μ→eγ) from a fresh point (no gradient)"] = {"flavio_s": tf, "jaxalign_value_s": tj,
                                                                       "speedup_vs_flavio": ratio(tf, tj)}
    rows.append(["value per point vs flavio np_prediction(a_mu)+BR(mu->egamma)", f"flavio {fmt_t(tf)}", fmt_t(tj),
                 fmt_r(ratio(tf, tj)), "—", f"flavio {fmt_t(med(fl, 'first_call_s', 'a_mu'))}"])
    text = table("Item 2 — dipole/LFV likelihood, common test case (medians over processes; speed-up = other / jaxalign)",
                 ["case", "jelli", "jaxalign", "speed-up", "jaxalign 1st call", "jelli 1st call"], rows)
    # construction and memory
    cons = {
        "jaxalign make_likelihood fixed Λ [s]": med(ja, "construct_s", "make_likelihood fixed scale"),
        "jaxalign make_likelihood free Λ 200–5000 GeV [s]": med(ja, "construct_s", "make_likelihood free scale (200-5000 GeV)"),
        "jaxalign import [s]": med(ja, "construct_s", "import"),
        "jelli construction (load + GlobalLikelihood + compiled) [s]": med(je, "construct_s", "construction"),
        "jelli import [s]": med(je, "construct_s", "import"),
        "flavio import [s]": med(fl, "import_s"),
        "jaxalign peak RSS [MiB]": med(ja, "mem_MiB", "peak"),
        "jaxalign peak RSS after both builds [MiB]": med(ja, "mem_MiB", "peak after builds"),
        "jelli peak RSS [MiB]": med(je, "mem_MiB", "peak"),
        "flavio peak RSS [MiB]": med(fl, "mem_MiB", "peak"),
    }
    comp["construction_and_memory"] = cons
    text += "\n\n" + table("Item 2 — construction (s) and peak memory (MiB), medians over processes", ["what", "value"],
                           [[k, "n/a" if v is None else f"{v:.3g}"] for k, v in cons.items()])
    # agreement of predictions
    P = {}
    for lab, v in (med(ja, "predictions") or {}).items():
        P[f"jaxalign {lab}"] = v
    if med(je, "predictions"):
        P["jelli"] = {"Delta_a_mu": med(je, "predictions", "Delta_a_mu"),
                      "BR(mu->egamma)": med(je, "predictions", "BR(mu->egamma)")}
    if med(fl, "predictions"):
        P["flavio (wilson integrate, rtol 1e-3)"] = {"Delta_a_mu": med(fl, "predictions", "Delta_a_mu"),
                                                     "BR(mu->egamma)": med(fl, "predictions", "BR(mu->egamma)")}
    ref_key = "flavio (wilson integrate, rtol 1e-3)" if "flavio (wilson integrate, rtol 1e-3)" in P else None
    prows = []
    for k, v in P.items():
        r = {}
        for o in ("Delta_a_mu", "BR(mu->egamma)"):
            if ref_key and v.get(o) is not None:
                r[o] = abs(v[o] - P[ref_key][o]) / abs(P[ref_key][o])
        v = dict(v, rel_diff_vs_flavio=r)
        P[k] = v
        prows.append([k, f"{v['Delta_a_mu']:.6e}", f"{v['BR(mu->egamma)']:.6e}",
                      f"{r.get('Delta_a_mu', float('nan')):.1e}", f"{r.get('BR(mu->egamma)', float('nan')):.1e}"])
    nlls = {"jaxalign nll(x)": med(ja, "checks", "nll(x)"), "jaxalign nll(x) ode mode": med(ja, "checks", "nll(x) ode reference mode"),
            "jelli nll(x)": med(je, "checks", "nll(x)"), "flavio-predictions nll(x)": med(fl, "checks", "nll(x) from flavio predictions"),
            "nll(SM) jaxalign / jelli": [med(ja, "checks", "nll(SM)"), med(je, "checks", "nll(SM)")]}
    comp["predictions_test_point"] = P
    comp["nll_test_point"] = nlls
    text += "\n\n" + table(f"Item 2 — predictions at the test point x = {cm.TEST_POINT}, Λ = {cm.TEST_SCALE:g} GeV",
                           ["tool / mode", "Δa_μ", "BR(μ→eγ)", "rel. diff Δa_μ vs flavio", "rel. diff BR vs flavio"], prows)
    text += "\n" + "  ".join(f"{k} = {v}" for k, v in nlls.items())
    # dNLL/dΛ
    drows, dd = [], {}
    grid = med(je, "scale_grid") or []
    for sc in (med(ja, "dnll_dscale") or med(je, "dnll_dscale") or {}):
        a = med(ja, "dnll_dscale", sc) or {}
        b = med(je, "dnll_dscale", sc) or {}
        on = any(abs(float(sc) - g) < 1e-6 * float(sc) for g in grid)
        dd[sc] = {"on_jelli_grid": on, "jaxalign_autodiff": a.get("autodiff"), "jaxalign_central_fd": a.get("central_fd_h=1e-3*scale"),
                  "jelli_autodiff": b.get("autodiff"), "jelli_central_fd": b.get("central_fd_h=1e-3*scale")}
        f = lambda v: "n/a" if v is None else f"{v:.6e}"
        drows.append([f"{sc} GeV" + (" (grid)" if on else ""), *[f(v) for k, v in dd[sc].items() if k != "on_jelli_grid"]])
    comp["dnll_dscale"] = dd
    text += "\n\n" + table("Item 2 — dNLL/dΛ [GeV⁻¹] at and between jelli's grid points (FD: central, h = 1e-3 Λ)",
                           ["Λ", "jaxalign autodiff", "jaxalign FD", "jelli autodiff", "jelli FD"], drows)
    return comp, text


# ----------------------------------------------------------------------------------------------


def gpu_target() -> dict:
    """The GPU throughput target, from the last GPU run of lik_batched.py (results/gpu/, recorded
    separately on a lent GPU by device_suite.sh) when there is one; this driver runs on CPU."""
    path = os.path.join(HERE, "results", "gpu", "lik_batched_gpu.json")
    if not os.path.exists(path):
        return {"met": None, "note": "not measured: no results/gpu/lik_batched_gpu.json"}
    with open(path) as f:
        d = json.load(f)
    worst = min(d["best_points_per_s"].values())
    return {"met": bool(worst >= 1e7), "points_per_s_min_over_variants": worst,
            "note": f"recorded separately: {d['device']}, {d['date_utc']} (results/gpu/lik_batched_gpu.json)"}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=3, help="fresh processes per worker (≥ 3)")
    ap.add_argument("--jaxalign-py", default=sys.executable)
    ap.add_argument("--oracle-py", default=os.path.join(REPO, ".oracle", "bin", "python"))
    ap.add_argument("--jelli-py", default=os.path.join(REPO, ".jelli", "bin", "python"))
    ap.add_argument("--jelli-cache", default=os.environ.get("XDG_DATA_HOME", os.path.join(REPO, ".jelli-cache")))
    ap.add_argument("--only", default="rg,lik", help="comma-separated subset of: rg, lik")
    ap.add_argument("--out-dir", default=None,
                    help="default: results/, or results/sync_dispatch/ with --sync-dispatch")
    ap.add_argument("--sync-dispatch", action="store_true",
                    help="every JAX worker (jaxalign and jelli alike) runs CPU computations inline, "
                         "without JAX's async dispatch thread (jax_cpu_enable_async_dispatch=False)")
    a = ap.parse_args()
    if a.sync_dispatch:
        os.environ[cm.SYNC_DISPATCH_ENV] = "1"  # inherited by every worker
    else:
        os.environ.pop(cm.SYNC_DISPATCH_ENV, None)
    if a.out_dir is None:
        a.out_dir = os.path.join(HERE, "results", "sync_dispatch") if a.sync_dispatch else os.path.join(HERE, "results")
    only = set(a.only.split(","))
    os.makedirs(a.out_dir, exist_ok=True)

    have = {"jaxalign": os.path.exists(a.jaxalign_py), "oracle": os.path.exists(a.oracle_py),
            "jelli": os.path.exists(a.jelli_py)}
    notes = [f"{k} python not found ({p}); its side is skipped" for k, p in
             (("oracle (wilson/flavio)", a.oracle_py), ("jelli", a.jelli_py)) if not os.path.exists(p)]
    jelli_env = {"XDG_DATA_HOME": os.path.abspath(a.jelli_cache)}
    jelli_data = os.path.join(HERE, ".cache", "jelli_data")
    workers = {}
    os.makedirs(os.path.join(HERE, ".cache"), exist_ok=True)
    if "rg" in only:
        sm_in = os.path.join(HERE, ".cache", "wilson_sm_in.json")
        if have["oracle"]:  # first, so that jaxalign can also run from wilson's SM couplings at Λ
            workers["rg_wilson"] = (a.oracle_py, "rg_wilson.py", (sm_in,), None)
        workers["rg_jaxalign"] = (a.jaxalign_py, "rg_jaxalign.py", (sm_in,), None)
    if "lik" in only:
        workers["lik_jaxalign"] = (a.jaxalign_py, "lik_jaxalign.py", (), None)
        if have["oracle"]:
            workers["lik_flavio"] = (a.oracle_py, "lik_flavio.py", (), None)
        if have["jelli"]:
            subprocess.run([a.jelli_py, os.path.join(HERE, "jelli_case", "make_data.py"), jelli_data], check=True,
                           capture_output=True)
            workers["lik_jelli"] = (a.jelli_py, os.path.join("jelli_case", "bench_jelli.py"), (jelli_data,), jelli_env)
            # first use of jelli builds ~200 MB of rgevolve caches: do it once, untimed
            if not os.path.isdir(os.path.join(jelli_env["XDG_DATA_HOME"], "rgevolve")):
                print("warming jelli/rgevolve cache (first use) ...", flush=True)
                run_worker(*workers["lik_jelli"])

    runs = {k: [] for k in workers}
    t_all = time.perf_counter()
    for rep in range(a.reps):
        for name, (py, script, args, env) in workers.items():
            print(f"[rep {rep + 1}/{a.reps}] {name} ...", end=" ", flush=True)
            r = run_worker(py, script, args, env)
            runs[name].append(r)
            print(f"{r['wall_s']:.1f} s" + (f"  ERROR: {r['error']}\n{r['stderr_tail']}" if "error" in r else ""), flush=True)
    agg = {k: agg_runs(v) for k, v in runs.items()}
    for k, v in runs.items():
        errs = [r for r in v if "error" in r]
        if errs:
            notes.append(f"{k}: {len(errs)} of {len(v)} processes failed: {errs[0]['error']}: {errs[0]['stderr_tail'][-600:]}")
    device = next((agg[k]["device"] for k in ("lik_jaxalign", "rg_jaxalign") if agg.get(k) and agg[k].get("device")), None)
    meta = machine_info(device)
    meta["reps_per_worker"] = a.reps
    meta["total_wall_s"] = time.perf_counter() - t_all
    meta["versions"] = {k: (v or {}).get("versions") for k, v in agg.items()}
    meta["notes"] = notes
    meta["jax_cpu_async_dispatch"] = {k: med(v, "jax_cpu_async_dispatch") for k, v in agg.items()
                                      if k in ("lik_jaxalign", "lik_jelli", "rg_jaxalign")}

    out_text = [f"machine: {meta['cpu_model']} ({meta['cpu_count']} cores), device = {device}; no GPU used; "
                f"commit {meta['git_commit']}; {meta['date_utc']}; {a.reps} fresh processes per worker; "
                f"XLA_FLAGS='{meta['xla_flags']}' (same for every JAX worker); JAX async CPU dispatch "
                f"{'OFF (jax_cpu_enable_async_dispatch=False)' if a.sync_dispatch else 'on (JAX default)'} "
                "in every JAX worker; workers run on CPU cores "
                f"{meta.get('cpu_affinity')}"]
    targets = {}
    if "rg" in only:
        comp, agree, text = compare_rg(agg.get("rg_jaxalign"), agg.get("rg_wilson"))
        out_text.append(text)
        sp = comp["full point, numerical (jaxalign evolve_point vs wilson match_run integrate)"]["speedup"]
        sp2 = comp["ODE alone, SM couplings at Λ given (jaxalign default rtol 1e-7 vs wilson default RK45 rtol 1e-3)"]["speedup"]
        sp1 = comp["full point, numerical, first-chain state (SM + eB, eW, ephi, lequ1, lequ3, ledq; issue 2)"]["speedup"]
        targets["RG point ≥ 100× wilson, first-chain state (issue 2: SM + dipole sector)"] = {
            "full point": sp1, "met": None if sp1 is None else bool(sp1 >= 100),
            "caveat": "jaxalign evolves the state of the first chain (SM + eB, eW, ephi, lequ1, lequ3, ledq), "
                      "wilson the complete basis; agreement of the compared coefficients in the table above"}
        targets["RG point ≥ 100× faster than wilson's numerical integration (jitted)"] = {
            "full point": sp, "ODE alone": sp2, "met": None if sp is None else bool(sp >= 100),
            "caveat": "both run the complete Warsaw basis (jaxalign: SM + the 59 B-conserving classes, full "
                      f"symmetric arrays in and out ({med(agg.get('rg_jaxalign'), 'n_state_real')} real numbers), "
                      f"the ODE on their independent entries ({med(agg.get('rg_jaxalign'), 'n_ode_state_real')}); wilson "
                      f"{med(agg.get('rg_wilson'), 'n_state_real')} real numbers incl. the B-violating and "
                      "dimension-five classes)"}
        cm.write_json(os.path.join(a.out_dir, "rg_point.json"), {
            "meta": meta, "case": {"scale_in": cm.RG_SCALE_IN, "scale_out": cm.RG_SCALE_OUT, "values": cm.RG_VALUES},
            "comparison": comp, "agreement": agree, "aggregated": {k: agg.get(k) for k in ("rg_jaxalign", "rg_wilson")},
            "runs": {k: runs.get(k) for k in ("rg_jaxalign", "rg_wilson")}})
    if "lik" in only:
        comp, text = compare_lik(agg.get("lik_jaxalign"), agg.get("lik_jelli"), agg.get("lik_flavio"))
        out_text.append(text)
        vg = comp["value + grad (params)"]["speedup_vs_jelli"]
        bat = comp["jit(vmap) value, 10⁴ points, common Λ — per point"]["speedup_vs_jelli"]
        vgb = comp["value + grad (params), data bound [jaxalign: Likelihood.bind(data)]"]["speedup_vs_jelli"]
        vgs = comp["value + grad (params, Λ), data bound [jaxalign: free-Λ, Likelihood.bind(data)]"]["speedup_vs_jelli"]
        targets["value + grad ≥ 3× faster than jelli (float64), data passed per call"] = {
            "speedup": vg, "met": None if vg is None else bool(vg >= 3)}
        targets["value + grad ≥ 3× faster than jelli (float64), Likelihood.bind (the single-call API)"] = {
            "speedup": vgb, "met": None if vgb is None else bool(vgb >= 3)}
        targets["value + grad in (params, Λ), smooth in Λ, ≥ 3× jelli (float64), Likelihood.bind"] = {
            "speedup": vgs, "met": None if vgs is None else bool(vgs >= 3)}
        targets["batched ≥ 3× jelli's per-point cost (CPU)"] = {"speedup": bat, "met": None if bat is None else bool(bat >= 3)}
        targets["≥ 1e7 points/s on one modern GPU"] = gpu_target()
        cm.write_json(os.path.join(a.out_dir, "likelihood.json"), {
            "meta": meta,
            "case": {"scale": cm.TEST_SCALE, "params": cm.PARAMS, "test_point": cm.TEST_POINT, "damu": cm.DAMU,
                     "meg_limit_cl": [cm.MEG_LIMIT, cm.MEG_CL], "batch_n": cm.BATCH_N,
                     "batch_scale_range": cm.BATCH_SCALE_RANGE},
            "comparison": comp, "nll_call_mode": med(agg.get("lik_jaxalign"), "nll_call_mode"),
            "aggregated": {k: agg.get(k) for k in ("lik_jaxalign", "lik_jelli", "lik_flavio")},
            "runs": {k: runs.get(k) for k in ("lik_jaxalign", "lik_jelli", "lik_flavio")}})
    trows = []
    for k, v in targets.items():
        val = v.get("speedup", v.get("full point"))
        extra = f" (ODE alone {fmt_r(v['ODE alone'])})" if "ODE alone" in v else ""
        if "points_per_s_min_over_variants" in v:
            val, extra = None, ""
            trows.append([k, f"{v['points_per_s_min_over_variants']:.2e} points/s (slowest variant)",
                          {True: "met", False: "NOT met", None: "n/a"}[v["met"]]])
            continue
        trows.append([k, fmt_r(val) + extra if val is not None else "—",
                      {True: "met", False: "NOT met", None: "n/a"}[v["met"]]])
    out_text.append(table("Targets (shared/BENCHMARKS.md)", ["target", "measured", "status"], trows))
    for k, v in targets.items():
        if "caveat" in v:
            out_text.append(f"  note: {v['caveat']}")
        if "points_per_s_min_over_variants" in v:
            out_text.append(f"  note ({k}): {v['note']}")
    if notes:
        out_text.append("Notes:\n" + "\n".join(f"  - {n}" for n in notes))
    text = "\n\n".join(out_text)
    print("\n" + text)
    # a partial run (--only rg or --only lik) must not overwrite the summary of a full one
    tag = "" if only >= {"rg", "lik"} else "_" + "_".join(sorted(only))
    with open(os.path.join(a.out_dir, f"summary{tag}.txt"), "w") as f:
        f.write(text + "\n")
    cm.write_json(os.path.join(a.out_dir, f"summary{tag}.json"), {"meta": meta, "targets": targets})
    return 1 if any("failed" in n for n in notes) else 0


if __name__ == "__main__":
    sys.exit(main())
