"""Generate the flavio-derived data of the reduced b → sℓℓ treatment (run with the oracle venv).

    /work/main/.oracle/bin/python tests/data/make_flavio_bsll.py

flavio 2.7.1 is used strictly as a black box (``flavio.np_prediction`` / ``sm_prediction`` /
``sm_uncertainty`` on WCxf ``WET``/``flavio`` points at 4.8 GeV); none of its code is copied.

What is written
---------------
1. ``jaxalign/data/inputs/bsll_flavio_rates.json`` (package data, read by
   :mod:`jaxalign.observables.bsll` at run time): for each q² bin and lepton ℓ ∈ {μ, e} the binned
   rate ``<dBR/dq2>(B → K(*) ℓℓ)`` as an exact quadratic polynomial in 20 real variables, the real
   and imaginary parts of the new-physics coefficients (flavio ``sb`` basis at 4.8 GeV)
   ``C7_bs, C7p_bs, C9, C10, C9p, C10p, CS, CP, CSp, CPp`` of that lepton (C7, C7' are shared by
   μ and e). A binned rate is a bilinear form in the (linear) decay amplitudes, so a quadratic
   polynomial is exact for fixed hadronic inputs; the coefficients are found by least squares on a
   design of 1 + 40 + 190 structured points (0, ±e_i, e_i + e_j: this alone interpolates the
   231 coefficients exactly) plus 150 random points. The fit residuals and the residuals on 60
   held-out random points are stored with the coefficients. Also stored: flavio's SM values and
   ``sm_uncertainty`` of the ratios, and flavio's SM C10 extracted from BR(Bs→μμ).
2. ``tests/data/flavio_bsll_oracle.json`` (test data): flavio ``<Rmue>`` at the held-out points,
   BR(Bs→μμ) at a few points, and ΔM_s(NP)/ΔM_s(SM) for SMEFT ``qq1_2323``/``qq3_2323`` at m_Z
   (wilson 2.5.2 ``match_run`` from 91.1876 GeV, so no SMEFT running).
"""

from __future__ import annotations

import itertools
import json
import pathlib
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")

import flavio  # noqa: E402
import wilson  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
PKG_OUT = ROOT / "jaxalign" / "data" / "inputs" / "bsll_flavio_rates.json"
TEST_OUT = ROOT / "tests" / "data" / "flavio_bsll_oracle.json"
SCALE = 4.8
SEED = 20240611

SHARED = ("C7_bs", "C7p_bs")
LEPTON_KEYS = ("C9", "C10", "C9p", "C10p", "CS", "CP", "CSp", "CPp")
LEPTONS = {"mumu": "mumu", "ee": "ee"}


def variables(lep):
    return list(SHARED) + [f"{k}_bs{lep}" for k in LEPTON_KEYS]


# (rate key, flavio observable, q2min, q2max)
BINS = (
    ("B+->K[1.1,6.0]", "<dBR/dq2>(B+->K{l})", 1.1, 6.0),
    ("B+->K[0.1,1.1]", "<dBR/dq2>(B+->K{l})", 0.1, 1.1),
    ("B0->K*[1.1,6.0]", "<dBR/dq2>(B0->K*{l})", 1.1, 6.0),
    ("B0->K*[0.045,1.1]", "<dBR/dq2>(B0->K*{l})", 0.045, 1.1),
    ("B0->K*[0.1,1.1]", "<dBR/dq2>(B0->K*{l})", 0.1, 1.1),
)
RATIOS = {
    "<Rmue>(B+->Kll)[1.1,6.0]": ("<Rmue>(B+->Kll)", 1.1, 6.0, "B+->K[1.1,6.0]"),
    "<Rmue>(B+->Kll)[0.1,1.1]": ("<Rmue>(B+->Kll)", 0.1, 1.1, "B+->K[0.1,1.1]"),
    "<Rmue>(B0->K*ll)[1.1,6.0]": ("<Rmue>(B0->K*ll)", 1.1, 6.0, "B0->K*[1.1,6.0]"),
    "<Rmue>(B0->K*ll)[0.045,1.1]": ("<Rmue>(B0->K*ll)", 0.045, 1.1, "B0->K*[0.045,1.1]"),
    "<Rmue>(B0->K*ll)[0.1,1.1]": ("<Rmue>(B0->K*ll)", 0.1, 1.1, "B0->K*[0.1,1.1]"),
}
NREAL = 2 * (len(SHARED) + len(LEPTON_KEYS))  # 20


def x_to_wc(x_mu, x_e):
    """Real feature vectors (Re c1, Im c1, Re c2, ...) → WCxf flavio dict (shared C7 from x_mu)."""
    wc = {}
    for lep, x in (("mumu", x_mu), ("ee", x_e)):
        for i, name in enumerate(variables(lep)):
            z = complex(x[2 * i], x[2 * i + 1])
            if name in SHARED and lep == "ee":
                continue
            if z != 0:
                wc[name] = z
    return wc


def rates_at(wc):
    w = wilson.Wilson(wc, scale=SCALE, eft="WET", basis="flavio")
    out = {}
    for key, obs, lo, hi in BINS:
        for lep in LEPTONS:
            out[f"{key}:{lep}"] = flavio.np_prediction(obs.format(l=lep), w, lo, hi)
    return out


def features(x):
    """[1, x_i, x_i x_j (i ≤ j)] for the least-squares fit."""
    iu = np.triu_indices(len(x))
    return np.concatenate([[1.0], x, np.outer(x, x)[iu]])


def unpack(beta, n=NREAL):
    c0, g = beta[0], beta[1:1 + n]
    q = np.zeros((n, n))
    iu = np.triu_indices(n)
    q[iu] = beta[1 + n:]
    H = 0.5 * (q + q.T)  # x^T H x = Σ_{i≤j} q_ij x_i x_j
    return c0, g, H


def design(rng):
    pts = [np.zeros(NREAL)]
    for i in range(NREAL):
        for s in (1.0, -1.0):
            e = np.zeros(NREAL)
            e[i] = s
            pts.append(e)
    for i, j in itertools.combinations(range(NREAL), 2):
        e = np.zeros(NREAL)
        e[i] = e[j] = 1.0
        pts.append(e)
    structured = len(pts)
    for _ in range(150):
        pts.append(rng.normal(0.0, 0.7, NREAL) * (rng.random(NREAL) < 0.5))
    return pts, structured


def main():
    t0 = time.time()
    rng = np.random.default_rng(SEED)
    pts, n_struct = design(rng)
    # the same pattern for μ and e (shared C7: the first 4 real variables agree by construction)
    rows = []
    for k, x in enumerate(pts):
        rows.append(rates_at(x_to_wc(x, x)))
        if k % 50 == 0:
            print(f"design {k}/{len(pts)}  {time.time() - t0:.0f} s", flush=True)
    holdout_x = []
    for _ in range(60):
        scale = rng.choice([0.1, 0.3, 1.0])
        xm = rng.normal(0.0, scale, NREAL) * (rng.random(NREAL) < 0.6)
        xe = rng.normal(0.0, scale, NREAL) * (rng.random(NREAL) < 0.6)
        xe[:4] = xm[:4]
        holdout_x.append((xm, xe))
    hold_rates, hold_ratios = [], []
    for k, (xm, xe) in enumerate(holdout_x):
        wc = x_to_wc(xm, xe)
        hold_rates.append(rates_at(wc))
        w = wilson.Wilson(wc, scale=SCALE, eft="WET", basis="flavio")
        hold_ratios.append({lab: flavio.np_prediction(o, w, lo, hi)
                            for lab, (o, lo, hi, _) in RATIOS.items()})
    print(f"holdout done {time.time() - t0:.0f} s", flush=True)

    X = np.array([features(x) for x in pts])
    rates_out = {}
    for key, obs, lo, hi in BINS:
        for lep in LEPTONS:
            name = f"{key}:{lep}"
            y = np.array([r[name] for r in rows])
            sm = float(rows[0][name])
            beta, *_ = np.linalg.lstsq(X, y / sm, rcond=None)
            fit = X @ beta
            c0, g, H = unpack(beta)

            def poly(x):
                return c0 + g @ x + x @ H @ x

            xs = [xm if lep == "mumu" else xe for xm, xe in holdout_x]
            hres = [abs(poly(x) - r[name] / sm) / (r[name] / sm) for x, r in zip(xs, hold_rates)]
            rates_out[name] = {
                "observable": obs.format(l=lep), "q2min": lo, "q2max": hi, "lepton": lep,
                "sm": sm, "const": float(c0), "lin": g.tolist(), "quad": H.tolist(),
                "fit_max_rel_residual": float(np.max(np.abs(fit - y / sm) / (y / sm))),
                "holdout_max_rel_residual": float(max(hres)),
            }
    ratios_out = {}
    for lab, (obs, lo, hi, key) in RATIOS.items():
        sm = flavio.sm_prediction(obs, lo, hi)
        unc = flavio.sm_uncertainty(obs, lo, hi, N=100)
        ratios_out[lab] = {"observable": obs, "q2min": lo, "q2max": hi,
                           "numerator": f"{key}:mumu", "denominator": f"{key}:ee",
                           "sm": sm, "sm_uncertainty": unc, "sm_uncertainty_N": 100}
        print(lab, sm, unc, flush=True)

    # BR(Bs → μμ): flavio's SM C10 from two real C10 shifts, |1 + x/C10|² (A_ΔΓ stays 1)
    def br(wc):
        w = wilson.Wilson(wc, scale=SCALE, eft="WET", basis="flavio")
        return flavio.np_prediction("BR(Bs->mumu)", w)

    br_sm = flavio.sm_prediction("BR(Bs->mumu)")
    r_plus, r_minus = br({"C10_bsmumu": 1.0}) / br_sm, br({"C10_bsmumu": -1.0}) / br_sm
    c10_sm = 4.0 / (r_plus - r_minus)

    pkg = {
        "format_version": 1,
        "description": ("Binned B -> K(*) l l rates as exact quadratic polynomials in the new-physics "
                        "coefficients (flavio sb basis at 4.8 GeV), fitted to flavio 2.7.1 used as a "
                        "black box; see tests/data/make_flavio_bsll.py."),
        "computed_with": {"flavio": flavio.__version__, "wilson": wilson.__version__},
        "scale": SCALE,
        "variables": {lep: variables(lep) for lep in LEPTONS},
        "features": "x = [Re c_1, Im c_1, Re c_2, Im c_2, ...] in the order of 'variables'; "
                    "rate/rate_SM = const + lin.x + x.quad.x",
        "design": {"structured_points": n_struct, "random_points": len(pts) - n_struct,
                   "holdout_points": len(holdout_x), "seed": SEED},
        "rates": rates_out,
        "ratios": ratios_out,
        "bs_mumu": {"BR_SM_flavio": br_sm, "C10_SM_flavio": c10_sm,
                    "note": "C10_SM from BR(C10_NP = +-1)/BR_SM = |1 +- 1/C10_SM|^2 (flavio 2.7.1)"},
    }
    PKG_OUT.write_text(json.dumps(pkg, indent=1) + "\n")

    # oracle numbers for the tests
    br_points = [
        {"C10_bsmumu": 0.5}, {"C10_bsmumu": -0.7}, {"C10_bsmumu": 0.3j}, {"C10p_bsmumu": 0.4},
        {"CS_bsmumu": 0.01}, {"CP_bsmumu": 0.01}, {"CSp_bsmumu": -0.02j}, {"CPp_bsmumu": 0.015},
        {"C9_bsmumu": -1.0}, {"C10_bsmumu": 0.4, "CP_bsmumu": -0.01, "CS_bsmumu": 0.005j},
    ]
    br_out = [{"wc": {k: [complex(v).real, complex(v).imag] for k, v in p.items()}, "np": br(p)}
              for p in br_points]
    dms = []
    for key in ("qq1_2323", "qq3_2323"):
        for val in (1e-11, -1e-11, 2e-11j):
            w = wilson.Wilson({key: val}, scale=91.1876, eft="SMEFT", basis="Warsaw")
            w.set_option("smeft_accuracy", "integrate")
            cvll = w.match_run(SCALE, "WET", "flavio").dict.get("CVLL_bsbs", 0)
            jms = w.match_run(91.1876, "WET", "JMS").dict.get("VddLL_2323", 0)
            ratio = flavio.np_prediction("DeltaM_s", w) / flavio.sm_prediction("DeltaM_s")
            dms.append({"key": key, "value": [complex(val).real, complex(val).imag], "ratio": ratio,
                        "VddLL_2323_mZ": [complex(jms).real, complex(jms).imag],
                        "CVLL_bsbs_4.8": [complex(cvll).real, complex(cvll).imag]})
    test = {
        "format_version": 1,
        "computed_with": {"flavio": flavio.__version__, "wilson": wilson.__version__},
        "scale": SCALE,
        "holdout": [{"x_mumu": xm.tolist(), "x_ee": xe.tolist(), "rmue": r}
                    for (xm, xe), r in zip(holdout_x, hold_ratios)],
        "bs_mumu": {"sm": br_sm, "points": br_out},
        "deltams": {"sm": flavio.sm_prediction("DeltaM_s"), "points": dms},
    }
    TEST_OUT.write_text(json.dumps(test, indent=1) + "\n")
    print(f"done in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
