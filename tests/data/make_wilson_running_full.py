"""Generate tests/data/wilson_running_full.json: full-basis reference points for the SMEFT running.

Run with the oracle environment (NOT the jaxalign venv; wilson is a test-time oracle only):

    .oracle/bin/python tests/data/make_wilson_running_full.py

Each point switches on coefficients of several operator families (bosonic, Higgs currents, quark
dipoles, four-quark, four-lepton, semileptonic, complex and flavour-violating entries) at 1–10 TeV;
F01 is a random point with 60 coefficients from every family (except quqd1, see below). wilson 2.5.2 ``SMEFT.run`` to
91.1876 GeV with scipy's DOP853 at rtol 1e-10 (the tight settings of the shared reference
'integrate_precise'), default SM inputs (= jaxalign's 'reference' set), output in the
Warsaw-down basis. Stored: every output coefficient with |C| > 1e-7 max|input| (all others are
smaller), plus the SM couplings wilson used at the input scale.

wilson evolves the raw output of its β functions, and its β of ``ee`` is not symmetric under the
Fierz identity of the class (tests/data/make_wilson_beta_full.py records this), so the unphysical
part of C_ee grows during its running and feeds other classes; its conversion to WCxf then
counts the generated ee_prst (p≠s) twice (ratio ee_1122/ee_1111 = 4 for a flavour-universal
penguin, where the Lagrangian gives 2). To test the running without this artefact, each point
also stores ``unrotated_projected``: the same wilson β̂ functions (a black box), projected onto
the symmetric subspace of every class (jaxalign.smeft.betas.common.project), integrated with
scipy DOP853 (rtol 1e-11, atol 1e-19 GeV⁻²; inputs are ~1e-8) from the SM couplings wilson uses at the input scale to
91.1876 GeV, without the final flavour rotation (all classes, entries > 1e-7 max|input|).
"""

import datetime
import json
import pathlib

import sys

import numpy as np
import scipy.integrate
import wilson
from wilson.run.smeft import beta as wbeta
from wilson.util import smeftutil
from wilson import wcxf
from wilson.run.smeft.classes import SMEFT

SM_KEYS = ("g", "gp", "gs", "Lambda", "m2", "Gu", "Gd", "Ge")
OUT = pathlib.Path(__file__).with_name("wilson_running_full.json")
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))  # for the symmetry table only
KEYS = pathlib.Path(__file__).with_name("wcxf_smeft_warsaw_keys.json")
SKIP = ("duql", "qque", "qqql", "duue", "llphiphi")


def _random_point(seed, n):
    # quqd1 is left out: wilson 2.5.2's β(dphi) has a flavour-non-covariant C_quqd1 term (see
    # jaxalign/smeft/betas/yukawa.py), which would spoil the comparison of every coefficient
    keys = {k: r for k, r in json.loads(KEYS.read_text())["keys"].items()
            if k.split("_")[0] not in SKIP + ("quqd1",)}
    rng = np.random.default_rng(seed)
    names = sorted(keys)
    pick = rng.choice(len(names), size=n, replace=False)
    out = {}
    for i in sorted(pick):
        k = names[i]
        re, im = rng.normal(size=2) * 1e-8
        out[k] = float(re) if keys[k] else {"Re": float(re), "Im": float(im)}
    return out


POINTS = {
    "F01": (2000.0, _random_point(11, 60)),
    "F02": (1000.0, {"phiBox": 1e-8, "phiD": -2e-8, "phiW": 5e-9, "phiB": -3e-9, "phiWB": 4e-9,
                     "W": 2e-8, "G": -1e-8, "phiG": 3e-9, "phi": 5e-8, "phiWtilde": 2e-9}),
    "F03": (5000.0, {"qq1_2233": 1e-8, "qq3_1133": -2e-8, "qu8_3333": 5e-9, "ud8_3323": {"Re": 1e-9, "Im": 2e-9},
                     "uu_3333": 3e-9, "dd_2323": {"Re": 2e-9, "Im": -1e-9}, "qd1_3323": 4e-9}),
    "F04": (3000.0, {"ll_2222": 1e-8, "ll_1221": 3e-9, "le_2233": 2e-9, "le_2332": {"Re": 1e-9, "Im": 5e-10}, "ee_2233": -4e-9,
                     "phil1_22": 5e-9, "phil3_23": {"Re": 1e-9, "Im": 1e-9}, "phie_33": -2e-9}),
    "F05": (10000.0, {"lq1_2223": {"Re": -1e-9, "Im": 3e-10}, "lq3_2223": {"Re": -1e-9, "Im": 3e-10},
                      "qe_2322": 5e-10, "ld_2223": -3e-10, "ed_2223": {"Re": 1e-10, "Im": 2e-10},
                      "lu_2233": 2e-9, "eu_2233": -1e-9}),
    "F06": (1500.0, {"uG_33": {"Re": 1e-9, "Im": 5e-10}, "dG_23": 2e-10, "uphi_33": 3e-8, "dphi_23": -1e-9,
                     "quqd1_3333": {"Re": 2e-9, "Im": -1e-9}, "quqd8_3323": 1e-9, "uW_33": 5e-10, "dB_32": 1e-10,
                     "phiud_33": 4e-9, "phiq3_33": -3e-9, "phiu_33": 2e-9}),
}


def _enc(x):
    x = np.asarray(x)
    if x.ndim == 0:
        return {"Re": float(np.real(x)), "Im": float(np.imag(x))}
    return {"Re": np.real(x).tolist(), "Im": np.imag(x).tolist()}


def _projected_run(C_in, scale_in, scale_out=91.1876):
    """Integrate the projected wilson β̂ from scale_in to scale_out (no rotation)."""
    from jaxalign.smeft.operators import WARSAW_CLASSES

    def project(name, a):  # numpy version of jaxalign.smeft.betas.common.project
        sym = WARSAW_CLASSES[name]
        if sym == "hermitian2":
            return 0.5 * (a + a.conj().T)
        if sym not in ("identical_pair", "ee", "hermitian_pair"):
            return a
        orbit = [(0, 1, 2, 3)]
        if sym in ("identical_pair", "ee"):
            orbit.append((2, 3, 0, 1))
        if sym == "ee":
            orbit += [(0, 3, 2, 1), (2, 1, 0, 3)]
        terms = [np.transpose(a, o) for o in orbit]
        terms += [np.conj(np.transpose(t, (1, 0, 3, 2))) for t in terms]
        return sum(terms) / len(terms)

    keys = [k for k in smeftutil.C_keys_shape if k not in SKIP]
    shapes = {k: np.shape(np.asarray(C_in[k])) for k in keys}
    sizes = {k: int(np.prod(shapes[k])) for k in keys}

    def pack(C):
        return np.concatenate([np.ravel(np.asarray(C[k], complex)) for k in keys])

    def unpack(x):
        out, i = {}, 0
        for k in keys:
            out[k] = x[i:i + sizes[k]].reshape(shapes[k])
            i += sizes[k]
        return out

    zeros = {k: (0.0 if s == 1 else np.zeros(s, complex)) for k, s in smeftutil.C_keys_shape.items()}

    def rhs(t, xr):
        x = xr[: len(xr) // 2] + 1j * xr[len(xr) // 2:]
        C = {**zeros, **{k: (v.reshape(()) if v.size == 1 and k not in ("Gu", "Gd", "Ge") else v)
                         for k, v in unpack(x).items()}}
        C = {k: (complex(v) if np.ndim(v) == 0 else v) for k, v in C.items()}
        b = wbeta.beta(C, HIGHSCALE=1, newphys=True)
        out = {}
        for k in keys:
            v = np.asarray(b[k], complex).reshape(shapes[k])
            if k in smeftutil.C_keys and len(shapes[k]) in (2, 4) and k not in ("Gu", "Gd", "Ge"):
                v = np.asarray(project(k, v))
            elif len(shapes[k]) == 0 and k not in ("Gu", "Gd", "Ge"):
                v = np.real(v)
            out[k] = v
        d = pack(out) / (16 * np.pi**2)
        return np.concatenate([d.real, d.imag])

    x0 = pack({k: np.asarray(C_in[k], complex).reshape(shapes[k]) for k in keys})
    sol = scipy.integrate.solve_ivp(rhs, (np.log(scale_in), np.log(scale_out)),
                                    np.concatenate([x0.real, x0.imag]), method="DOP853",
                                    rtol=1e-11, atol=1e-19)
    xr = sol.y[:, -1]
    return unpack(xr[: len(xr) // 2] + 1j * xr[len(xr) // 2:])


def main():
    records = []
    for pid, (scale, values) in POINTS.items():
        vals_in = {k: (complex(v["Re"], v["Im"]) if isinstance(v, dict) else v) for k, v in values.items()}
        wc = wcxf.WC("SMEFT", "Warsaw", scale, wcxf.WC.dict2values(vals_in))
        sm = SMEFT(wc)
        out = sm.run(91.1876, accuracy="integrate", method="DOP853", rtol=1e-10)
        big = max(abs(v) for v in vals_in.values())
        vals = {k: complex(v) for k, v in out.dict.items() if abs(complex(v)) > 1e-7 * big}
        C_in = {k: np.asarray(v) for k, v in sm.C_in.items()}
        proj = _projected_run(C_in, scale)
        unrot = {}
        for k, a in proj.items():
            if k in SM_KEYS:
                continue
            a = np.asarray(a)
            for idx in zip(*np.nonzero(np.abs(a) > 1e-7 * big)) if a.ndim else ([()] if abs(a) > 1e-7 * big else []):
                unrot[f"{k}[{','.join(str(int(i)) for i in idx)}]"] = {"Re": float(a[idx].real), "Im": float(a[idx].imag)}
        print(pid, "done,", len(vals), "output keys,", len(unrot), "projected entries", flush=True)
        records.append({
            "id": pid,
            "input": {"eft": "SMEFT", "basis": "Warsaw", "scale": scale, "values": values},
            "output": {k: {"Re": v.real, "Im": v.imag} for k, v in vals.items()},
            "sm_input_scale": {k: _enc(sm.C_in[k]) for k in SM_KEYS},
            "unrotated_projected": unrot,
        })
    OUT.write_text(json.dumps({
        "header": {"generator": "tests/data/make_wilson_running_full.py",
                   "reference": f"wilson {wilson.__version__}: SMEFT(wc).run(91.1876, accuracy='integrate', "
                                "method='DOP853', rtol=1e-10)",
                   "date": datetime.date.today().isoformat(),
                   "note": "all coefficients > 1e-7 max|input| at 91.1876 GeV, Warsaw-down basis, GeV^-2"},
        "records": records}, indent=0))
    print("wrote", OUT)


if __name__ == "__main__":
    main()
