"""Generate tests/data/wilson_running_dipole.json: extra reference points for the SMEFT running.

Run with the oracle environment (NOT the jaxalign venv):

    .oracle/bin/python tests/data/make_wilson_running_reference.py

The points complement tests/data/reference_points.json (all real, all at 1 TeV) with complex
coefficients that shift the phases of the lepton masses, CP-violating and lepton-flavour-violating
entries and other scales. wilson 2.5.2 ``SMEFT.run`` (numerical integration with scipy's DOP853,
rtol 1e-10 and scipy's default atol, i.e. the tight settings of the shared reference 'integrate_precise'),
default SM inputs (= jaxalign's 'reference' set), output rotated to the Warsaw-down basis.
Stored: every dipole-sector key (eB, eW, ephi, lequ1, lequ3, ledq) of the output, plus the SM
couplings wilson used at the input scale.
"""

import datetime
import json
import pathlib

import numpy as np
import wilson
from wilson import wcxf
from wilson.run.smeft.classes import SMEFT

POINTS = {
    "C01": (1000.0, {"ephi_22": {"Re": 2e-10, "Im": 5e-10}, "eB_22": 1e-11}),
    "C02": (10000.0, {"eB_22": {"Re": 1e-11, "Im": 3e-12}, "lequ3_2233": {"Re": -2e-9, "Im": 1e-9}}),
    "C03": (3000.0, {"eB_12": {"Re": 1e-15, "Im": 1e-15}, "lequ3_1233": 1e-13,
                     "ephi_12": {"Re": 0.0, "Im": 1e-12}, "eB_22": 1e-11}),
    "C04": (2000.0, {"eB_23": 1e-12, "eW_32": {"Re": 0.0, "Im": 2e-12}, "lequ1_2333": 1e-10,
                     "ledq_2333": -1e-10}),
    "C05": (5000.0, {"eB_11": {"Re": 0.0, "Im": 1e-13}, "lequ3_1133": {"Re": 0.0, "Im": 1e-12}}),
    "C06": (1500.0, {"ephi_33": {"Re": 0.0, "Im": 1e-8}, "eB_33": 1e-10, "lequ1_3333": 2e-9}),
}
CLASSES = ("eB", "eW", "ephi", "lequ1", "lequ3", "ledq")
SM_KEYS = ("g", "gp", "gs", "Lambda", "m2", "Gu", "Gd", "Ge")
OUT = pathlib.Path(__file__).with_name("wilson_running_dipole.json")


def _enc(x):
    x = np.asarray(x)
    if x.ndim == 0:
        return {"Re": float(np.real(x)), "Im": float(np.imag(x))}
    return {"Re": np.real(x).tolist(), "Im": np.imag(x).tolist()}


def main():
    records = []
    for pid, (scale, values) in POINTS.items():
        wc = wcxf.WC("SMEFT", "Warsaw", scale, wcxf.WC.dict2values(
            {k: (complex(v["Re"], v["Im"]) if isinstance(v, dict) else v) for k, v in values.items()}))
        sm = SMEFT(wc)
        out = sm.run(91.1876, accuracy="integrate", method="DOP853", rtol=1e-10)
        vals = {k: complex(v) for k, v in out.dict.items() if k.split("_")[0] in CLASSES}
        print(pid, "done", flush=True)
        records.append({
            "id": pid,
            "input": {"eft": "SMEFT", "basis": "Warsaw", "scale": scale, "values": values},
            "output": {k: {"Re": v.real, "Im": v.imag} for k, v in vals.items()},
            "sm_input_scale": {k: _enc(sm.C_in[k]) for k in SM_KEYS},
        })
    OUT.write_text(json.dumps({
        "header": {"generator": "tests/data/make_wilson_running_reference.py",
                   "reference": f"wilson {wilson.__version__}: SMEFT(wc).run(91.1876, accuracy='integrate', "
                                "method='DOP853', rtol=1e-10)",
                   "date": datetime.date.today().isoformat(),
                   "note": "dipole-sector coefficients at 91.1876 GeV, Warsaw-down basis, GeV^-2"},
        "records": records}, indent=0))
    print("wrote", OUT)


if __name__ == "__main__":
    main()
