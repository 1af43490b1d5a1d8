"""Generate the one-loop matching references for tests/matching/test_dipole_1loop.py.

Run with the oracle environment (NOT the jaxalign venv; wilson is a test-time oracle only):

    .oracle/bin/python tests/data/make_wilson_1loop_matching.py

1. tests/data/wilson_matching_1loop.json: wilson 2.5.2 used as a black box. Single SMEFT Warsaw
   coefficients given at the matching scale (91.1876 GeV, a few at 150 GeV), so that no SMEFT
   running is involved, are matched onto the WET (JMS) with
   ``Wilson.set_option('smeft_matching_order', 1)`` (one loop, Dekens & Stoffer arXiv:1908.05295
   as implemented in wilson) and with the default order 0 (tree), ``smeft_matchingscale`` = the
   input scale, ``match_run(scale, 'WET', 'JMS')``. Stored: all nine ``egamma_ij`` (GeV^-1) for
   both orders, as the linear part (f(C) - f(-C))/2 per unit coefficient (the reference's
   extraction of the SM couplings from G_F, m_Z, ... is non-linear in C_phil3, C_ll, C_phiD,
   C_phiWB; the symmetric difference removes the O(C^2) terms). A few records change wilson's
   ``parameters`` option (alpha_e, m_W, G_F) to test the parameter dependence.
2. tests/data/reference_matching_1loop.json: a copy of the egamma entries of the project's shared
   reference file (/work/shared/reference/oracle_public.json, wilson 2.5.2 + flavio 2.7.1):
   for each record the WCxf input, the tree-level ``wet`` egamma, the ``wet_matching_1loop``
   egamma and the integrate-vs-precise check, plus the CKM inputs used there for the WET.
   (The tests never read /work/shared.)
"""

import datetime
import json
import pathlib
import warnings

import wilson

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE / "wilson_matching_1loop.json"
OUT_REF = HERE / "reference_matching_1loop.json"
SHARED = pathlib.Path("/work/shared/reference/oracle_public.json")

MZ = 91.1876
C0 = 1e-9  # size of the single coefficient (the linear part is stored per unit coefficient)
PARAMS = {"alpha_e": 1 / 128.9, "m_W": 80.0, "GF": 1.17e-5}

# (key, complex direction, scale, parameters)
POINTS = [
    ("eB_22", 1 + 0.5j, MZ, None), ("eB_13", 1.0, MZ, None), ("eW_22", 1 - 0.3j, MZ, None),
    ("eW_32", 1.0, MZ, None),
    ("lequ3_2233", 1 + 2j, MZ, None), ("lequ3_1123", 1.0, MZ, None), ("lequ3_3313", 1.0, MZ, None),
    ("lequ3_2223", 1.0, MZ, None),
    ("lequ3_2222", 1.0, MZ, None), ("lequ1_2233", 1.0, MZ, None), ("ledq_2233", 1.0, MZ, None),
    ("ephi_22", 1.0, MZ, None), ("le_2332", 1.0, MZ, None), ("lq1_2233", 1.0, MZ, None),
    ("phil1_22", 1.0, MZ, None), ("phil1_12", 1 + 2j, MZ, None), ("phil3_22", 1.0, MZ, None),
    ("phil3_11", 1.0, MZ, None), ("phil3_23", 1 - 1j, MZ, None), ("phie_22", 1.0, MZ, None),
    ("phie_13", 1 + 2j, MZ, None),
    ("ll_1221", 1.0, MZ, None), ("phiD", 1.0, MZ, None), ("phiWB", 1.0, MZ, None),
    ("phiB", 1.0, MZ, None), ("phiW", 1.0, MZ, None), ("W", 1.0, MZ, None), ("Wtilde", 1.0, MZ, None),
    ("phiBtilde", 1.0, MZ, None), ("phiWtilde", 1.0, MZ, None), ("phiWtildeB", 1.0, MZ, None),
    # another matching scale (inputs given there)
    ("eB_22", 1.0, 150.0, None), ("eW_22", 1.0, 150.0, None), ("lequ3_2233", 1.0, 150.0, None),
    ("phiB", 1.0, 150.0, None), ("phiWB", 1.0, 150.0, None), ("phil1_22", 1.0, 150.0, None),
    # other matching inputs
    ("eB_22", 1.0, MZ, PARAMS), ("eW_22", 1.0, MZ, PARAMS), ("lequ3_2223", 1.0, MZ, PARAMS),
    ("phil3_22", 1.0, MZ, PARAMS), ("phiWB", 1.0, MZ, PARAMS), ("phiW", 1.0, MZ, PARAMS),
]


def _egamma(values, scale, order, params):
    w = wilson.Wilson(values, scale=scale, eft="SMEFT", basis="Warsaw")
    w.set_option("smeft_matching_order", order)
    w.set_option("smeft_matchingscale", scale)
    if params:
        w.set_option("parameters", params)
    d = w.match_run(scale, "WET", "JMS").dict
    return [[complex(d.get(f"egamma_{i}{j}", 0.0)) for j in (1, 2, 3)] for i in (1, 2, 3)]


def _linear(key, z, scale, order, params):
    plus = _egamma({key: C0 * z}, scale, order, params)
    minus = _egamma({key: -C0 * z}, scale, order, params)
    return [[(plus[i][j] - minus[i][j]) / (2 * C0) for j in range(3)] for i in range(3)]


def _c(z):
    return {"Re": z.real, "Im": z.imag}


def make_oracle():
    records = []
    for key, z, scale, params in POINTS:
        rec = {"key": key, "value": _c(complex(z)), "scale": scale, "parameters": params,
               "tree": [[_c(x) for x in row] for row in _linear(key, complex(z), scale, 0, params)],
               "one_loop": [[_c(x) for x in row] for row in _linear(key, complex(z), scale, 1, params)]}
        records.append(rec)
        print(key, scale, params is not None, rec["one_loop"][1][1], flush=True)
    OUT.write_text(json.dumps({
        "header": {
            "generator": "tests/data/make_wilson_1loop_matching.py",
            "reference": (f"wilson {wilson.__version__}: Wilson({{key: +-{C0} * value}}, scale, 'SMEFT', 'Warsaw'), "
                          "set_option('smeft_matching_order', 0 | 1), set_option('smeft_matchingscale', scale), "
                          "optional set_option('parameters', parameters); match_run(scale, 'WET', 'JMS')"),
            "content": ("egamma_ij (row i, column j; GeV^-1 per unit GeV^-2 of the input key times 'value'), "
                        "linear part (f(+C) - f(-C)) / 2C, for tree ('tree') and one-loop ('one_loop') matching"),
            "date": datetime.date.today().isoformat(),
        },
        "records": records}, indent=0))
    print("wrote", OUT)


def make_reference_copy():
    ref = json.loads(SHARED.read_text())
    recs = []
    for r in ref["records"]:
        recs.append({
            "id": r["id"], "note": r["note"], "input": r["input"],
            "egamma_tree": {k: v for k, v in r["wet"]["WET.JMS@91.1876"].items() if k.startswith("egamma")},
            "egamma_1loop": dict(r["wet_matching_1loop"]["WET.JMS@91.1876"]),
            "integrate_vs_precise_max_rel": r["checks"]["integrate_vs_precise_max_rel"],
        })
    OUT_REF.write_text(json.dumps({
        "source": ("Copied from the jaxalign project's shared reference /work/shared/reference/oracle_public.json "
                   "(computed with wilson 2.5.2 and flavio 2.7.1; see its README): per record the WCxf input, "
                   "wet['WET.JMS@91.1876'] egamma (tree-level matching of the 'integrate' SMEFT solution, rtol 1e-3), "
                   "wet_matching_1loop['WET.JMS@91.1876'] (egamma with one-loop matching) and "
                   "checks.integrate_vs_precise_max_rel; sm_inputs.ckm_used_for_wet_and_observables. "
                   "Not to be edited; regenerate with tests/data/make_wilson_1loop_matching.py."),
        "computed_with": ref["computed_with"],
        "low_scale": ref["low_scale"],
        "ckm_used_for_wet_and_observables": ref["sm_inputs"]["ckm_used_for_wet_and_observables"],
        "records": recs}, indent=0))
    print("wrote", OUT_REF)


if __name__ == "__main__":
    warnings.filterwarnings("ignore")
    make_reference_copy()
    make_oracle()
