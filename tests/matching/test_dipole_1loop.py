"""One-loop SMEFT → WET matching of the lepton photon dipole (jaxalign.matching.dipole_1loop).

References (made by tests/data/make_wilson_1loop_matching.py; the tests never read /work/shared):

* tests/data/wilson_matching_1loop.json — wilson 2.5.2 as a black box, ``smeft_matching_order`` 1
  (Dekens & Stoffer, arXiv:1908.05295, as implemented there) and 0, single coefficients given at
  the matching scale (no running), linear part (f(C) − f(−C))/2C of all nine egamma_ij;
* tests/data/reference_matching_1loop.json — the ``wet_matching_1loop`` egamma of the shared
  reference records (1 TeV inputs run with wilson's loose 'integrate' solution, rtol 1e-3).
"""

from __future__ import annotations

import json
import pathlib

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from jax.test_util import check_grads

from jaxalign.chain import coefficient_arrays
from jaxalign.inputs import load_inputs
from jaxalign.inputs.sm import delta_from_gamma
from jaxalign.io.wcxf import parse_wcxf
from jaxalign.matching.dipole_1loop import egamma_1loop, egamma_1loop_parts
from jaxalign.matching.smeft_to_wet import egamma_tree
from jaxalign.smeft.flavour_basis import to_warsaw_down
from jaxalign.smeft.operators import wcxf_to_arrays
from jaxalign.smeft.sm_couplings import ckm_standard, sm_couplings_ew, vev_from_gf

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"
ORACLE = json.loads((DATA / "wilson_matching_1loop.json").read_text())["records"]
REFERENCE = json.loads((DATA / "reference_matching_1loop.json").read_text())

C_UNIT = 1e-9  # GeV^-2: size of the single coefficient (jaxalign is linear in it)


def _c(v):
    return complex(v["Re"], v["Im"]) if isinstance(v, dict) else complex(v)


def _matrix(rows):
    return np.array([[_c(x) for x in row] for row in rows])


def _egamma_block(block):
    return np.array([[_c(block[f"egamma_{i}{j}"]) for j in (1, 2, 3)] for i in (1, 2, 3)])


@pytest.fixture(scope="module")
def sm():
    return load_inputs("reference")


def _with_params(sm, params):
    """SMInputs with wilson's ``parameters`` option applied to the matching inputs."""
    if not params:
        return sm
    mapping = {"alpha_e": "match_alpha_e", "m_W": "match_m_W", "GF": "GF"}
    for k, v in params.items():
        sm = eqx.tree_at(lambda s, f=mapping[k]: getattr(s, f), sm, jnp.asarray(float(v)))
    return sm


def _state(values, sm):
    """SMEFT state at m_Z in the Warsaw-down basis from WCxf values given there (no running)."""
    C = {k: jnp.asarray(v) for k, v in wcxf_to_arrays(values).items()}
    return to_warsaw_down({**sm_couplings_ew(sm, C), **C}, vev_from_gf(sm.GF))


def _oracle_id(rec):
    extra = "" if rec["scale"] == 91.1876 else f"@{rec['scale']:g}"
    return rec["key"] + extra + ("+params" if rec["parameters"] else "")


# ---------------------------------------------------------------------------------------------
# (1) single operators against wilson's one-loop matching
# ---------------------------------------------------------------------------------------------

TOL_ORACLE = 1e-6


@pytest.mark.parametrize("rec", ORACLE, ids=_oracle_id)
def test_single_operator_vs_wilson(sm, rec):
    """Every coefficient that contributes to egamma at one loop, one at a time, all nine entries.

    Reached: ≤ 2e-8 relative for every contribution, ≤ 1e-13 for the C_eB, C_eW and C_lequ3 ones
    (the residual of the m_ℓ-proportional terms is the 1e-8 difference between jaxalign's lepton
    masses and wilson's); the loop part alone is tested at 1e-6 of its largest entry. Keys without
    a one-loop contribution (lequ3 with a charm, lequ1, ledq, ephi, le, lq1) must give exactly the
    tree result in both codes.
    """
    sm_ = _with_params(sm, rec["parameters"])
    z = _c(rec["value"])
    y = _state({rec["key"]: C_UNIT * z}, sm_)
    mine_tree = np.asarray(egamma_tree(y, sm_)) / C_UNIT
    mine = np.asarray(egamma_1loop(y, sm_, mu=rec["scale"])) / C_UNIT
    ref_tree, ref = _matrix(rec["tree"]), _matrix(rec["one_loop"])

    tree_scale = max(np.max(np.abs(ref_tree)), 1e-30)
    np.testing.assert_allclose(mine_tree, ref_tree, rtol=0, atol=1e-9 * tree_scale)
    loop_ref, loop_mine = ref - ref_tree, mine - mine_tree
    big = np.max(np.abs(loop_ref))
    if big < 1e-12 * max(np.max(np.abs(ref_tree)), 1.0):  # no one-loop contribution
        assert np.max(np.abs(loop_mine)) <= 1e-12 * max(np.max(np.abs(ref_tree)), 1.0)
        return
    dev = np.max(np.abs(loop_mine - loop_ref)) / big
    assert dev < TOL_ORACLE, f"{rec['key']}: loop part deviates by {dev:.2e} of its largest entry"
    tot = np.max(np.abs(mine - ref)) / np.max(np.abs(ref))
    assert tot < TOL_ORACLE


def test_oracle_covers_all_contributing_classes():
    classes = {r["key"].split("_")[0] for r in ORACLE}
    assert {"eB", "eW", "lequ3", "phil1", "phil3", "phie", "ll", "phiD", "phiWB", "phiB", "phiW", "W",
            "Wtilde", "phiBtilde", "phiWtilde", "phiWtildeB"} <= classes


def test_parts_sum_and_jit(sm):
    y = _state({"eB_22": 1e-9, "lequ3_2233": 2e-8, "phil1_22": 3e-9, "phiWB": 1e-9, "ll_1221": 1e-9}, sm)
    parts = egamma_1loop_parts(y, sm)
    total = egamma_1loop(y, sm)
    np.testing.assert_allclose(sum(parts.values()), total, rtol=1e-14, atol=0)
    np.testing.assert_allclose(jax.jit(egamma_1loop)(y, sm), total, rtol=1e-12, atol=0)
    np.testing.assert_allclose(parts["tree"], egamma_tree(y, sm), rtol=1e-14, atol=0)


# ---------------------------------------------------------------------------------------------
# (2) the shared reference records: jaxalign running + one-loop matching
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def run(sm, evolve_point_jit):
    f = evolve_point_jit

    def go(inp):
        wc = parse_wcxf(inp)
        return f(coefficient_arrays(wc), wc.scale, 91.1876, sm, "integrate")

    return go


def _reference_ckm():
    ck = REFERENCE["ckm_used_for_wet_and_observables"]
    delta = delta_from_gamma(ck["Vus"], ck["Vub"], ck["Vcb"], ck["gamma"])
    return ckm_standard(ck["Vus"], ck["Vub"], ck["Vcb"], delta)


@pytest.mark.slow  # compiles the full-basis running (~2 min on 2 cores); the chain test in tests/test_chain_cli.py covers 1-loop observables by default
@pytest.mark.parametrize("rec", REFERENCE["records"], ids=lambda r: r["id"])
def test_reference_records(sm, run, rec):
    """``wet_matching_1loop`` egamma_ij of the reference records (1 TeV, run to m_Z).

    The reference evaluates the top-loop term with the CKM matrix of its WET inputs
    (``ckm_used_for_wet_and_observables``), which we pass explicitly (with the state's own CKM,
    jaxalign's default, the records with flavour-changing quark currents, P07–P09, differ by
    2e-3 – 1.3e-2 through V_ts). The deviation is measured relative to max(|one-loop|, |tree|) of the
    reference entry: where the one-loop terms cancel most of the tree value (P06 egamma_22 87 %,
    P09 egamma_33 88 %) the ~1e-5 error of the reference's rtol-1e-3 running of the induced
    coefficients is magnified in the relative deviation of the sum (6e-5 and 2e-4 relative to the
    one-loop value). Reached: ≤ 2.4e-5 for every entry above 1e-3 of the largest (≤ 3e-6 except
    P06, P09), ≤ 2.2e-4 for the smaller flavour-diagonal entries generated by running (P06).
    Entries below 1e-11 of the largest are O(C²) pieces of LFV inputs (P10, P11: "LFV inputs
    produce small quadratic flavour-diagonal pieces"), outside a linear matching, and are skipped.
    """
    ref = _egamma_block(rec["egamma_1loop"])
    ref_tree = _egamma_block(rec["egamma_tree"])
    mine = np.asarray(egamma_1loop(run(rec["input"]), sm, ckm=_reference_ckm()))
    big = np.max(np.abs(ref))
    if big == 0:
        assert np.max(np.abs(mine)) < 1e-25
        return
    for i in range(3):
        for j in range(3):
            r, m = ref[i, j], mine[i, j]
            if abs(r) > 1e-3 * big:
                tol = 1e-4
            elif abs(r) > 1e-11 * big:
                tol = 1e-3
            else:
                continue
            dev = abs(m - r) / max(abs(r), abs(ref_tree[i, j]))
            assert dev < tol, f"egamma_{i + 1}{j + 1}: {m} vs {r} (dev {dev:.2e})"


# ---------------------------------------------------------------------------------------------
# (3) gradients
# ---------------------------------------------------------------------------------------------

def test_scaled_gradients(sm):
    """check_grads (order 1, forward and reverse) of egamma_1loop in the coefficients (scaled to
    O(1): C = 1e-8 x, output × 1e8) and in (μ, m_t, m_h, α) around the reference values."""
    base = _state({}, sm)
    keys2 = ("eB", "eW", "phil1", "phil3", "phie")

    def coeffs(x):
        C = dict(base)
        for n, k in enumerate(keys2):
            C[k] = 1e-8 * (x[2 * n] + 1j * x[2 * n + 1]) * jnp.eye(3).at[0, 1].set(0.3)
        z4 = jnp.zeros((3, 3, 3, 3), complex)
        C["lequ3"] = 1e-8 * z4.at[1, 1, 2, 2].set(x[10] + 1j * x[11]).at[1, 1, 1, 2].set(x[12])
        C["ll"] = 1e-8 * z4.at[0, 1, 1, 0].set(x[13]).at[1, 0, 0, 1].set(x[13])
        for n, k in enumerate(("phiD", "phiWB", "phiB", "phiW", "W", "phiWtildeB")):
            C[k] = 1e-8 * (x[14 + n] + 0j)
        return C

    def f(x):
        eg = 1e8 * egamma_1loop(coeffs(x), sm)
        return jnp.concatenate([jnp.real(eg).ravel(), jnp.imag(eg).ravel()])

    x0 = jnp.linspace(-1.0, 1.3, 20)
    check_grads(f, (x0,), order=1, modes=("fwd", "rev"), eps=1e-3)

    y = coeffs(x0)

    def g(t):
        s = eqx.tree_at(lambda s: s.match_alpha_e, sm, sm.match_alpha_e * t[3])
        eg = 1e8 * egamma_1loop(y, s, mu=91.1876 * t[0], m_t=173.0 * t[1], m_h=125.0 * t[2])
        return jnp.concatenate([jnp.real(eg).ravel(), jnp.imag(eg).ravel()])

    check_grads(g, (jnp.array([1.0, 1.0, 1.0, 1.0]),), order=1, modes=("fwd", "rev"), eps=1e-4)


# ---------------------------------------------------------------------------------------------
# (4) "the one-loop matching moves Δa_μ from the tensor operator by 13–27 %"
# ---------------------------------------------------------------------------------------------

@pytest.mark.slow  # ~50 s on 2 cores (runs at four scales); run by `make test-slow`
def test_tensor_operator_shift(run, sm):
    """C_lequ3,2233 (top): Δa_μ ∝ Re egamma_22 with one-loop matching is lower than at tree level
    by 26.6 % for Λ = 1 TeV (reference record P01, and jaxalign) and by 13.1 % for Λ = 10 TeV
    (jaxalign): the quoted 13–27 % is the range Λ = 1–10 TeV; the shift is the finite top loop
    −(N_c Q_t e m_t/4π²) ln(μ²/m_t²) C (plus ~2 % from the one-loop corrections of the induced
    C_eB, C_eW). With a charm (lequ3_2222) only those corrections remain (+2.4 %)."""
    p01 = next(r for r in REFERENCE["records"] if r["id"] == "P01")
    ratio_ref = (_c(p01["egamma_1loop"]["egamma_22"]) / _c(p01["egamma_tree"]["egamma_22"])).real
    assert 0.26 < 1.0 - ratio_ref < 0.27

    def shift(scale, key="lequ3_2233"):
        y = run({"eft": "SMEFT", "basis": "Warsaw", "scale": scale, "values": {key: 1e-8}})
        return 1.0 - float((egamma_1loop(y, sm)[1, 1] / egamma_tree(y, sm)[1, 1]).real)

    s1, s3, s10 = shift(1000.0), shift(3000.0), shift(10000.0)
    assert abs(s1 - (1.0 - ratio_ref)) < 1e-4
    assert 0.26 < s1 < 0.27 and 0.125 < s10 < 0.135 and s10 < s3 < s1
    assert -0.03 < shift(1000.0, "lequ3_2222") < -0.02
