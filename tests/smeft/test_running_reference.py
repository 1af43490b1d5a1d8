"""SMEFT running (dipole sector) against the reference numbers of wilson 2.5.2.

Reference: tests/data/reference_points.json (the project's shared reference, 'integrate_precise' =
DOP853 rtol 1e-10) and tests/data/wilson_running_dipole.json (extra complex / LFV / other-scale points
made with tests/data/make_wilson_running_reference.py). Criterion of the issue: every dipole-sector
coefficient above 1e-3 of the largest of its kind (same operator class) in the point agrees to
better than 1 %; we reach ≤ 6e-5 at 1–3 TeV, 1.9e-4 at 5 TeV (C05) and 5.2e-4 at 10 TeV (C02); test at
1e-3 (docs/validation.md has the table).
"""

import json
import pathlib

import numpy as np
import pytest

from jaxalign.chain import coefficient_arrays
from jaxalign.inputs import load_inputs
from jaxalign.io.wcxf import parse_wcxf
from jaxalign.smeft.operators import DIPOLE_SECTOR, arrays_to_wcxf

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"
REF = json.loads((DATA / "reference_points.json").read_text())
EXTRA_FILE = DATA / "wilson_running_dipole.json"
EXTRA = json.loads(EXTRA_FILE.read_text()) if EXTRA_FILE.exists() else {"records": []}
TOL = 1e-3  # the issue asks for 1e-2; we reach 5e-4 at worst (10 TeV, see docs/validation.md)


def _dipole_inputs(records):
    out = []
    for r in records:
        if all(k.split("_")[0] in DIPOLE_SECTOR for k in r["input"]["values"]):
            out.append(r)
    return out


REF_POINTS = _dipole_inputs(REF["records"])


@pytest.fixture(scope="module")
def sm():
    return load_inputs("reference")


@pytest.fixture(scope="module")
def run(sm, evolve_point_jit):
    f = evolve_point_jit

    def go(inp, accuracy="integrate"):
        wc = parse_wcxf(inp)
        y = f(coefficient_arrays(wc), wc.scale, 91.1876, sm, accuracy)
        return arrays_to_wcxf({k: np.asarray(y[k]) for k in DIPOLE_SECTOR}, drop_zero=False)

    return go


def _compare(mine, ref, tol, report=None):
    worst = 0.0
    classes = {}
    for k, v in ref.items():
        if k.split("_")[0] in DIPOLE_SECTOR:
            classes.setdefault(k.split("_")[0], {})[k] = complex(v["Re"], v["Im"])
    n = 0
    for cls, vals in classes.items():
        big = max(abs(z) for z in vals.values())
        for k, z in vals.items():
            if big > 0 and abs(z) > 1e-3 * big:
                d = abs(mine.get(k, 0.0) - z) / abs(z)
                worst = max(worst, d)
                n += 1
                assert d < tol, f"{k}: jaxalign {mine.get(k, 0.0)} vs reference {z} (rel {d:.2e})"
    assert n > 0
    print(f"worst relative deviation {worst:.2e} over {n} coefficients")
    return worst


def test_reference_points_present():
    ids = {r["id"] for r in REF_POINTS}
    assert {"P01", "P02", "P03", "P04", "P05", "P06", "P10", "P11"} <= ids


@pytest.mark.parametrize("rec", REF_POINTS, ids=lambda r: r["id"])
def test_integrate_precise(run, rec):
    _compare(run(rec["input"]), rec["smeft_ew"]["integrate_precise"], TOL)


@pytest.mark.parametrize("rec", EXTRA["records"], ids=lambda r: r["id"])
def test_complex_lfv_and_other_scales(run, rec):
    """Complex inputs that shift the lepton-mass phases (output rephased in the mass basis), CP and
    LFV entries, scales 1–10 TeV."""
    _compare(run(rec["input"]), rec["output"], TOL)


@pytest.mark.slow  # ~45 s on 2 cores (the leading-log program's own compile); the default suite
# checks the leading log against ALIGN eqs. 3.14–3.17 (test_leading_log_align.py)
@pytest.mark.parametrize("rec", REF_POINTS, ids=lambda r: r["id"])
def test_leading_log(run, rec):
    """Our leading log against the reference leading log (β evaluated once at Λ, SM included):
    the same approximation, so it must agree to ~1e-5 where it is non-zero."""
    mine = run(rec["input"], "leadinglog")
    ref = rec["smeft_ew"]["leadinglog"]
    for k, v in ref.items():
        z = complex(v["Re"], v["Im"])
        if abs(z) > 0 and k.split("_")[0] in DIPOLE_SECTOR:
            big = max(abs(complex(w["Re"], w["Im"])) for kk, w in ref.items() if kk.split("_")[0] == k.split("_")[0])
            if abs(z) > 1e-3 * big:
                assert abs(mine[k] - z) / abs(z) < 1e-4, k
