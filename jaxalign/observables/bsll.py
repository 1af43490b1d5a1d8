r"""b → sμμ observables: BR(B_s → μμ), R_K(*), C9/C10 pseudo-observables and B_s mixing.

A *reduced, documented* treatment of the b → sℓℓ sector for the global fit (PHYSICS.md §3, §8).
Everything is a pure JAX function of the SMEFT state at m_Z (jit/grad/vmap-safe, float64).

Chain
-----
:func:`bs_wet_at_mb` does what :func:`jaxalign.chain.run_wcxf_wet` does for the ``sb`` sector:
SMEFT (Warsaw-down basis, m_Z) → :func:`~jaxalign.matching.smeft_to_wet.match_tree` →
:func:`~jaxalign.wet.running.initial_state` → :func:`~jaxalign.wet.running.run_wet` (one-loop
QCD+QED, ``jms`` scheme) → :func:`~jaxalign.wet.flavio_basis.sb_sector` at μ_b = 4.8 GeV, and
returns the new-physics coefficients of flavio's ``sb`` basis (``C7_bs``, ``C9_bsmumu``, …; the SM
is *not* included, normalisation ``4G_F/√2 V_tb V_ts* e²/16π²`` with e at μ_b). It adds the
ΔB = 2 coefficient ``CVLL_bsbs`` of ``L ⊃ C (s̄ γ_μ P_L b)(s̄ γ^μ P_L b)`` (GeV⁻²): at tree level
``VddLL_2323(m_Z) = C_qq1,2323 + C_qq3,2323`` (the all-down component of the two SU(2) structures;
both with coefficient +1, checked against wilson 2.5.2's ``match_run`` as a black box: 1e-10 of
either key gives ``VddLL_2323`` = 1.000e-10), run to μ_b at leading order,
``C(μ_b) = C(m_Z) [α_s(μ_b)/α_s(m_Z)]^(−6/23)`` (γ⁽⁰⁾ = 4 of the VLL operator; α_s from the WET
state). :func:`~jaxalign.matching.smeft_to_wet.match_tree` has no ΔF = 2 classes, hence this
addition here. Z-exchange contributions to ΔB = 2 are O(C²) and omitted.

Observables (``SM + NP`` like flavio's ``np_prediction``; registry :data:`BSLL_OBSERVABLES`)
---------------------------------------------------------------------------------------
* ``BR(Bs->mumu)`` — time-integrated branching ratio [De Bruyn et al., arXiv:1204.1737;
  Bobeth et al., arXiv:1311.0903]::

      BR = τ_Bs G_F² α²/(16π³) |λ_t|² f_Bs² m_Bs m_μ² β (|P|² + |S|²) · (1 + A_ΔΓ y_s)/(1 − y_s²),
      P = C10^SM + C10 − C10' + (m_Bs²/2m_μ) m_b/(m_b+m_s) (C_P − C_P'),
      S = β (m_Bs²/2m_μ) m_b/(m_b+m_s) (C_S − C_S'),      β = √(1 − 4m_μ²/m_Bs²),
      A_ΔΓ = Re(P² − S²)/(|P|² + |S|²)   (no new CP phase in B_s mixing).

  The operators O_S, O_P carry m_b (flavio convention), hence m_b/(m_b+m_s) (scale independent,
  taken from the MSbar masses at m_Z of the SM inputs). α = α_e(μ_b) at one loop
  (:func:`jaxalign.wet.qed.alpha_e`), the same α as in the normalisation of the NP coefficients,
  so that α·C^NP is scheme independent. C10^SM is flavio 2.7.1's value (black box, see
  ``bsll_parameters.yaml``); f_Bs, τ_Bs = 1/Γ_s, m_Bs, y_s from ``bsll_parameters.yaml``; λ_t, G_F,
  m_μ from the SM inputs. The SM value, 3.657e-9 with the 'reference' inputs, is 0.8 % above
  flavio's 3.629e-9 (CKM, f_Bs, τ_Bs differ); NP/SM ratios agree with flavio exactly for C10, C10'
  (same C10^SM) and to ≤ 7.5e-4 for the scalar operators. Theory uncertainty: the relative error
  of the SM prediction of Czaja and Misiak (arXiv:2407.03810), 0.12/3.64.
* ``<Rmue>(B+->Kll)[q²min,q²max]``, ``<Rmue>(B0->K*ll)[…]`` — μ/e ratios of the bin-integrated
  rates in the bins [1.1, 6.0] and [0.1, 1.1] GeV² (K and K*) and [0.045, 1.1] GeV² (K*).
  **Reduced treatment**: every binned rate ``<dBR/dq²>(B → K(*) ℓℓ)`` of flavio 2.7.1 (central
  values of its hadronic inputs) is an exact quadratic polynomial in the 20 real variables
  Re/Im of ``C7_bs, C7p_bs, C9, C10, C9p, C10p, CS, CP, CSp, CPp`` (of lepton ℓ), since it is a
  bilinear form in the decay amplitudes, which are linear in the coefficients. The polynomial
  coefficients were determined by least squares on flavio evaluated as a black box on a design of
  381 points (``tests/data/make_flavio_bsll.py``; exact interpolation design plus random points)
  and are read at run time from ``data/inputs/bsll_flavio_rates.json``; the fit and the held-out
  residuals are stored there (typically ≤ 1e-6 relative, at most 4.5e-5 for B0 → K*ee in
  [0.045, 1.1]: flavio's numerical q² integration is not exactly polynomial). The ratio is
  ``R = rate_μ/rate_e``; at zero NP it reproduces flavio's SM ratio to ≤ 2e-7. Not
  included: C8 and four-quark operators (tree-level SMEFT produces C8 only from C_dG; four-quark
  operators enter the rates at one loop), hadronic-parameter uncertainties of NP terms, QED
  corrections beyond flavio. The theory uncertainty is flavio's ``sm_uncertainty`` of the ratio
  (100 samples, stored in the JSON): 6e-5 (R_K[1.1,6]), 5e-5 (R_K[0.1,1.1]), 5.5e-4
  (R_K*[1.1,6]), 4.4e-3 (R_K*[0.045,1.1]), 8e-4 (R_K*[0.1,1.1]). It does not contain QED
  corrections, which with the LHCb cuts reach a few per cent but are corrected for by the
  experiments' simulation (Bordone, Isidori, Pattori, arXiv:1605.07633); the experimental errors
  (≥ 4 %) dominate in any case.
* ``C9_bsmumu``, ``C10_bsmumu`` — the real parts of the NP coefficients at μ_b (pseudo-
  observables for a published C9/C10 fit Gaussian), SM value 0.
* ``DeltaMs_ratio`` = ΔM_s/ΔM_s^SM = |1 + C_VLL^NP/C_VLL^SM| with, at leading order,
  ``C_VLL^SM(μ) = −(G_F² m_W²/4π²) λ_t² S0(x_t) [α_s(μ)/α_s(μ_W)]^(−6/23)`` [Inami–Lim 1981 for S0;
  Buras, Jamin, Weisz 1990 for the normalisation of the ΔB = 2 Hamiltonian],
  λ_t = V_tb V_ts*, x_t = m_t(m_t)²/m_W², μ_W = m_Z; ``S0(x) = [4x − 11x² + x³]/[4(1−x)²] −
  3x³ ln x/[2(1−x)³]``. The hadronic matrix element cancels in the ratio. Sign: positive real
  ``C_qq1,2323`` reduces ΔM_s (C_VLL^SM < 0 since λ_t² > 0), as in flavio. Missing: NLO QCD
  (η_B vs. its LO value, ~4 %), NLO running of the NP coefficient, BSM operators other than VLL.
  ``DeltaM_s`` (ps⁻¹) = ratio × ΔM_s^SM of ``bsll_parameters.yaml``; theory uncertainty the
  symmetrised error of that SM value (King, Lenz, Rauh, arXiv:1904.00940: +1.2/−1.5 → 1.35 ps⁻¹),
  for the ratio 1.35/18.5. Against flavio (NLO) the NP shift of the ratio agrees to ~1 %.

How this differs from smelli
----------------------------
The MUOQ fit (smelli) used ~400 observables: all b → sμμ angular observables and branching ratios
with flavio's full hadronic-uncertainty covariance, plus R_K(*), B_s → μμ, B_s mixing, etc. Here
only the clean ratios, BR(B_s → μμ), ΔM_s and (optionally) a published C9/C10 fit of the non-clean
b → sμμ data enter; the NP dependence of each observable is evaluated at the central values of
the hadronic inputs, and the theory uncertainty is a fixed SM value per observable.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from ..errors import DataError, JaxalignError, suggest
from ..inputs import _read_yaml
from ..matching.smeft_to_wet import ckm_from_state, match_tree
from ..smeft.sm_couplings import ckm_standard, vev_from_gf
from ..units import hbar_GeV_s
from ..wet.flavio_basis import lambda_t, sb_sector
from ..wet.qed import alpha_e
from ..wet.running import M_Z, initial_state, run_wet

__all__ = [
    "MU_B",
    "WC_KEYS",
    "BsllParams",
    "BsllObservable",
    "BSLL_OBSERVABLES",
    "load_bsll_params",
    "bs_wet_at_mb",
    "br_bs_mumu",
    "rmue",
    "deltams_ratio",
    "c10_shift_factor",
    "predict_bsll",
    "bsll_observable",
]

MU_B = 4.8
#: flavio ``sb`` keys returned by :func:`bs_wet_at_mb` (plus ``CVLL_bsbs``)
_SHARED = ("C7_bs", "C7p_bs", "C8_bs", "C8p_bs")
_LEPTON = ("C9", "C10", "C9p", "C10p", "CS", "CP", "CSp", "CPp")
WC_KEYS = _SHARED + tuple(f"{k}_bs{l}" for l in ("mumu", "ee") for k in _LEPTON) + ("CVLL_bsbs",)

_PARAM_FILE = "bsll_parameters.yaml"
_RATES_FILE = "bsll_flavio_rates.json"
_DEBRUYN = "K. De Bruyn et al., arXiv:1204.1737 (time-integrated BR, A_ΔΓ, y_s)"
_BOBETH = "C. Bobeth et al., arXiv:1311.0903 (SM BR(Bs->mumu))"
_FLAVIO = "D. M. Straub, flavio, arXiv:1810.08132 (rates used as a black box, v2.7.1)"
_LHCB_RK = "LHCb, arXiv:2103.11769 (R_K), arXiv:1705.05802 (R_K*), arXiv:2212.09152/09153 (2022)"


def _data_path(name: str) -> Path:
    return Path(str(resources.files("jaxalign") / "data" / "inputs" / name))


@functools.lru_cache(maxsize=4)
def _read_files(param_path: str, rates_path: str):
    data = _read_yaml(Path(param_path), DataError)
    raw = {}
    for k, e in data.get("inputs", {}).items():
        if not isinstance(e, dict) or "value" not in e or "source" not in e:
            raise DataError(f"{param_path}: input {k!r} needs 'value' and 'source'.")
        if "uncertainty" in e:
            err = float(e["uncertainty"])
        elif "uncertainty_plus" in e and "uncertainty_minus" in e:  # symmetrised: mean of ±
            err = 0.5 * (float(e["uncertainty_plus"]) + float(e["uncertainty_minus"]))
        else:
            err = 0.0
        raw[k] = (float(e["value"]), str(e["source"]), err)
    try:
        rates = json.loads(Path(rates_path).read_text())
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read the b->sll rate polynomials {rates_path}: {exc}") from exc
    return raw, rates


class BsllParams(eqx.Module):
    """Numbers of the b → sℓℓ layer: file inputs plus what follows from an :class:`SMInputs`.

    A pytree (every number a leaf, differentiable); names and sources are static. Build it with
    :func:`load_bsll_params`. Units GeV (τ in GeV⁻¹).
    """

    GF: jax.Array
    m_mu: jax.Array
    f_Bs: jax.Array
    m_Bs: jax.Array
    tau_Bs: jax.Array
    y_s: jax.Array
    alpha_mb: jax.Array
    lam_t: jax.Array  # complex, V_tb V_ts* of the SM inputs
    mb_ratio: jax.Array  # m_b/(m_b + m_s)
    C10_SM: jax.Array
    C_VLL_SM: jax.Array  # complex, at μ_b (LO: matched at m_Z, run with γ⁽⁰⁾ = 4), GeV⁻²
    DeltaM_s_SM: jax.Array  # ps⁻¹
    DeltaM_s_SM_err: jax.Array  # ps⁻¹, symmetrised theory error of DeltaM_s_SM
    BR_SM_rel_err: jax.Array  # relative theory error of BR(Bs->mumu)_SM (Czaja–Misiak 2024)
    rate_sm: jax.Array  # (n_rates,)
    rate_const: jax.Array
    rate_lin: jax.Array  # (n_rates, 20)
    rate_quad: jax.Array  # (n_rates, 20, 20)
    ratio_sm_unc: jax.Array  # (n_ratios,)
    rate_names: tuple = eqx.field(static=True)
    rate_vars: tuple = eqx.field(static=True)  # per rate: the 10 complex coefficient names
    ratio_names: tuple = eqx.field(static=True)
    ratio_index: tuple = eqx.field(static=True)  # per ratio: (numerator, denominator) rate index
    sources: tuple = eqx.field(static=True, default=())
    flavio_version: str = eqx.field(static=True, default="")

    def rate_index(self, name: str) -> int:
        return self.rate_names.index(name)

    def ratio_uncertainty(self, name: str):
        """flavio's SM uncertainty of a μ/e ratio (theory uncertainty of this treatment)."""
        return self.ratio_sm_unc[self.ratio_names.index(name)]


def _mt_mt(sm):
    """m_t(m_t) from m_t(m_Z) of the SM inputs by one-loop QCD running (n_f = 5, fixed point)."""
    mt_mz, a_mz = sm.m_up_mz[2], sm.alpha_s_mz
    b0 = 23.0 / 3.0

    def a_s(mu):
        return a_mz / (1.0 + a_mz * b0 / (2.0 * jnp.pi) * jnp.log(mu / M_Z))

    mt = mt_mz
    for _ in range(6):
        mt = mt_mz * (a_s(mt) / a_mz) ** (12.0 / 23.0)
    return mt


def s0(x):
    """Inami–Lim box function S0(x) of the SM ΔF = 2 amplitude."""
    return (4.0 * x - 11.0 * x**2 + x**3) / (4.0 * (1.0 - x) ** 2) - 3.0 * x**3 * jnp.log(x) / (
        2.0 * (1.0 - x) ** 3)


def load_bsll_params(sm, mu_b: float = MU_B, param_file=None, rates_file=None) -> BsllParams:
    """Build :class:`BsllParams` from ``bsll_parameters.yaml``, the flavio rate polynomials and the
    SM inputs ``sm`` (CKM, G_F, m_μ, masses and couplings at m_Z). Pure in ``sm``: may be called
    inside ``jit`` (the files are read once and cached)."""
    ppath = str(param_file or _data_path(_PARAM_FILE))
    rpath = str(rates_file or _data_path(_RATES_FILE))
    raw, rates = _read_files(ppath, rpath)
    if abs(float(mu_b) - float(rates["scale"])) > 1e-9:
        raise JaxalignError(
            f"the b->sll rate polynomials are given at {rates['scale']} GeV; mu_b = {mu_b} GeV would be "
            "inconsistent with them.")
    need = ("f_Bs", "m_Bs", "Gamma_s", "DeltaGamma_over_Gamma_s", "DeltaM_s_SM", "BR_Bsmumu_SM_2024")
    for k in need:
        if k not in raw:
            raise DataError(f"{ppath}: missing input {k!r}.{suggest(k, raw)}")
    V = ckm_standard(sm.Vus, sm.Vub, sm.Vcb, sm.delta_ckm)
    lam = lambda_t(V)
    m_b, m_s = sm.m_down_mz[2], sm.m_down_mz[1]
    m_W = sm.match_m_W
    x_t = (_mt_mt(sm) / m_W) ** 2
    a_mz = sm.alpha_s_mz
    a_mb = a_mz / (1.0 + a_mz * (23.0 / 3.0) / (2.0 * jnp.pi) * jnp.log(mu_b / M_Z))  # n_f = 5
    c_vll_sm = (-(sm.GF**2) * m_W**2 / (4.0 * jnp.pi**2) * lam**2 * s0(x_t)
                * (a_mb / a_mz) ** (-6.0 / 23.0))
    rnames = tuple(rates["rates"])
    rvars = tuple(tuple(rates["variables"][rates["rates"][n]["lepton"]]) for n in rnames)
    qnames = tuple(rates["ratios"])
    qidx = tuple((rnames.index(rates["ratios"][q]["numerator"]),
                  rnames.index(rates["ratios"][q]["denominator"])) for q in qnames)
    f = lambda k: jnp.asarray(np.array([rates["rates"][n][k] for n in rnames], float))  # noqa: E731
    return BsllParams(
        GF=jnp.asarray(sm.GF), m_mu=jnp.asarray(sm.lepton_mass[1]),
        f_Bs=jnp.asarray(raw["f_Bs"][0]), m_Bs=jnp.asarray(raw["m_Bs"][0]),
        tau_Bs=jnp.asarray(1.0 / (raw["Gamma_s"][0] * hbar_GeV_s)),
        y_s=jnp.asarray(raw["DeltaGamma_over_Gamma_s"][0] / 2.0),
        alpha_mb=alpha_e(mu_b, sm.alpha_e_mz), lam_t=lam, mb_ratio=m_b / (m_b + m_s),
        C10_SM=jnp.asarray(float(rates["bs_mumu"]["C10_SM_flavio"])), C_VLL_SM=c_vll_sm,
        DeltaM_s_SM=jnp.asarray(raw["DeltaM_s_SM"][0]),
        rate_sm=f("sm"), rate_const=f("const"), rate_lin=f("lin"), rate_quad=f("quad"),
        ratio_sm_unc=jnp.asarray(
            np.array([rates["ratios"][q]["sm_uncertainty"] for q in qnames], float)),
        rate_names=rnames, rate_vars=rvars, ratio_names=qnames, ratio_index=qidx,
        BR_SM_rel_err=jnp.asarray(raw["BR_Bsmumu_SM_2024"][2] / raw["BR_Bsmumu_SM_2024"][0]),
        DeltaM_s_SM_err=jnp.asarray(raw["DeltaM_s_SM"][2]),
        sources=tuple((k, v[1]) for k, v in raw.items()),
        flavio_version=str(rates.get("computed_with", {}).get("flavio", "")),
    )


# --------------------------------------------------------------------------- WET at μ_b


def bs_wet_at_mb(y_ew: dict, sm, mu_b: float = MU_B) -> dict:
    """flavio ``sb`` NP coefficients at ``mu_b`` (and ``CVLL_bsbs``) from the SMEFT state at m_Z.

    ``y_ew``: SM couplings and Warsaw coefficients at m_Z in the Warsaw-down basis (as returned by
    the SMEFT running). ``mu_b`` is a Python float (it fixes the threshold segments; ≥ 4.2 GeV).
    Returns complex scalars keyed as in :data:`WC_KEYS`. Pure; jit/grad/vmap-safe.
    """
    mu_b = float(mu_b)
    if not 4.2 <= mu_b <= M_Z:
        raise JaxalignError(f"bs_wet_at_mb: mu_b = {mu_b} GeV outside [4.2, {M_Z}] (5-flavour WET).")
    v = vev_from_gf(sm.GF)
    st0 = initial_state(match_tree(y_ew, sm), y_ew, sm)
    st = run_wet(st0, M_Z, mu_b) if mu_b < M_Z * (1 - 1e-12) else st0
    lam = lambda_t(ckm_from_state(y_ew, v))
    sb = sb_sector(st, GF=sm.GF, lam_t=lam, e=st["e"], gs=st["gs"], m_b=st["m_d"][2])
    out = {k: sb[k] for k in WC_KEYS[:-1]}
    zero = jnp.zeros((3, 3, 3, 3), complex)
    vll_mz = y_ew.get("qq1", zero)[1, 2, 1, 2] + y_ew.get("qq3", zero)[1, 2, 1, 2]
    run = (st["gs"] ** 2 / st0["gs"] ** 2) ** (-6.0 / 23.0)
    out["CVLL_bsbs"] = vll_mz * run
    return out


def _get(wc, k):
    return jnp.asarray(wc.get(k, 0.0), complex)


# --------------------------------------------------------------------------- observables


def br_bs_mumu(wc: dict, p: BsllParams):
    """Time-integrated BR(B_s → μμ), SM + NP (module docstring)."""
    mm, mB = p.m_mu, p.m_Bs
    beta = jnp.sqrt(1.0 - 4.0 * mm**2 / mB**2)
    k = mB**2 / (2.0 * mm) * p.mb_ratio
    P = (p.C10_SM + _get(wc, "C10_bsmumu") - _get(wc, "C10p_bsmumu")
         + k * (_get(wc, "CP_bsmumu") - _get(wc, "CPp_bsmumu")))
    S = beta * k * (_get(wc, "CS_bsmumu") - _get(wc, "CSp_bsmumu"))
    n2 = jnp.abs(P) ** 2 + jnp.abs(S) ** 2
    a_dg = jnp.real(P**2 - S**2) / n2
    pref = (p.tau_Bs * p.GF**2 * p.alpha_mb**2 / (16.0 * jnp.pi**3) * jnp.abs(p.lam_t) ** 2
            * p.f_Bs**2 * mB * mm**2 * beta)
    return pref * n2 * (1.0 + a_dg * p.y_s) / (1.0 - p.y_s**2)


def c10_shift_factor(dc10, p: BsllParams):
    """|1 + ΔC10/C10^SM|² (the BR(B_s → μμ) scaling for a real or complex C10 shift alone,
    up to the A_ΔΓ factor, which is 1 for real shifts)."""
    return jnp.abs(1.0 + dc10 / p.C10_SM) ** 2


def _xvec(wc, names):
    return jnp.stack([f(_get(wc, n)) for n in names for f in (jnp.real, jnp.imag)])


def _rate(wc, p: BsllParams, i: int):
    """Binned rate relative to its SM value (quadratic polynomial)."""
    x = _xvec(wc, p.rate_vars[i])
    return p.rate_const[i] + p.rate_lin[i] @ x + x @ p.rate_quad[i] @ x


def rmue(wc: dict, p: BsllParams, name: str):
    """μ/e ratio ``name`` (e.g. ``<Rmue>(B+->Kll)[1.1,6.0]``) = rate_μ/rate_e, SM + NP."""
    i, j = p.ratio_index[p.ratio_names.index(name)]
    return p.rate_sm[i] / p.rate_sm[j] * _rate(wc, p, i) / _rate(wc, p, j)


def deltams_ratio(wc: dict, p: BsllParams):
    """ΔM_s/ΔM_s^SM = |1 + C_VLL^NP(μ_b)/C_VLL^SM(μ_b)| at leading order (``CVLL_bsbs`` from
    :func:`bs_wet_at_mb`; the common LO running factor cancels in the ratio)."""
    return jnp.abs(1.0 + _get(wc, "CVLL_bsbs") / p.C_VLL_SM)


# --------------------------------------------------------------------------- registry


@dataclass(frozen=True)
class BsllObservable:
    """One observable: ``np(wc, params)`` → SM + NP value, ``sm(params)`` → SM value.

    ``theory(params)`` is the theory uncertainty used for this treatment (absolute)."""

    name: str
    tex: str
    unit: str
    formula: str
    references: tuple[str, ...]
    np: Callable = field(repr=False)
    sm: Callable = field(repr=False)
    theory: Callable = field(repr=False, default=lambda p: 0.0)


def _ratio_obs(name, tex):
    return BsllObservable(
        name, tex, "1",
        "rate_mu/rate_e with each binned rate a quadratic polynomial in Re/Im of C7(p), C9(p), "
        "C10(p), CS(p), CP(p) (flavio 2.7.1 black-box fit, data/inputs/bsll_flavio_rates.json)",
        (_FLAVIO, _LHCB_RK),
        lambda wc, p, _n=name: rmue(wc, p, _n),
        lambda p, _n=name: rmue({}, p, _n),
        lambda p, _n=name: p.ratio_uncertainty(_n),
    )


BSLL_OBSERVABLES: dict[str, BsllObservable] = {
    "BR(Bs->mumu)": BsllObservable(
        "BR(Bs->mumu)", r"\overline{\mathcal{B}}(B_s\to\mu^+\mu^-)", "1",
        "tau G_F^2 alpha^2/(16 pi^3) |lambda_t|^2 f_Bs^2 m_Bs m_mu^2 beta (|P|^2+|S|^2)"
        " (1 + A_DG y_s)/(1 - y_s^2)", (_DEBRUYN, _BOBETH),
        br_bs_mumu, lambda p: br_bs_mumu({}, p),
        lambda p: p.BR_SM_rel_err * br_bs_mumu({}, p),
    ),
    "<Rmue>(B+->Kll)[1.1,6.0]": _ratio_obs("<Rmue>(B+->Kll)[1.1,6.0]", r"R_K[1.1,6]"),
    "<Rmue>(B+->Kll)[0.1,1.1]": _ratio_obs("<Rmue>(B+->Kll)[0.1,1.1]", r"R_K[0.1,1.1]"),
    "<Rmue>(B0->K*ll)[1.1,6.0]": _ratio_obs("<Rmue>(B0->K*ll)[1.1,6.0]", r"R_{K^*}[1.1,6]"),
    "<Rmue>(B0->K*ll)[0.045,1.1]": _ratio_obs("<Rmue>(B0->K*ll)[0.045,1.1]", r"R_{K^*}[0.045,1.1]"),
    "<Rmue>(B0->K*ll)[0.1,1.1]": _ratio_obs("<Rmue>(B0->K*ll)[0.1,1.1]", r"R_{K^*}[0.1,1.1]"),
    "C9_bsmumu": BsllObservable(
        "C9_bsmumu", r"C_9^{bs\mu\mu}", "1", "Re C9_bsmumu (NP, flavio basis, 4.8 GeV)",
        (_FLAVIO,), lambda wc, p: jnp.real(_get(wc, "C9_bsmumu")), lambda p: 0.0),
    "C10_bsmumu": BsllObservable(
        "C10_bsmumu", r"C_{10}^{bs\mu\mu}", "1", "Re C10_bsmumu (NP, flavio basis, 4.8 GeV)",
        (_FLAVIO,), lambda wc, p: jnp.real(_get(wc, "C10_bsmumu")), lambda p: 0.0),
    "DeltaMs_ratio": BsllObservable(
        "DeltaMs_ratio", r"\Delta M_s/\Delta M_s^{\rm SM}", "1",
        "|1 + C_VLL^NP / C_VLL^SM|, C_VLL^SM = -(G_F^2 m_W^2/4pi^2) lambda_t^2 S0(x_t) (LO)",
        ("T. Inami, C. S. Lim (1981): box function S0(x_t)",
         "A. J. Buras, M. Jamin, P. H. Weisz (1990): Delta B = 2 effective Hamiltonian, LO running"),
        deltams_ratio, lambda p: 1.0, lambda p: p.DeltaM_s_SM_err / p.DeltaM_s_SM),
    "DeltaM_s": BsllObservable(
        "DeltaM_s", r"\Delta M_s", "ps^-1", "DeltaMs_ratio x DeltaM_s^SM (bsll_parameters.yaml)",
        ("D. King, A. Lenz, T. Rauh, arXiv:1904.00940 (SM value)",),
        lambda wc, p: deltams_ratio(wc, p) * p.DeltaM_s_SM, lambda p: p.DeltaM_s_SM,
        lambda p: p.DeltaM_s_SM_err),
}


def bsll_observable(name: str) -> BsllObservable:
    try:
        return BSLL_OBSERVABLES[name]
    except KeyError:
        raise JaxalignError(
            f"unknown b->sll observable {name!r}.{suggest(name, BSLL_OBSERVABLES)} "
            f"Available: {', '.join(BSLL_OBSERVABLES)}.") from None


def predict_bsll(y_ew: dict, sm, names=None, params: BsllParams | None = None,
                 mu_b: float = MU_B) -> dict:
    """SM + NP predictions ``{name: value}`` from the SMEFT state at m_Z (pure, jit-able with
    ``names`` static)."""
    names = tuple(BSLL_OBSERVABLES) if names is None else tuple(names)
    obs = [bsll_observable(n) for n in names]
    p = load_bsll_params(sm, mu_b) if params is None else params
    wc = bs_wet_at_mb(y_ew, sm, mu_b)
    return {o.name: o.np(wc, p) for o in obs}

