"""Item 1, wilson side: one SMEFT point 1 TeV → m_Z (run in the wilson/flavio venv, fresh process).

Timed (each with a fresh ``wilson.Wilson`` object, since wilson caches results per instance):

* ``match_run_integrate``: ``Wilson(...).match_run(91.1876, 'SMEFT', 'Warsaw')`` with
  ``smeft_accuracy='integrate'`` set explicitly (SciPy RK45, wilson's default rtol 1e-3; includes
  the determination of the SM couplings at Λ, the run of the full basis and the rotation back);
* ``match_run_leadinglog``: the same with ``smeft_accuracy='leadinglog'``;
* ``smpar_at_scale_in``: ``wilson.run.smeft.SMEFT(wc)`` construction = the SM couplings at Λ;
* ``ode_only_default``: ``SMEFT._rgevolve(91.1876)`` on a prepared instance (the ODE alone);
* ``ode_only_precise``: the same with DOP853, rtol 1e-10 (the accuracy of jaxalign's default
  and of the reference ``integrate_precise`` values).

wilson's SM couplings at Λ are written to SM_IN.json if given, so that jaxalign's ODE can be
compared from identical initial conditions.

Usage: python rg_wilson.py OUT.json [SM_IN.json]
"""
import os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as cm

OUT = cm.out_path()
SM_OUT = sys.argv[2] if len(sys.argv) > 2 else None  # optional: dump wilson's SM couplings at Λ here
t0 = time.perf_counter()
import numpy as np
import wilson
from wilson import Wilson, wcxf
from wilson.run.smeft import SMEFT
from wilson.util import smeftutil
t_import = time.perf_counter() - t0

PRECISE = dict(method="DOP853", rtol=1e-10, atol=1e-20)
values = {k: (complex(v["Re"], v["Im"]) if isinstance(v, dict) else v) for k, v in cm.RG_VALUES.items()}


def wc_in():
    return wcxf.WC("SMEFT", "Warsaw", cm.RG_SCALE_IN, wcxf.WC.dict2values(values))


def match_run(acc):
    w = Wilson(values, scale=cm.RG_SCALE_IN, eft="SMEFT", basis="Warsaw")
    w.set_option("smeft_accuracy", acc)
    return w.match_run(cm.RG_SCALE_OUT, "SMEFT", "Warsaw")


first, steady, coeffs = {}, {}, {}
for acc in ("integrate", "leadinglog"):
    first[f"match_run_{acc}"], r = cm.first_call(lambda: match_run(acc))
    coeffs[acc] = r.dict
    steady[f"match_run_{acc}"] = cm.timeit(lambda: match_run(acc), n=7, max_s=30)

first["smpar_at_scale_in"], smeft = cm.first_call(lambda: SMEFT(wc_in()))
steady["smpar_at_scale_in"] = cm.timeit(lambda: SMEFT(wc_in()), n=7, max_s=20)
first["ode_only_default"], _ = cm.first_call(lambda: smeft._rgevolve(cm.RG_SCALE_OUT))
steady["ode_only_default"] = cm.timeit(lambda: smeft._rgevolve(cm.RG_SCALE_OUT), n=7, max_s=20)
first["ode_only_precise"], C_prec = cm.first_call(lambda: smeft._rgevolve(cm.RG_SCALE_OUT, **PRECISE))
steady["ode_only_precise"] = cm.timeit(lambda: smeft._rgevolve(cm.RG_SCALE_OUT, **PRECISE), n=3, max_s=60)
coeffs["integrate_precise"] = smeft._to_wcxf(C_prec, cm.RG_SCALE_OUT).dict


def pick(d):
    out = {}
    for k in cm.RG_COMPARE:
        v = d.get(k, 0.0)
        z = complex(v["Re"], v.get("Im", 0.0)) if isinstance(v, dict) else complex(v)
        out[k] = [z.real, z.imag]
    return out


if SM_OUT:  # wilson's SM couplings at Λ, for jaxalign's ODE from identical initial conditions
    import json
    sm_keys = ("g", "gp", "gs", "Lambda", "m2", "Gu", "Gd", "Ge")
    with open(SM_OUT, "w") as f:
        json.dump({k: [np.real(smeft.C_in[k]).tolist(), np.imag(smeft.C_in[k]).tolist()] for k in sm_keys}, f)

import importlib.metadata as md
cm.write_json(OUT, {
    "tool": "wilson", "versions": {p: md.version(p) for p in ("wilson", "scipy", "numpy")},
    "import_s": t_import, "first_call_s": first, "steady_s": steady,
    "n_state_real": int(2 * len(smeftutil.C_dict2array(smeft.C_in))),
    "coefficients": {k: pick(v) for k, v in coeffs.items()}, "mem_MiB": {"peak": cm.peak_rss_mib()}})
