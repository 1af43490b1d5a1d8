"""Item 4, wilson/flavio (and smelli) side: the muoquark points of ``muoquark_jaxalign.py`` (.oracle venv, fresh process).

Input: a JSON file written by the driver from the jaxalign worker's output, with the SMEFT Warsaw
points at Λ = 3 TeV that jaxalign's muoquark matching produced (``{"points": {label: {"wcxf":
{"eft", "basis", "scale", "values"}}}, "observables": [...]}``). The established tools then do the
rest of the chain themselves: wilson's SMEFT running (default ``smeft_accuracy='integrate'``, SciPy
RK45, rtol 1e-3), matching to the WET and WET running, flavio's observables.

``--mode flavio`` (default): for every point a fresh ``wilson.Wilson`` (wilson caches per instance,
so a fit would build one per point) and ``flavio.np_prediction`` of the six observables of
``fits/muoquark_b3lmu.yaml``: ``a_mu``, ``<Rmue>(B+->Kll)`` [1.1, 6], ``<Rmue>(B0->K*ll)`` [0.045, 1.1]
and [1.1, 6], ``BR(Bs->mumu)``, ``BR(tau->mugamma)``. Timed: the first point (first-use caches of
flavio), then ``--passes`` passes over all points (median per point, and per observable). flavio has
no gradients: the cost of a value + gradient by forward differences is estimated as
(1 + n_params) × the per-point time with n_params = 2 (stated as an estimate, not measured).
Recorded (untimed): the predictions, flavio's SM predictions, and C9_bsmumu, C10_bsmumu (WET basis
'flavio' at 4.8 GeV, from ``Wilson.match_run``) for the (C9, C10) group of the c9c10 variant.

``--mode smelli``: ``smelli.GlobalLikelihood()`` construction (timed), then
``gl.parameter_point(values, scale).log_likelihood_global()`` — first point (includes smelli's
first-use loading of the SM covariances) and the following points, separately. smelli's likelihood
is its own (~400 observables, its own measurement set), not the six observables above: it is the
cost of "the equivalent evaluation with the established global likelihood", not a like-for-like
observable set.

Usage: python muoquark_flavio.py OUT.json POINTS.json [--mode flavio|smelli] [--passes 2] [--smelli-points 3]
"""
import argparse
import json
import os
import statistics as st
import sys
import time
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as cm  # noqa: E402

# name in the jaxalign fit configuration -> (flavio observable, arguments)
FLAVIO_OBS = {
    "a_mu": ("a_mu", ()),
    "<Rmue>(B+->Kll)[1.1,6.0]": ("<Rmue>(B+->Kll)", (1.1, 6.0)),
    "<Rmue>(B0->K*ll)[0.045,1.1]": ("<Rmue>(B0->K*ll)", (0.045, 1.1)),
    "<Rmue>(B0->K*ll)[1.1,6.0]": ("<Rmue>(B0->K*ll)", (1.1, 6.0)),
    "BR(Bs->mumu)": ("BR(Bs->mumu)", ()),
    "BR(tau->mugamma)": ("BR(tau->mugamma)", ()),
}
N_PARAMS = 2  # eta3L_3, eta1L_3


def parse(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="output JSON")
    ap.add_argument("points", help="JSON with the WCxf points (written by muoquark_run.py)")
    ap.add_argument("--mode", choices=("flavio", "smelli"), default="flavio")
    ap.add_argument("--passes", type=int, default=2, help="timed passes over all points (flavio mode)")
    ap.add_argument("--smelli-points", type=int, default=3,
                    help="points evaluated with smelli (the first one reported separately)")
    return ap.parse_args(argv)


def values_of(wcxf):
    """WCxf values ({'Re', 'Im'} or real numbers) -> {key: complex | float}."""
    out = {}
    for k, v in wcxf["values"].items():
        out[k] = complex(v.get("Re", 0.0), v.get("Im", 0.0)) if isinstance(v, dict) else float(v)
    return out


def versions(pkgs):
    import importlib.metadata as md
    out = {}
    for p in pkgs:
        try:
            out[p] = md.version(p)
        except md.PackageNotFoundError:
            out[p] = None
    return out


def run_flavio(a, P):
    t0 = time.perf_counter()
    import flavio
    from wilson import Wilson
    t_import = time.perf_counter() - t0
    pts = P["points"]
    obs = [o for o in P["observables"] if o in FLAVIO_OBS]

    def point(lab):
        d = pts[lab]["wcxf"]
        return Wilson(values_of(d), scale=float(d["scale"]), eft=d["eft"], basis=d["basis"])

    def evaluate(lab, per_obs=None):
        w = point(lab)
        res = {}
        for o in obs:
            name, args = FLAVIO_OBS[o]
            t = time.perf_counter()
            res[o] = float(flavio.np_prediction(name, w, *args))
            if per_obs is not None:
                per_obs.setdefault(o, []).append(time.perf_counter() - t)
        return res

    labels = list(pts)
    t_first, _ = cm.first_call(lambda: evaluate(labels[0]))
    ts, per_obs, preds = [], {}, {}
    for _ in range(a.passes):
        for lab in labels:
            t = time.perf_counter()
            preds[lab] = evaluate(lab, per_obs)
            ts.append(time.perf_counter() - t)
    per_point = {"median": st.median(ts), "min": min(ts), "n": len(ts)}
    sm = {o: float(flavio.sm_prediction(FLAVIO_OBS[o][0], *FLAVIO_OBS[o][1])) for o in obs}
    # (C9, C10) of the c9c10 variant's Gaussian group: WET 'flavio' basis at 4.8 GeV (untimed)
    c910 = {}
    for lab in labels:
        wet = point(lab).match_run(4.8, "WET", "flavio").dict
        c910[lab] = {k: float(complex(wet.get(k, 0.0)).real) for k in ("C9_bsmumu", "C10_bsmumu")}
    return {
        "tool": "flavio", "mode": "flavio", "versions": versions(("flavio", "wilson", "wcxf", "particle", "scipy", "numpy")),
        "wilson_options": "defaults (smeft_accuracy='integrate': SciPy RK45, rtol 1e-3)",
        "construct_s": {"import": t_import},
        "first_call_s": {"first point, all observables": t_first},
        "steady_s": {"point, all observables": per_point,
                     **{f"observable {o}": {"median": st.median(v), "min": min(v), "n": len(v)} for o, v in per_obs.items()}},
        "value_grad_estimate_s": {
            "forward differences (1 + n_params) x per point": (1 + N_PARAMS) * per_point["median"],
            "n_params": N_PARAMS,
            "note": "estimate, not measured: flavio gives no gradients; a forward-difference gradient "
                    "needs 1 + n_params fresh points"},
        "predictions": preds, "sm_predictions": sm, "c9_c10_at_4.8GeV": c910,
        "observables": obs, "n_points": len(labels), "mem_MiB": {"peak": cm.peak_rss_mib()},
    }


def run_smelli(a, P):
    t0 = time.perf_counter()
    try:
        import smelli
    except ImportError as e:
        return {"tool": "smelli", "mode": "smelli", "available": False, "why": f"{type(e).__name__}: {e}",
                "versions": versions(("smelli",))}
    t_import = time.perf_counter() - t0
    t = time.perf_counter()
    gl = smelli.GlobalLikelihood()
    t_construct = time.perf_counter() - t
    labels = list(P["points"])[: max(1, a.smelli_points)]
    ll, ts = {}, []
    t_first = None
    for i, lab in enumerate(labels):
        d = P["points"][lab]["wcxf"]
        t = time.perf_counter()
        pp = gl.parameter_point(values_of(d), float(d["scale"]))
        ll[lab] = float(pp.log_likelihood_global())
        dt = time.perf_counter() - t
        if i == 0:
            t_first = dt
        else:
            ts.append(dt)
    steady = {"median": st.median(ts), "min": min(ts), "n": len(ts)} if ts else None
    return {
        "tool": "smelli", "mode": "smelli", "available": True,
        "versions": versions(("smelli", "flavio", "wilson", "numpy", "scipy")),
        "construct_s": {"import": t_import, "GlobalLikelihood()": t_construct},
        "first_call_s": {"first point (parameter_point + log_likelihood_global)": t_first},
        "steady_s": ({"point (parameter_point + log_likelihood_global)": steady} if steady else {}),
        "n_observables": len(getattr(gl, "observables", ()) or ()),
        "log_likelihood_global": ll, "mem_MiB": {"peak": cm.peak_rss_mib()},
    }


def main():
    a = parse()
    warnings.filterwarnings("ignore")
    with open(a.points) as f:
        P = json.load(f)
    res = run_flavio(a, P) if a.mode == "flavio" else run_smelli(a, P)
    cm.write_json(a.out, res)


if __name__ == "__main__":
    main()
