"""Item 4 driver: the muoquark (MUOQ Fig. 1) likelihood — jaxalign vs wilson + flavio (and smelli).

Runs ``muoquark_jaxalign.py`` (jaxalign venv), ``muoquark_flavio.py`` (wilson/flavio venv) and, if
it imports there, ``muoquark_flavio.py --mode smelli`` in REPS fresh processes each, interleaved (rep
1 of every worker, then rep 2, ...). The jaxalign worker writes the SMEFT WCxf points at 3 TeV that
its muoquark matching produces; the driver hands them to the flavio/smelli workers, so every tool
evaluates the same parameter points. Quoted figures are medians over processes of each process's
median; first calls and construction times are reported separately. Writes
``results/muoquark.json`` (metadata as ``run_all.py``: machine, device, date, commit, versions; the
comparison, the prediction agreement, the targets, aggregated and raw worker outputs) and
``results/summary_muoquark.txt`` (the tables printed at the end).

Usage:
    python muoquark_run.py --reps 3 --jaxalign-py ../.venv/bin/python --oracle-py ../.oracle/bin/python
    python muoquark_run.py --reps 1 --nuts-warmup 200 --nuts-samples 200 --no-smelli   # quick check
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import common as cm  # noqa: E402
from run_all import _get, agg_runs, fmt_r, fmt_t, machine_info, med, ratio, run_worker, table  # noqa: E402

PAPER = "paper (0.43, 0.12)"


def loadavg():
    try:
        return dict(zip(("1min", "5min", "15min"), os.getloadavg()))
    except OSError:
        return None


def _rel(a, b):
    if a is None or b is None:
        return None
    if b == 0:
        return 0.0 if a == 0 else math.inf
    return abs(a - b) / abs(b)


def fmt_e(v, p=4):
    return "n/a" if v is None else f"{v:.{p}e}"


def fmt_rel(v):
    return "n/a" if v is None else ("—" if v == 0 else f"{v:.1e}")


# ----------------------------------------------------------------------------------------------


def compare(ja, fl, sm, batch):
    comp, rows = {}, []
    C = "base"
    vg = med(ja, "steady_s", f"{C}: value_grad", "median")
    val = med(ja, "steady_s", f"{C}: value", "median")
    vvg = med(ja, "steady_s", f"{C}: vmap_value_grad_{batch}", "median")
    vv = med(ja, "steady_s", f"{C}: vmap_value_{batch}", "median")
    vvg_pp = None if vvg is None else vvg / batch
    vv_pp = None if vv is None else vv / batch
    fpp = med(fl, "steady_s", "point, all observables", "median")
    ffd = med(fl, "value_grad_estimate_s", "forward differences (1 + n_params) x per point")
    spp = med(sm, "steady_s", "point (parameter_point + log_likelihood_global)", "median")
    others = [med(ja, "steady_s", f"{C}: value_grad at {lab}", "median") for lab in (med(ja, "points") or {})]
    others = [o for o in others if o is not None]

    def add(label, tj, tother, other_name, fj=None, fo=None, note=None):
        comp[label] = {"jaxalign_s": tj, f"{other_name}_s": tother, "speedup": ratio(tother, tj),
                       "jaxalign_first_call_s": fj, f"{other_name}_first_call_s": fo}
        if note:
            comp[label]["note"] = note
        rows.append([label, fmt_t(tother) + f" ({other_name})" if tother is not None else "—", fmt_t(tj),
                     fmt_r(ratio(tother, tj)), fmt_t(fj), fmt_t(fo)])

    fj = lambda k: med(ja, "first_call_s", f"{C}: {k}")  # noqa: E731
    ff = med(fl, "first_call_s", "first point, all observables")
    add("value per point (jaxalign bound nll) vs flavio np_prediction of the 6 observables, fresh Wilson",
        val, fpp, "flavio", fj("value"), ff)
    add("value + grad per point (jaxalign bound value_and_grad) vs flavio forward differences (3 × per point, estimate)",
        vg, ffd, "flavio", fj("value_grad"), ff,
        note="flavio side = (1 + n_params) × measured per-point time, n_params = 2 (an estimate: flavio has no gradients)")
    add("value + grad per point (jaxalign) vs flavio value per point (no gradient)", vg, fpp, "flavio",
        fj("value_grad"), ff)
    add(f"jit(vmap) value + grad, {batch} points, per point vs flavio value per point", vvg_pp, fpp, "flavio",
        fj(f"vmap_value_grad_{batch}"), ff)
    add(f"jit(vmap) value, {batch} points, per point vs flavio value per point", vv_pp, fpp, "flavio",
        fj(f"vmap_value_{batch}"), ff)
    if spp is not None:
        add("value + grad per point (jaxalign, 6 observables) vs smelli global likelihood per point (~570 observables, no gradient)",
            vg, spp, "smelli", fj("value_grad"), med(sm, "first_call_s", "first point (parameter_point + log_likelihood_global)"),
            note="not like-for-like: smelli evaluates its whole global likelihood (its own measurement set)")
    comp["jaxalign value + grad at the other points (min/max of medians)"] = {
        "min_s": min(others) if others else None, "max_s": max(others) if others else None}
    if others:
        rows.append(["jaxalign value + grad at the 4 benchmark points (median range)", "—",
                     f"{fmt_t(min(others))} – {fmt_t(max(others))}", "—", "—", "—"])
    # c9c10 variant (jaxalign only)
    if med(ja, "steady_s", "c9c10: value_grad") is not None:
        cvg = med(ja, "steady_s", "c9c10: value_grad", "median")
        cvv = med(ja, "steady_s", f"c9c10: vmap_value_grad_{batch}", "median")
        comp["c9c10 variant (jaxalign only)"] = {
            "value_s": med(ja, "steady_s", "c9c10: value", "median"), "value_grad_s": cvg,
            f"vmap_value_grad_{batch}_per_point_s": None if cvv is None else cvv / batch,
            "first_call_value_grad_s": med(ja, "first_call_s", "c9c10: value_grad"),
            "build_fit_s (after the base build, same process)": med(ja, "construct_s", "c9c10: build_fit")}
        rows.append(["c9c10 variant: value + grad per point (jaxalign)", "—", fmt_t(cvg), "—",
                     fmt_t(med(ja, "first_call_s", "c9c10: value_grad")), "—"])
        rows.append([f"c9c10 variant: jit(vmap) value + grad, {batch} points, per point", "—",
                     fmt_t(None if cvv is None else cvv / batch), "—",
                     fmt_t(med(ja, "first_call_s", f"c9c10: vmap_value_grad_{batch}")), "—"])
    text = table("Item 4 — muoquark likelihood fits/muoquark_b3lmu.yaml (eta3L_3, eta1L_3 at M1 = M3 = 3 TeV), paper "
                 "point (0.43, 0.12); medians over processes; speed-up = other / jaxalign",
                 ["case", "other tool", "jaxalign", "speed-up", "jaxalign 1st call", "other 1st call"], rows)

    cons = {
        "jaxalign import [s]": med(ja, "construct_s", "import"),
        "jaxalign build_fit base (cold, no persistent compilation cache) [s]": med(ja, "construct_s", "base: build_fit"),
        "  of which trace + lowering + XLA compile [s]": med(ja, "construct_s", "base: build_fit, of which trace + lowering + XLA compile"),
        "jaxalign build_fit c9c10 (after base, same process) [s]": med(ja, "construct_s", "c9c10: build_fit"),
        "jaxalign peak RSS [MiB]": med(ja, "mem_MiB", "peak"),
        "jaxalign RSS after build_fit base [MiB]": med(ja, "mem_MiB", "after build base"),
        "flavio import [s]": med(fl, "construct_s", "import"),
        "flavio first point (first-use caches) [s]": ff,
        "flavio peak RSS [MiB]": med(fl, "mem_MiB", "peak"),
        "smelli import [s]": med(sm, "construct_s", "import"),
        "smelli GlobalLikelihood() [s]": med(sm, "construct_s", "GlobalLikelihood()"),
        "smelli first point [s]": med(sm, "first_call_s", "first point (parameter_point + log_likelihood_global)"),
        "smelli peak RSS [MiB]": med(sm, "mem_MiB", "peak"),
    }
    comp["construction_and_memory"] = cons
    text += "\n\n" + table("Item 4 — construction, first use (s) and peak memory (MiB), medians over processes",
                           ["what", "value"], [[k, "n/a" if v is None else f"{v:.3g}"] for k, v in cons.items()])
    fobs = med(fl, "steady_s") or {}
    orows = [[k.replace("observable ", ""), fmt_t(v.get("median"))] for k, v in fobs.items() if k.startswith("observable ")]
    if orows:
        text += "\n\n" + table("flavio — time per observable on a fresh point (medians; the running is done by the first "
                               "observable of a point and cached in the Wilson object)", ["observable", "median"], orows)
    return comp, text


def nuts_section(ja):
    n = med(ja, "nuts")
    if not n:
        return None, "NUTS: not run"
    s = n["settings"]
    rows = [
        ["settings", f"{s['num_chains']} chains × ({s['num_warmup']} warm-up + {s['num_samples']} draws), "
                     f"{s['chain_method']}, target_accept {s['target_accept_prob']}, init {s['init']}"],
        ["wall time, one full sample_nuts call (incl. compile)", fmt_t(n["wall_full_call_s"])],
        ["of which trace + lowering + XLA compile (JAX monitoring events)",
         fmt_t(n["compile_s (trace + lowering + XLA compile inside the call)"])],
        ["rest: sampling + overhead (full call − compile)", fmt_t(n["sampling_s (full call - compile)"])],
        ["bulk ESS min / median", f"{n['ess_bulk_min']:.0f} / {n['ess_bulk_median']:.0f} (of {n['draws_total']} draws)"],
        ["tail ESS min", f"{n['ess_tail_min']:.0f}"],
        ["min bulk ESS per s of sampling (full call − compile)", f"{n['ess_bulk_min_per_s_sampling']:.0f} /s"],
        ["min bulk ESS per s of the full call", f"{n['ess_bulk_min_per_s_full_call']:.0f} /s"],
        ["R-hat max", f"{n['r_hat_max']:.4f}"],
        ["divergences", f"{n['divergences']:g}"],
        ["leapfrog steps per draw (mean)", f"{n['leapfrog_steps_mean_per_draw']:.2f}"],
        ["posterior mean ± sd", ", ".join(f"{k} {v:.4f} ± {n['posterior_sd'][k]:.4f}" for k, v in n["posterior_mean"].items())],
    ]
    return n, table("Item 4 — NUTS on fits/muoquark_b3lmu.yaml (jaxalign.fit.sample.sample_nuts; medians over processes)",
                    ["what", "value"], rows)


def agreement(ja, fl):
    """Relative differences jaxalign vs flavio, per point and observable (full values and NP shifts)."""
    out, rows = {}, []
    jp = med(ja, "configs", "base", "predictions") or {}
    fp = med(fl, "predictions") or {}
    fsm = med(fl, "sm_predictions") or {}
    jsm = jp.get("SM", {})
    for lab in fp:
        out[lab] = {}
        for o, fv in fp[lab].items():
            jv = _get(jp, (lab, o))
            js, fs = jsm.get(o), fsm.get(o)
            jd = None if jv is None or js is None else jv - js
            fd = None if fs is None else fv - fs
            r = {"jaxalign": jv, "flavio": fv, "jaxalign_SM": js, "flavio_SM": fs, "jaxalign_NP_shift": jd,
                 "flavio_NP_shift": fd, "rel_diff_value": _rel(jv, fv), "rel_diff_NP_shift": _rel(jd, fd)}
            out[lab][o] = r
            rows.append([lab, o, fmt_e(jv), fmt_e(fv), fmt_rel(r["rel_diff_value"]), fmt_e(jd, 3), fmt_e(fd, 3),
                         fmt_rel(r["rel_diff_NP_shift"])])
    # SM values
    srows = []
    for o, fs in fsm.items():
        srows.append(["SM", o, fmt_e(jsm.get(o)), fmt_e(fs), fmt_rel(_rel(jsm.get(o), fs)), "", "", ""])
    out["SM"] = {o: {"jaxalign": jsm.get(o), "flavio": fs, "rel_diff": _rel(jsm.get(o), fs)} for o, fs in fsm.items()}
    text = table("Item 4 — predictions jaxalign vs flavio at the same points (same SMEFT WCxf at 3 TeV; jaxalign: linearised "
                 "one-loop SMEFT running, its 2021 SM inputs; flavio: wilson RK45 rtol 1e-3, flavio 2.7.1 parameters). "
                 "NP shift = value − each tool's own SM value",
                 ["point", "observable", "jaxalign", "flavio", "rel. diff", "jaxalign NP shift", "flavio NP shift",
                  "rel. diff NP shift"], srows + rows)
    # the jaxalign likelihood (base) evaluated with each tool's NP shifts: nll = ½ |W (shift − central)|²
    lt = med(ja, "configs", "base", "likelihood_terms")
    if lt and fp:
        order, cen, W = lt["order"], lt["central"], lt["whiten"]

        def nll_of(shift):
            if any(shift.get(o) is None for o in order):
                return None
            r = [shift[o] - c for o, c in zip(order, cen)]
            z = [sum(wij * rj for wij, rj in zip(wi, r)) for wi in W]
            return 0.5 * sum(v * v for v in z)

        nrows, nout = [], {}
        for lab in fp:
            js = {o: out[lab][o]["jaxalign_NP_shift"] for o in out[lab]}
            fs = {o: out[lab][o]["flavio_NP_shift"] for o in out[lab]}
            nj = _get(jp, (lab, "nll"))
            nout[lab] = {"jaxalign nll": nj, "nll from jaxalign's NP shifts (check)": nll_of(js),
                         "nll from flavio's NP shifts": nll_of(fs)}
            nrows.append([lab, *(f"{v:.4f}" if v is not None else "n/a" for v in nout[lab].values())])
        out["nll_with_each_tools_predictions"] = nout
        text += "\n\n" + table("Item 4 — the jaxalign likelihood (fits/muoquark_b3lmu.yaml measurements) evaluated with each tool's "
                               "NP shifts (χ² = 2 nll)", ["point", "jaxalign nll", "from jaxalign shifts (check)",
                                                         "from flavio shifts"], nrows)
    # (C9, C10) of the c9c10 group: jaxalign's prediction of the group members vs wilson match_run
    jc = med(ja, "configs", "c9c10", "predictions") or {}
    fc = med(fl, "c9_c10_at_4.8GeV") or {}
    crows, cout = [], {}
    for lab, d in fc.items():
        cout[lab] = {}
        for k, fv in d.items():
            jv = _get(jc, (lab, k))
            cout[lab][k] = {"jaxalign": jv, "wilson": fv, "rel_diff": _rel(jv, fv)}
            crows.append([lab, k, fmt_e(jv), fmt_e(fv), fmt_rel(_rel(jv, fv))])
    if crows:
        out["C9_C10_at_4.8GeV"] = cout
        text += "\n\n" + table("Item 4 — (C9, C10)_bsmumu NP at 4.8 GeV, WET basis 'flavio' (the c9c10 variant's Gaussian "
                               "group): jaxalign vs wilson match_run", ["point", "coefficient", "jaxalign", "wilson",
                                                                       "rel. diff"], crows)
    return out, text


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=3, help="fresh processes per worker (≥ 3 for quoted figures)")
    ap.add_argument("--jaxalign-py", default=sys.executable)
    ap.add_argument("--oracle-py", default=os.path.join(REPO, ".oracle", "bin", "python"))
    ap.add_argument("--configs", default="base,c9c10", help="jaxalign configurations: base[,c9c10]")
    ap.add_argument("--batch", type=int, default=1000, help="points of the jit(vmap) batch")
    ap.add_argument("--nuts-chains", type=int, default=4)
    ap.add_argument("--nuts-warmup", type=int, default=1000)
    ap.add_argument("--nuts-samples", type=int, default=2000)
    ap.add_argument("--no-nuts", action="store_true")
    ap.add_argument("--passes", type=int, default=2, help="flavio: timed passes over the 4 points")
    ap.add_argument("--smelli-points", type=int, default=2, help="smelli: points per process (first one separate)")
    ap.add_argument("--no-smelli", action="store_true")
    ap.add_argument("--out-dir", default=os.path.join(HERE, "results"))
    a = ap.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)
    os.makedirs(os.path.join(HERE, ".cache"), exist_ok=True)
    points_file = os.path.join(HERE, ".cache", "muoquark_points.json")
    load_start = loadavg()
    notes = []
    have_oracle = os.path.exists(a.oracle_py)
    if not have_oracle:
        notes.append(f"oracle python not found ({a.oracle_py}); the flavio/smelli side is skipped")
    ja_args = ["--configs", a.configs, "--batch", str(a.batch), "--nuts-chains", str(a.nuts_chains),
               "--nuts-warmup", str(a.nuts_warmup), "--nuts-samples", str(a.nuts_samples)] + (["--no-nuts"] if a.no_nuts else [])
    workers = {"muoquark_jaxalign": (a.jaxalign_py, "muoquark_jaxalign.py", ja_args)}
    if have_oracle:
        workers["muoquark_flavio"] = (a.oracle_py, "muoquark_flavio.py", [points_file, "--passes", str(a.passes)])
        if not a.no_smelli:
            workers["muoquark_smelli"] = (a.oracle_py, "muoquark_flavio.py",
                                          [points_file, "--mode", "smelli", "--smelli-points", str(a.smelli_points)])
    runs = {k: [] for k in workers}
    t_all = time.perf_counter()
    points_written = None
    for rep in range(a.reps):
        for name, (py, script, args) in workers.items():
            if name != "muoquark_jaxalign" and points_written is None:
                runs[name].append({"error": "no points (the jaxalign worker failed)", "stderr_tail": "", "wall_s": 0.0})
                continue
            if name == "muoquark_smelli" and runs[name] and runs[name][0].get("available") is False:
                continue  # smelli does not import in the oracle venv: recorded once
            print(f"[rep {rep + 1}/{a.reps}] {name} ...", end=" ", flush=True)
            r = run_worker(py, script, args, timeout=1800)
            runs[name].append(r)
            print(f"{r['wall_s']:.1f} s" + (f"  ERROR: {r['error']}\n{r['stderr_tail']}" if "error" in r else ""), flush=True)
            if name == "muoquark_jaxalign" and "error" not in r:
                P = {"points": r["wcxf_points"], "observables": r["configs"]["base"]["observables"]
                     if "base" in r["configs"] else next(iter(r["configs"].values()))["observables"]}
                if points_written is None:
                    cm.write_json(points_file, P)
                    points_written = P
                elif json.dumps(P["points"], sort_keys=True) != json.dumps(points_written["points"], sort_keys=True):
                    notes.append(f"rep {rep + 1}: the jaxalign WCxf points differ from rep 1 (rep 1's are used)")
    load_end = loadavg()
    agg = {k: agg_runs(v) for k, v in runs.items()}
    for k, v in runs.items():
        errs = [r for r in v if "error" in r]
        if errs:
            notes.append(f"{k}: {len(errs)} of {len(v)} processes failed: {errs[0]['error']}: {errs[0]['stderr_tail'][-600:]}")
    ja, fl, sm = agg.get("muoquark_jaxalign"), agg.get("muoquark_flavio"), agg.get("muoquark_smelli")
    smelli_info = None
    if runs.get("muoquark_smelli") and runs["muoquark_smelli"][0].get("available") is False:
        smelli_info = runs["muoquark_smelli"][0]
        notes.append(f"smelli does not import in the oracle venv ({smelli_info.get('why')}); its side is skipped")
        sm = None
    device = med(ja, "device")
    meta = machine_info(device)
    meta["reps_per_worker"] = a.reps
    meta["total_wall_s"] = time.perf_counter() - t_all
    meta["load_average_start"] = load_start
    meta["load_average_end"] = load_end
    meta["versions"] = {k: (v or {}).get("versions") for k, v in agg.items()}
    meta["settings"] = vars(a)
    meta["notes"] = notes

    head = (f"machine: {meta['cpu_model']} ({meta['cpu_count']} cores), device = {device}; no GPU used; commit "
            f"{meta['git_commit']} (tracked files modified: {meta['git_worktree_modified_tracked_files']}); {meta['date_utc']}; "
            f"{a.reps} fresh processes per worker; load average at start {_la(load_start)}, at end {_la(load_end)}; "
            f"XLA_FLAGS='{meta['xla_flags']}'")
    comp, t1 = compare(ja, fl, sm, a.batch)
    nuts, t2 = nuts_section(ja)
    agree, t3 = agreement(ja, fl)
    # targets (shared/BENCHMARKS.md)
    vg = med(ja, "steady_s", "base: value_grad", "median")
    targets = {"muoquark likelihood value + gradient well under 1 ms (CPU)": {
        "measured_s": vg, "met": None if vg is None else bool(vg < 1e-3),
        "note": "bound value_and_grad at the paper point, median of process medians"}}
    if nuts:
        s = nuts["settings"]
        full, samp = nuts["wall_full_call_s"], nuts["sampling_s (full call - compile)"]
        reduced = s["num_chains"] != 4 or s["num_samples"] != 2000
        targets["NUTS 4 chains × 2000 draws in under a minute on CPU"] = {
            "measured_full_call_s": full, "measured_sampling_s": samp,
            "settings": f"{s['num_chains']} × ({s['num_warmup']} warm-up + {s['num_samples']} draws)",
            "met_full_call_incl_compile": bool(full < 60), "met_sampling_only": bool(samp < 60),
            "met": None if reduced else bool(full < 60),
            "note": "met = the whole sample_nuts call (compile included) under 60 s" +
                    ("; settings differ from 4 × 2000 draws: not decided" if reduced else "")}
    trows = []
    for k, v in targets.items():
        if "measured_s" in v:
            m = fmt_t(v["measured_s"])
        else:
            m = f"{fmt_t(v['measured_full_call_s'])} incl. compile ({fmt_t(v['measured_sampling_s'])} sampling), {v['settings']}"
        trows.append([k, m, {True: "met", False: "NOT met", None: "n/a"}[v["met"]]])
    t4 = table("Targets (shared/BENCHMARKS.md)", ["target", "measured", "status"], trows)
    text = "\n\n".join([head, t1, t2, t3, t4] + (["Notes:\n" + "\n".join(f"  - {n}" for n in notes)] if notes else []))
    print("\n" + text)
    with open(os.path.join(a.out_dir, "summary_muoquark.txt"), "w") as f:
        f.write(text + "\n")
    cm.write_json(os.path.join(a.out_dir, "muoquark.json"), {
        "meta": meta,
        "case": {"config": "fits/muoquark_b3lmu.yaml", "variant": "fits/muoquark_b3lmu_c9c10.yaml",
                 "points": med(ja, "points"), "paper_point": PAPER, "batch": a.batch,
                 "observables": med(ja, "configs", "base", "observables")},
        "comparison": comp, "nuts": nuts, "agreement": agree, "targets": targets,
        "smelli_unavailable": smelli_info,
        "aggregated": agg, "runs": runs})
    return 1 if any("failed" in n for n in notes) else 0


def _la(la):
    return "n/a" if not la else f"{la['1min']:.2f}/{la['5min']:.2f}/{la['15min']:.2f}"


if __name__ == "__main__":
    sys.exit(main())
