"""Generate tests/data/wilson_running_full.json: full-basis reference points for the SMEFT running.

Run with the oracle environment (NOT the jaxalign venv; wilson is a test-time oracle only):

    .oracle/bin/python tests/data/make_wilson_running_full.py

Each point switches on coefficients of several operator families (bosonic, Higgs currents, quark
dipoles, four-quark, four-lepton, semileptonic, complex and flavour-violating entries) at 1–10 TeV;
F01 is a random point with 60 coefficients from every family. wilson 2.5.2 ``SMEFT.run`` to
91.1876 GeV with scipy's DOP853 at rtol 1e-10 (the tight settings of the shared reference
'integrate_precise'), default SM inputs (= jaxalign's 'reference' set), output in the
Warsaw-down basis. Stored: every output coefficient with |C| > 1e-7 max|input| (all others are
smaller), plus the SM couplings wilson used at the input scale.
"""

import datetime
import json
import pathlib

import numpy as np
import wilson
from wilson import wcxf
from wilson.run.smeft.classes import SMEFT

SM_KEYS = ("g", "gp", "gs", "Lambda", "m2", "Gu", "Gd", "Ge")
OUT = pathlib.Path(__file__).with_name("wilson_running_full.json")
KEYS = pathlib.Path(__file__).with_name("wcxf_smeft_warsaw_keys.json")
SKIP = ("duql", "qque", "qqql", "duue", "llphiphi")


def _random_point(seed, n):
    keys = {k: r for k, r in json.loads(KEYS.read_text())["keys"].items() if k.split("_")[0] not in SKIP}
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
    "F04": (3000.0, {"ll_2222": 1e-8, "ll_1221": 3e-9, "le_2233": {"Re": 2e-9, "Im": 1e-9}, "ee_2233": -4e-9,
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


def main():
    records = []
    for pid, (scale, values) in POINTS.items():
        vals_in = {k: (complex(v["Re"], v["Im"]) if isinstance(v, dict) else v) for k, v in values.items()}
        wc = wcxf.WC("SMEFT", "Warsaw", scale, wcxf.WC.dict2values(vals_in))
        sm = SMEFT(wc)
        out = sm.run(91.1876, accuracy="integrate", method="DOP853", rtol=1e-10)
        big = max(abs(v) for v in vals_in.values())
        vals = {k: complex(v) for k, v in out.dict.items() if abs(complex(v)) > 1e-7 * big}
        print(pid, "done,", len(vals), "output keys", flush=True)
        records.append({
            "id": pid,
            "input": {"eft": "SMEFT", "basis": "Warsaw", "scale": scale, "values": values},
            "output": {k: {"Re": v.real, "Im": v.imag} for k, v in vals.items()},
            "sm_input_scale": {k: _enc(sm.C_in[k]) for k in SM_KEYS},
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
