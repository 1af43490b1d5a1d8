"""Complete-basis SMEFT running against wilson 2.5.2 (six points across all operator families).

Reference: tests/data/wilson_running_full.json (tests/data/make_wilson_running_full.py):

* ``unrotated_projected``: wilson's β̂ functions (black box) projected onto the symmetric
  subspace of every class and integrated with scipy DOP853 (rtol 1e-11) from the SM couplings
  wilson uses at the input scale, without the final flavour rotation. Same initial conditions as
  here, so this isolates the β functions and the ODE: agreement ≤ 1e-5 for every entry above
  1e-3 of the largest of its class (≤ 3e-7 except where C_dphi feeds in, see below).
* the shared reference points (tests/data/reference_points.json, ``integrate_precise`` and every
  further recorded coefficient), end to end with our own SM couplings at Λ: 1e-4 for the classes
  that wilson's two artefacts do not touch; and the SM couplings at Λ themselves.

Two wilson 2.5.2 artefacts are excluded (documented in jaxalign/smeft/betas/yukawa.py and in the
generator): its β(dphi) has a flavour-non-covariant C_quqd1 term (quqd1 is generated in running
from the four-quark classes, so C_dphi is skipped everywhere), and its ee array is evolved without
the Fierz symmetry, so wilson's generated ee_prst (p ≠ s) come out twice the Lagrangian value and
the classes fed by C_ee (le, eu, ed, qe, phie) inherit shifts; those are compared only in the
projected test. wilson's own end-to-end output (``output`` in the json) is kept for reference: the
artefacts shift ~1e-3 of the entries there (and its down-quark rotation through C_dphi).
"""

from __future__ import annotations

import json
import pathlib

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxalign.chain import coefficient_arrays
from jaxalign.inputs import load_inputs
from jaxalign.io.wcxf import parse_wcxf
from jaxalign.smeft.operators import D6_CLASSES, arrays_to_wcxf
from jaxalign.smeft.rge import evolve

DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "wilson_running_full.json"
REF = json.loads(DATA.read_text())
RECORDS = REF["records"]
SKIP_ALWAYS = ("dphi",)
SKIP_END_TO_END = ("dphi", "ee", "le", "eu", "ed", "qe", "phie")


def _dec(v):
    return np.asarray(v["Re"]) + 1j * np.asarray(v["Im"])


@pytest.fixture(scope="module")
def evolve_jit():
    return jax.jit(lambda y0, t0, t1: evolve(y0, t0, t1, rtol=1e-10, atol=1e-14))


@pytest.mark.slow  # ~30 s on 2 cores (rtol 1e-10 full-basis compile)
@pytest.mark.parametrize("rec", RECORDS, ids=lambda r: r["id"])
def test_running_agrees_with_projected_wilson_beta(evolve_jit, rec):
    wc = parse_wcxf(rec["input"])
    C = coefficient_arrays(wc)
    sm_in = {k: _dec(v) for k, v in rec["sm_input_scale"].items()}
    sm_in = {k: jnp.asarray(v.real if v.ndim == 0 else v) for k, v in sm_in.items()}
    y = evolve_jit({**sm_in, **C}, jnp.log(wc.scale), jnp.log(91.1876))
    by_class = {}
    for key, v in rec["unrotated_projected"].items():
        name, idx = key[:-1].split("[")
        idx = tuple(int(i) for i in idx.split(",")) if idx else ()
        by_class.setdefault(name, []).append((idx, complex(v["Re"], v["Im"])))
    n = 0
    for name, entries in by_class.items():
        if name in SKIP_ALWAYS:
            continue
        big = max(abs(z) for _, z in entries)
        for idx, z in entries:
            if abs(z) > 1e-3 * big:
                mine = complex(np.asarray(y[name])[idx])
                assert abs(mine - z) <= 1e-5 * abs(z), (name, idx, mine, z)
                n += 1
    assert n > 100


@pytest.fixture(scope="module")
def run_full(evolve_point_jit):
    sm = load_inputs("reference")
    f = evolve_point_jit

    def go(inp):
        wc = parse_wcxf(inp)
        y = f(coefficient_arrays(wc), wc.scale, 91.1876, sm, "integrate")
        return arrays_to_wcxf({k: np.asarray(y[k]) for k in D6_CLASSES}, drop_zero=False)

    return go


SHARED = json.loads((DATA.parent / "reference_points.json").read_text())["records"]


@pytest.mark.parametrize("rec", SHARED, ids=lambda r: r["id"])
def test_every_recorded_coefficient_of_the_shared_reference(run_full, rec):
    """The issue's criterion on the project's shared reference (integrate_precise plus all further
    recorded coefficients, 'smeft_ew_other_precise'): 1e-4 for every coefficient above 1e-3 of the
    largest of its class, end to end (our SM couplings at Λ, full running, rotation). Excluded:
    dphi and the classes fed by wilson's unsymmetrised C_ee (ee, le, eu, ed, qe, phie), see the
    module docstring; measured there: ee_1122 a factor 2, the others 1e-4 … 3e-2."""
    mine = run_full(rec["input"])
    vals = dict(rec["smeft_ew"]["integrate_precise"])
    vals.update(rec["smeft_ew_other_precise"])
    by_class = {}
    for k, v in vals.items():
        by_class.setdefault(k.split("_")[0], {})[k] = complex(v["Re"], v["Im"])
    n = 0
    for cls, vv in by_class.items():
        big = max(abs(z) for z in vv.values())
        if cls in SKIP_END_TO_END or big == 0:
            continue
        for k, z in vv.items():
            if abs(z) > 1e-3 * big:
                assert abs(mine[k] - z) <= 1e-4 * abs(z), (k, mine[k], z)
                n += 1
    assert n >= 3


def test_ee_counting_follows_the_lagrangian(run_full):
    """A flavour-universal penguin K Σ_ps (ē_p γ e_p)(ē_s γ e_s) gives ee_pppp = K and, for p < s,
    ee_ppss = 2K (O_ppss = O_sspp, L summed over all indices): ratio 2. Point P12 (lq1_2233)
    generates ee only through such penguins. wilson's reference has ratio 4 (its C_ee is not
    Fierz-symmetrised, and its WCxf conversion then double counts)."""
    rec = next(r for r in SHARED if r["id"] == "P12")
    mine = run_full(rec["input"])
    assert mine["ee_1133"] / mine["ee_1111"] == pytest.approx(2.0, rel=2e-3)
    ref = rec["smeft_ew_other_precise"]
    ref_ratio = ref["ee_1133"]["Re"] / complex(mine["ee_1111"]).real
    assert ref_ratio == pytest.approx(4.0, rel=1e-2)


@pytest.fixture(scope="module")
def sm_at_scale_jit():
    from jaxalign.smeft.rge import sm_at_scale

    return jax.jit(sm_at_scale)


@pytest.mark.slow  # ~30 s on 2 cores (its own sm_at_scale compile); end to end covered by the test above
@pytest.mark.parametrize("rec", RECORDS, ids=lambda r: r["id"])
def test_sm_couplings_at_the_input_scale(sm_at_scale_jit, rec):
    """Our SM couplings at Λ (sm_at_scale, every dimension-six correction of the extraction)
    against the ones wilson uses: ≤ 2e-5 at 1–2 TeV, growing to 5e-4 (Lambda, gs) at 10 TeV —
    the differences grow like the RG distance and do not depend on the coefficients, i.e. they
    come from the SM running itself (our ODE is solved at rtol 1e-8)."""
    sm = load_inputs("reference")
    wc = parse_wcxf(rec["input"])
    mine = sm_at_scale_jit(sm, coefficient_arrays(wc), wc.scale)
    tol = 5e-5 if wc.scale <= 2000 else 1e-3
    for k, v in rec["sm_input_scale"].items():
        z = _dec(v)
        assert np.max(np.abs(np.asarray(mine[k]) - z)) <= tol * np.max(np.abs(z)), k


def test_redundant_orderings_stay_symmetric(evolve_point_jit):
    """Classes with redundant index orderings (ll, qq1, ee, hermitian currents, …) keep their WCxf
    symmetries through the running (the β's are projected onto the symmetric subspace) and the
    final rotation to the Warsaw-down basis (one unitary per field, so it preserves them). Point F01
    (every operator family), through the session's compiled evolve_point."""
    from jaxalign.smeft.betas.common import project

    rec = next(r for r in RECORDS if r["id"] == "F01")
    wc = parse_wcxf(rec["input"])
    y = evolve_point_jit(coefficient_arrays(wc), wc.scale, 91.1876, load_inputs("reference"), "integrate")
    n = 0
    for k in D6_CLASSES:
        a = np.asarray(y[k])
        assert np.max(np.abs(np.asarray(project(k, a)) - a)) <= 1e-14 * (np.max(np.abs(a)) + 1e-300), k
        n += int(np.any(a != 0))
    assert n > 40  # F01 populates most classes, so the check is not vacuous


@pytest.mark.slow
def test_gradient_of_a_low_scale_coefficient_wrt_all_inputs():
    """d Re C_eB,22(m_Z)/d C(Λ) by reverse mode through the full running (all 2499 inputs at once),
    against central differences along three random directions in the full coefficient space.

    Reverse mode with ``adjoint="backsolve"`` (compiles in minutes): with the default checkpointed
    adjoint the same gradient took > 35 min to compile on the 2-core CI machine (session 9), which
    made ``make test-slow`` run over an hour; the checkpointed adjoint (reverse mode through the
    dipole-sector state) is checked against finite differences in
    tests/test_chain_cli.py::test_gradient_of_whole_chain."""
    from jaxalign.smeft.rge import run_smeft

    sm = load_inputs("reference")
    rng = np.random.default_rng(1)
    base = {k: jnp.zeros_like(v) for k, v in coefficient_arrays(parse_wcxf(RECORDS[0]["input"])).items()}
    base["lequ3"] = base["lequ3"].at[1, 1, 2, 2].set(1e-8)

    def f(C):
        y = run_smeft(C, 2000.0, 91.1876, sm, adjoint="backsolve")
        return jnp.real(y["eB"][1, 1]) * 1e12

    g = jax.jit(jax.grad(f))(base)
    jf = jax.jit(f)
    for _ in range(3):
        # a small direction: random entries in every class also rotate the charged-lepton basis
        # (ephi, LFV), which is strongly non-linear for entries ~1e-9 GeV⁻²
        d = {k: jnp.asarray(project_like(k, rng, v)) * 1e-12 for k, v in base.items()}
        h = 1.0
        fd = (jf({k: base[k] + h * d[k] for k in base}) - jf({k: base[k] - h * d[k] for k in base})) / (2 * h)
        # JAX: grad of a real f w.r.t. z = x + iy is ∂f/∂x − i ∂f/∂y, so df = Re Σ g·d
        ad = sum(float(jnp.real(jnp.sum(g[k] * d[k]))) for k in base)
        # FD noise: the step changes f by ~4e-4 of its value and the adaptive ODE (rtol 1e-8) and the
        # SM extraction are accurate to ~1e-8 of f, i.e. a few 1e-5 of the difference
        assert ad == pytest.approx(float(fd), rel=3e-4)


def project_like(k, rng, v):
    from jaxalign.smeft.betas.common import project

    x = rng.normal(size=v.shape) + (1j * rng.normal(size=v.shape) if jnp.iscomplexobj(v) else 0)
    return np.asarray(project(k, x))
