"""Generate tests/data/wilson_wet_reference.json: SMEFT → WET matching and WET running references.

Run with the oracle environment (NOT the jaxalign venv; wilson is a test-time oracle only):

    .oracle/bin/python tests/data/make_wilson_wet_reference.py

SMEFT points given at 91.1876 GeV (so no SMEFT running is involved) are matched at tree level
onto the WET with wilson 2.5.2 (``Wilson.match_run``; default options apart from
``smeft_accuracy='integrate'``), and the WET is run down with wilson's one-loop QCD+QED running.
Stored per point: the JMS coefficients at 91.1876 GeV of the classes jaxalign matches
(egamma, dgamma, dG, VedLL, VedLR, VdeLR, VedRR, SedRL, SeuRR, TeuRR) and the same at 4.8, 1.8
and 1.0 GeV; the flavio-basis ``sb`` sector at 91.1876 and 4.8 GeV. Only entries with
|value| > 1e-8 max|input| are stored (the rest are zero to that precision).
"""

import datetime
import json
import pathlib

import wilson

OUT = pathlib.Path(__file__).with_name("wilson_wet_reference.json")
CLASSES = ("egamma", "dgamma", "dG", "VedLL", "VedLR", "VdeLR", "VedRR", "SedRL", "SeuRR", "TeuRR")
POINTS = {
    "W01": {"lq1_2223": {"Re": 1e-9, "Im": 2e-10}, "lq3_2223": -4e-10, "qe_2322": 3e-10,
            "phiq1_23": 2e-10, "phiq3_23": {"Re": 0.0, "Im": 1e-10}},
    "W02": {"ld_2223": 5e-10, "ed_2223": {"Re": -2e-10, "Im": 1e-10}, "phid_23": 3e-10, "lq1_1123": 2e-10},
    "W03": {"ledq_2223": 4e-10, "ledq_2232": {"Re": 1e-10, "Im": -2e-10}, "ledq_1123": 1e-10},
    "W04": {"dB_23": 1e-10, "dW_23": {"Re": 2e-10, "Im": 5e-11}, "dG_23": 3e-10, "dB_32": -1e-10, "dG_32": 1e-10},
    "W05": {"lequ3_2222": {"Re": 1e-8, "Im": 2e-9}, "lequ1_2222": 3e-8, "lequ3_1211": 1e-9, "lequ3_2311": 2e-9},
    "W06": {"eB_22": 1e-10, "eW_22": {"Re": 0.0, "Im": 3e-11}, "eB_12": 1e-13, "eB_23": 2e-12, "eW_32": 1e-12},
    "W07": {"phil1_23": 1e-9, "phil3_22": 5e-10, "phie_12": {"Re": 2e-10, "Im": 1e-10}, "phiq3_23": 3e-10},
}
WET_SCALES = (4.8, 1.8, 1.0)


def _c(v):
    return complex(v["Re"], v["Im"]) if isinstance(v, dict) else v


def _jms(w, scale):
    d = w.match_run(scale, "WET", "JMS").dict if scale > 5 else None
    return d


def main():
    records = []
    for pid, vals in POINTS.items():
        inp = {k: _c(v) for k, v in vals.items()}
        big = max(abs(v) for v in inp.values())
        w = wilson.Wilson(inp, scale=91.1876, eft="SMEFT", basis="Warsaw")
        w.set_option("smeft_accuracy", "integrate")
        rec = {"id": pid, "input": {"eft": "SMEFT", "basis": "Warsaw", "scale": 91.1876, "values": vals},
               "jms": {}, "flavio_sb": {}}
        for scale in (91.1876,) + WET_SCALES:
            eft = "WET" if scale > 4.2 else ("WET-4" if scale > 1.3 else "WET-3")
            d = w.match_run(scale, eft, "JMS").dict
            rec["jms"][str(scale)] = {k: {"Re": complex(z).real, "Im": complex(z).imag} for k, z in d.items()
                                       if k.split("_")[0] in CLASSES and abs(z) > 1e-8 * big}
        for scale in (91.1876, 4.8):
            d = w.match_run(scale, "WET", "flavio", sectors=("sb",)).dict
            rec["flavio_sb"][str(scale)] = {k: {"Re": complex(z).real, "Im": complex(z).imag}
                                            for k, z in d.items() if abs(z) > 1e-12}
        print(pid, {s: len(v) for s, v in rec["jms"].items()}, flush=True)
        records.append(rec)
    OUT.write_text(json.dumps({
        "header": {"generator": "tests/data/make_wilson_wet_reference.py",
                   "reference": f"wilson {wilson.__version__}: Wilson(values, 91.1876, 'SMEFT', 'Warsaw')"
                                ".match_run(scale, 'WET'|'WET-4'|'WET-3', 'JMS'|'flavio')",
                   "date": datetime.date.today().isoformat(),
                   "note": "JMS entries with |C| > 1e-8 max|input|, flavio sb entries > 1e-12; GeV^-1 (dipoles), GeV^-2"},
        "records": records}, indent=0))
    print("wrote", OUT)


if __name__ == "__main__":
    main()
