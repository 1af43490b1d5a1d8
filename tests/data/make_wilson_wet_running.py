"""Generate tests/data/wilson_wet_running.json: WET running of the jaxalign sector alone (wilson).

Run with the oracle environment (NOT the jaxalign venv; wilson is a test-time oracle only):

    .oracle/bin/python tests/data/make_wilson_wet_running.py

For every SMEFT point of tests/data/wilson_wet_reference.json (W01–W07), the JMS coefficients that wilson
gives at 91.1876 GeV are restricted to the classes run by jaxalign.wet.running (egamma, dgamma,
dG, VedLL, VedLR, VdeLR, VedRR, SedRL, SeuRR, TeuRR) and run down again with wilson 2.5.2
(``Wilson(..., 91.1876, 'WET', 'JMS').match_run(scale, 'WET'|'WET-4'|'WET-3', 'JMS')``, default
options), so that sources outside the sector (four-quark, four-lepton, Veu, neutrino classes)
do not enter. Two further points R01, R02 are given directly in the WET (light quarks and the τ,
to exercise the thresholds and penguin sums below 4.2 GeV). Stored: the sector's classes at 4.8, 1.8 and 1.0 GeV, entries with
|C| > 1e-12 max|input|.
"""

import datetime
import json
import pathlib

import wilson

HERE = pathlib.Path(__file__).parent
OUT = HERE / "wilson_wet_running.json"
CLASSES = ("egamma", "dgamma", "dG", "VedLL", "VedLR", "VdeLR", "VedRR", "SedRL", "SeuRR", "TeuRR")
SCALES = (4.8, 1.8, 1.0)
# extra WET points (JMS at 91.1876) with light-flavour and τ entries, so that the thresholds,
# the τ/c decoupling and the penguin sums are exercised below 4.2 GeV
EXTRA = {
    "R01": {"VedLL_2212": 1e-9, "VedLR_3311": 4e-10, "VdeLR_1122": 3e-10, "VedRR_1122": 2e-10 + 1e-10j,
            "SedRL_2212": 3e-10, "VedLL_3333": 2e-10, "VedLL_1111": -1e-10},
    "R02": {"egamma_22": 1e-10 + 2e-11j, "egamma_12": 1e-12, "TeuRR_2211": 1e-9, "TeuRR_1122": 5e-10,
            "SeuRR_2211": 2e-9 - 1e-9j, "dgamma_12": 1e-10, "dG_12": 2e-10 + 5e-11j, "dgamma_33": 3e-11},
}


def main():
    ref = json.loads((HERE / "wilson_wet_reference.json").read_text())
    records = []
    extra = [{"id": k, "jms": {"91.1876": {n: {"Re": complex(z).real, "Im": complex(z).imag} for n, z in v.items()}}}
             for k, v in EXTRA.items()]
    for rec in ref["records"] + extra:
        inp = {k: complex(v["Re"], v["Im"]) for k, v in rec["jms"]["91.1876"].items()
               if k.split("_")[0] in CLASSES}
        big = max(abs(v) for v in inp.values())
        w = wilson.Wilson(inp, scale=91.1876, eft="WET", basis="JMS")
        out = {"id": rec["id"], "input": {k: {"Re": v.real, "Im": v.imag} for k, v in inp.items()},
               "jms": {}}
        for scale in SCALES:
            eft = "WET" if scale > 4.2 else ("WET-4" if scale > 1.3 else "WET-3")
            d = w.match_run(scale, eft, "JMS").dict
            out["jms"][str(scale)] = {k: {"Re": complex(z).real, "Im": complex(z).imag} for k, z in d.items()
                                      if k.split("_")[0] in CLASSES and abs(z) > 1e-12 * big}
        print(rec["id"], {s: len(v) for s, v in out["jms"].items()}, flush=True)
        records.append(out)
    OUT.write_text(json.dumps({
        "header": {"generator": "tests/data/make_wilson_wet_running.py",
                   "reference": f"wilson {wilson.__version__}: Wilson(sector-only JMS at 91.1876, 'WET', 'JMS')"
                                ".match_run(scale, 'WET'|'WET-4'|'WET-3', 'JMS')",
                   "date": datetime.date.today().isoformat(),
                   "note": "inputs: wilson's JMS values at 91.1876 from wilson_wet_reference.json, restricted "
                           "to the sector; entries > 1e-12 max|input|; GeV^-1 (dipoles), GeV^-2"},
        "records": records}, indent=0))
    print("wrote", OUT)


if __name__ == "__main__":
    main()
