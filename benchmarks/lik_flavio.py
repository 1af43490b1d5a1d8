"""Item 2, flavio side: Δa_μ and BR(μ→eγ) of the common test case (wilson/flavio venv, fresh process).

Per point a fresh ``wilson.Wilson`` (SMEFT Warsaw at Λ = 1.5 TeV; wilson caches per instance) and
``flavio.np_prediction`` — running with wilson's default ``smeft_accuracy='integrate'`` (RK45, rtol
1e-3), matching, WET running, observable:

* ``a_mu``: ``np_prediction('a_mu', w)`` on a fresh point;
* ``BR(mu->egamma)``: the same for BR(μ→eγ);
* ``both``: both on one fresh point (the second reuses the point's cached running) = the cost of
  the likelihood value per point (no gradient; finite differences would need ≥ 2·4+1 of these).

Usage: python lik_flavio.py OUT.json
"""
import os, sys, time, warnings
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as cm

OUT = cm.out_path()
warnings.filterwarnings("ignore")
t0 = time.perf_counter()
import flavio
from wilson import Wilson
t_import = time.perf_counter() - t0

vals = dict(zip(cm.PARAMS, cm.TEST_POINT))


def point():
    return Wilson(vals, scale=cm.TEST_SCALE, eft="SMEFT", basis="Warsaw")


def both():
    w = point()
    return flavio.np_prediction("a_mu", w), flavio.np_prediction("BR(mu->egamma)", w)


first, steady = {}, {}
first["a_mu"], amu = cm.first_call(lambda: flavio.np_prediction("a_mu", point()))
first["BR(mu->egamma)"], br = cm.first_call(lambda: flavio.np_prediction("BR(mu->egamma)", point()))
steady["a_mu"] = cm.timeit(lambda: flavio.np_prediction("a_mu", point()), n=7, max_s=20)
steady["BR(mu->egamma)"] = cm.timeit(lambda: flavio.np_prediction("BR(mu->egamma)", point()), n=7, max_s=20)
steady["both"] = cm.timeit(both, n=7, max_s=20)
amu_sm = flavio.sm_prediction("a_mu")
damu = amu - amu_sm
nll = 0.5 * ((damu - cm.DAMU[0]) / cm.DAMU[1]) ** 2 + 0.5 * (br / cm.MEG_SIGMA) ** 2
nll_sm = 0.5 * (cm.DAMU[0] / cm.DAMU[1]) ** 2

import importlib.metadata as md
cm.write_json(OUT, {
    "tool": "flavio", "versions": {p: md.version(p) for p in ("flavio", "wilson", "particle", "scipy", "numpy")},
    "import_s": t_import, "first_call_s": first, "steady_s": steady,
    "predictions": {"Delta_a_mu": damu, "BR(mu->egamma)": br, "a_mu_SM": amu_sm},
    "checks": {"nll(x) from flavio predictions": nll, "nll(SM)": nll_sm}, "mem_MiB": {"peak": cm.peak_rss_mib()}})
