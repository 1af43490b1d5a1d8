r"""Light/heavy neutral-boson models: parameters → new-physics shifts of observables.

Each model is a frozen dataclass (hashable, static under ``jit``) with

* ``parameter_names``: names of the entries of the 1-D parameter array ``x``;
* ``description``, ``references``;
* ``default_bounds()``: name → (lo, hi), a box for fits/scans;
* ``predictions(x)``: pure JAX, ``x`` → dict of float64 scalars, the **shift from the SM** of
  each observable: ``"a_e"``, ``"a_mu"``, ``"a_tau"`` (Δa_ℓ); ``"R_trident(CCFR)"``,
  ``"R_trident(CHARM-II)"``, ``"R_trident(DUNE)"`` (σ/σ_SM − 1); ``"C9_bsmumu"``,
  ``"C10_bsmumu"`` (new-physics Wilson coefficients, flavio normalisation, real parts);
  ``"DeltaMs_ratio"`` (ΔM_s/ΔM_s^SM − 1); ``"limit:<curve>"`` = g/g_limit(m) for the curves of
  :mod:`jaxalign.lightnp.limits` (0 outside a curve's mass range), to be used as a half-normal
  limit at the confidence level :data:`LIMIT_CL` ``[curve]``, i.e. χ² = (z_CL · value)²
  (:func:`jaxalign.lightnp.limits.limit_chi2`).

Masses, α(0), G_F come from the SM input set ``inputs`` (default "2021",
:func:`jaxalign.inputs.load_inputs`). Parameters spanning decades are log10. Everything works
under ``jit``, ``grad`` and ``vmap`` over ``x``.

Note for likelihood builders: ``"limit:ccfr_trident"`` and ``"R_trident(CCFR)"`` describe the same
measurement (the curve is the published recast, the ratio our own formula); use one of them.
"""

from __future__ import annotations

import dataclasses
import math
from typing import ClassVar

import jax.numpy as jnp

from . import g2, limits, recast, trident, zprime_bs
from .kinetic_mixing import epsilon_lmu_ltau

__all__ = ["LIMIT_CL", "LmuLtau", "BminusThreeLmu", "DarkPhoton", "ALP", "ZprimeBs", "MODELS"]

#: CL of each ``"limit:<curve>"`` prediction (:data:`jaxalign.lightnp.limits.LIMIT_CL` plus the
#: B−3L_μ recasts :data:`jaxalign.lightnp.recast.RECAST_CL`).
LIMIT_CL = {**limits.LIMIT_CL, **recast.RECAST_CL}

_TRIDENT_EXPERIMENTS = ("CCFR", "CHARM-II", "DUNE")


def _trident(g_nu, g_V, m, GF, g_A=0.0):
    return {
        f"R_trident({e})": trident.trident_shift(g_nu, g_V, m, e, GF=GF, g_A=g_A)
        for e in _TRIDENT_EXPERIMENTS
    }


def _sm(vintage):
    return g2.default_sm(vintage)


@dataclasses.dataclass(frozen=True)
class LmuLtau:
    r"""Gauged L_μ−L_τ boson X (MUOQ §III Type B; NPG2 "Gauged L_μ − L_τ").

    Parameters: ``log10_mX_GeV``, ``log10_gX`` (coupling g > 0 to μ, ν_μ; −g to τ, ν_τ) and, if
    ``free_kinetic_mixing``, a tree-level photon mixing ``eps`` (X coupling to a charged fermion
    f: g q_f + eεQ_f). Predictions:

    * Δa_μ, Δa_τ: exact one-loop vector function with g_μ = g − eε, g_τ = −g − eε;
    * Δa_e: coupling −e(ε + ε_loop(g)), ε_loop the loop-induced mixing at q² = 0
      (:func:`~jaxalign.lightnp.kinetic_mixing.epsilon_lmu_ltau`; the q² dependence in the loop is
      neglected; Δa_e ~ 10⁻¹⁶ anyway). The O(e²g) loop-induced shift of the muon and tau
      couplings is not included (a two-loop effect in Δa_μ);
    * R_trident − 1 for CCFR, CHARM-II, DUNE with g_ν = g, g_V = g − eε;
    * ``limit:ccfr_trident``, ``limit:babar_4mu``, ``limit:cms_z4mu``, ``limit:belle2_invisible``
      and, only without free ε, ``limit:borexino`` (a recast that assumes ε = ε_loop): g/g_limit(m_X).
    """

    free_kinetic_mixing: bool = False
    inputs: str = "2021"

    description: ClassVar[str] = "U(1)_{Lmu-Ltau} gauge boson X of any mass (light-X (g-2)_mu solution, tridents, Z' searches)"
    references: ClassVar[tuple[str, ...]] = (
        "Greljo, Stangl, Thomsen, arXiv:2103.13991 (MUOQ) §III",
        "Altmannshofer, Gori, Pospelov, Yavin, arXiv:1406.2332",
        "Altmannshofer, Gori, Martin-Albo, Sousa, Wallbank, arXiv:1902.06765",
        "Jegerlehner, Nyffeler, Phys. Rept. 477 (2009) 1",
    )
    limit_curves: ClassVar[tuple[str, ...]] = ("ccfr_trident", "borexino", "babar_4mu", "cms_z4mu", "belle2_invisible")

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return ("log10_mX_GeV", "log10_gX") + (("eps",) if self.free_kinetic_mixing else ())

    def default_bounds(self) -> dict:
        b = {"log10_mX_GeV": (-3.0, 3.0), "log10_gX": (-5.0, 0.0)}
        if self.free_kinetic_mixing:
            b["eps"] = (-1e-2, 1e-2)
        return b

    def predictions(self, x) -> dict:
        sm = _sm(self.inputs)
        m = 10.0 ** x[0]
        g = 10.0 ** x[1]
        eps = x[2] if self.free_kinetic_mixing else 0.0
        mass = sm.lepton_mass
        eps_loop = epsilon_lmu_ltau(g, mass[1], mass[2], sm.alpha_e_0)
        e = jnp.sqrt(4.0 * jnp.pi * sm.alpha_e_0)
        g_e, g_mu, g_tau = g2.lepton_couplings_lmu_ltau(g, eps, sm.alpha_e_0)
        g_e = g_e - e * eps_loop
        out = {
            "a_e": g2.delta_a_vector(g_e, m, mass[0]),
            "a_mu": g2.delta_a_vector(g_mu, m, mass[1]),
            "a_tau": g2.delta_a_vector(g_tau, m, mass[2]),
        }
        out.update(_trident(g, g_mu, m, sm.GF))
        for c in self.limit_curves:
            if c == "borexino" and self.free_kinetic_mixing:
                continue
            out[f"limit:{c}"] = limits.g_over_limit(c, m, g)
        return out


@dataclasses.dataclass(frozen=True)
class BminusThreeLmu:
    r"""Gauged B−3L_μ boson X (MUOQ §II–III, Fig. 3) with kinetic mixing ε_BX.

    Parameters ``log10_mX_GeV``, ``log10_gX``, ``eps_BX``. Couplings (MUOQ §III): −3g_X to ν_μ,
    −3g_X − eε_BX to μ, −eε_BX to e and τ, g_X/3 to quarks. Predictions: Δa_e, Δa_μ, Δa_τ (exact
    vector loop), R_trident − 1 (g_ν = −3g_X, g_V = −3g_X − eε_BX) and ``limit:ccfr_trident``
    with the effective coupling g_eff = √|g_ν g_V| (the trident rate depends on the product only),
    plus ``limit:<name>`` for the Darkcast-style recasts of :mod:`jaxalign.lightnp.recast`
    (dark-photon, B−L and L_μ−L_τ limits recast with the B−3L_μ couplings over each limit's data
    range, with the hadronic X width above 2m_π and a smooth 3 % switch-off at the window ends; value
    √(signal ratio) = g_X/g_X,limit at fixed ε_BX/g_X; docs/lightnp_recast.md). The L_μ−L_τ curves
    of :mod:`.limits` other than CCFR do not apply directly.

    With ``eps_over_g`` set, ε_BX = eps_over_g · g_X is not a parameter (MUOQ Fig. 3 shows
    ε_BX = g_X and ε_BX = g_X/10).
    """

    inputs: str = "2021"
    eps_over_g: float | None = None

    description: ClassVar[str] = "U(1)_{B-3Lmu} gauge boson X with kinetic mixing eps_BX (muoquark model)"
    references: ClassVar[tuple[str, ...]] = (
        "Greljo, Stangl, Thomsen, arXiv:2103.13991 (MUOQ) §II-III, footnote 6, Fig. 3",
        "Altmannshofer, Gori, Martin-Albo, Sousa, Wallbank, arXiv:1902.06765",
    )
    recast_limits: ClassVar[tuple[str, ...]] = tuple(recast.RECAST_LIMITS)

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return ("log10_mX_GeV", "log10_gX") + (("eps_BX",) if self.eps_over_g is None else ())

    def default_bounds(self) -> dict:
        b = {"log10_mX_GeV": (-3.0, 3.0), "log10_gX": (-6.0, 0.0)}
        if self.eps_over_g is None:
            b["eps_BX"] = (-0.1, 0.1)
        return b

    def predictions(self, x) -> dict:
        sm = _sm(self.inputs)
        m, gX = 10.0 ** x[0], 10.0 ** x[1]
        eps = x[2] if self.eps_over_g is None else self.eps_over_g * gX
        da = g2.delta_a_b_minus_3lmu(gX, m, eps, sm.lepton_mass, sm.alpha_e_0)
        out = {"a_e": da[0], "a_mu": da[1], "a_tau": da[2]}
        g_mu = g2.lepton_couplings_b_minus_3lmu(gX, eps, sm.alpha_e_0)[1]
        out.update(_trident(-3.0 * gX, g_mu, m, sm.GF))
        # CCFR: the trident amplitude is linear in g_ν g_μ (vector muon coupling, left-handed ν in
        # both models), so the L_μ−L_τ curve on g'² applies to g_eff² = |g_ν g_μ| (MUOQ §III:
        # "scales directly with the effective coupling of X to 2nd generation leptons")
        g_eff = jnp.sqrt(jnp.abs(3.0 * gX * g_mu) + 1e-300)
        out["limit:ccfr_trident"] = limits.g_over_limit("ccfr_trident", m, g_eff)
        # Darkcast-style recasts (data range of each limit; 0 = no constraint), half-normal at LIMIT_CL[name]
        # all recasts together: the widths of both models are computed once (recast.signal_ratios)
        if self.recast_limits:
            ratios = recast.b_minus_3lmu_ratios(m, gX, eps, self.recast_limits, self.inputs)
            out.update({f"limit:{name}": ratios[name] for name in self.recast_limits})
        return out


@dataclasses.dataclass(frozen=True)
class DarkPhoton:
    r"""Dark photon A′ with kinetic mixing ε (NPG2 "Dark photon"): coupling εeQ to all charged
    fermions. Parameters ``log10_mAp_GeV``, ``log10_eps``. Predictions: Δa_e, Δa_μ, Δa_τ
    (exact one-loop vector function, e = √(4πα(0))). No trident (no neutrino coupling), no limits
    (the stored curves are L_μ−L_τ limits)."""

    inputs: str = "2021"

    description: ClassVar[str] = "Kinetically mixed dark photon"
    references: ClassVar[tuple[str, ...]] = (
        "Altmannshofer, New physics models for (g-2)_mu, LFUV workshop 2022 (NPG2)",
        "Pospelov, arXiv:0811.1030",
    )
    parameter_names: ClassVar[tuple[str, ...]] = ("log10_mAp_GeV", "log10_eps")

    def default_bounds(self) -> dict:
        return {"log10_mAp_GeV": (-3.0, 1.0), "log10_eps": (-5.0, -1.0)}

    def predictions(self, x) -> dict:
        sm = _sm(self.inputs)
        m, eps = 10.0 ** x[0], 10.0 ** x[1]
        names = ("a_e", "a_mu", "a_tau")
        return {n: g2.delta_a_dark_photon(eps, m, sm.lepton_mass[i], sm.alpha_e_0) for i, n in enumerate(names)}


@dataclasses.dataclass(frozen=True)
class ALP:
    r"""Axion-like particle with muon and photon couplings (NPG2 "ALP contributions").

    ``L ⊃ c_μμ ∂^α a/(2f) μ̄γ_αγ5μ + (α/4π) c_γγ (a/f) FF̃``: dimensionless c_μμ, c_γγ (c_γγ is
    the effective coupling c_γγ^eff), decay constant f in GeV, cut-off Λ = ``Lambda_over_f`` · f
    (default 4πf). Parameters ``c_mumu``, ``c_gammagamma``, ``log10_f_GeV``, ``log10_ma_GeV``.
    Prediction Δa_μ from :func:`jaxalign.lightnp.g2.delta_a_alp` (exact one-loop functions h₁, h₂
    of Bauer, Neubert, Thamm arXiv:1708.00443); with ``lepton_universal`` also Δa_e, Δa_τ with
    c_ee = c_ττ = c_μμ. Only c/f matters up to the log, so the parameters are degenerate.
    """

    lepton_universal: bool = False
    Lambda_over_f: float = 4.0 * math.pi
    inputs: str = "2021"

    description: ClassVar[str] = "Axion-like particle coupled to muons (leptons) and photons"
    references: ClassVar[tuple[str, ...]] = (
        "Bauer, Neubert, Thamm, arXiv:1708.00443, eq. (36)",
        "Marciano, Masiero, Paradisi, Passera, arXiv:1607.01022",
        "Altmannshofer, New physics models for (g-2)_mu (NPG2)",
    )
    parameter_names: ClassVar[tuple[str, ...]] = ("c_mumu", "c_gammagamma", "log10_f_GeV", "log10_ma_GeV")

    def default_bounds(self) -> dict:
        return {"c_mumu": (-10.0, 10.0), "c_gammagamma": (-100.0, 100.0), "log10_f_GeV": (0.0, 4.0), "log10_ma_GeV": (-3.0, 1.0)}

    def predictions(self, x) -> dict:
        sm = _sm(self.inputs)
        c_ll, c_gg, f, m_a = x[0], x[1], 10.0 ** x[2], 10.0 ** x[3]
        Lam = self.Lambda_over_f * f
        idx = (("a_e", 0), ("a_mu", 1), ("a_tau", 2)) if self.lepton_universal else (("a_mu", 1),)
        return {
            n: g2.delta_a_alp(c_ll, c_gg, f, m_a, sm.lepton_mass[i], sm.alpha_e_0, Lambda=Lam) for n, i in idx
        }


@dataclasses.dataclass(frozen=True)
class ZprimeBs:
    r"""Heavy Z′ with couplings g_bs (s̄γP_Lb), g_L, g_R (muon chiralities; ν_μ gets g_L).

    Parameters ``log10_M_GeV``, ``re_gbs`` (and ``im_gbs`` if ``complex_gbs``), ``g_mumu_L``,
    ``g_mumu_R``. Predictions (formulas in :mod:`jaxalign.lightnp.zprime_bs`): ``C9_bsmumu``,
    ``C10_bsmumu`` (real parts at μ_b = 4.8 GeV; with ``complex_gbs`` also ``C9_bsmumu_im``,
    ``C10_bsmumu_im``), ``DeltaMs_ratio``, R_trident − 1 (g_ν = g_L, g_V = (g_L+g_R)/2,
    g_A = (g_L−g_R)/2), and Δa_μ of the Z′ loop (vector + axial, exact one loop). L_μ−L_τ-like
    Z′ (U1X "Z′ models"): g_L = g_R.
    """

    complex_gbs: bool = False
    inputs: str = "2021"

    description: ClassVar[str] = "Heavy Z' with b-s and muon couplings (b->smumu, Bs mixing, tridents)"
    references: ClassVar[tuple[str, ...]] = (
        "Greljo, Theoretical interpretation of flavour anomalies (U1X), backup 'Z' models'",
        "Buchalla, Buras, Lautenbacher, Rev. Mod. Phys. 68 (1996) 1125",
        "Straub, arXiv:1810.08132 (flavio)",
        "Altmannshofer, Gori, Pospelov, Yavin, arXiv:1406.2332",
    )

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return ("log10_M_GeV", "re_gbs") + (("im_gbs",) if self.complex_gbs else ()) + ("g_mumu_L", "g_mumu_R")

    def default_bounds(self) -> dict:
        b = {"log10_M_GeV": (2.0, 5.0), "re_gbs": (-0.1, 0.1)}
        if self.complex_gbs:
            b["im_gbs"] = (-0.1, 0.1)
        b.update({"g_mumu_L": (-3.0, 3.0), "g_mumu_R": (-3.0, 3.0)})
        return b

    def predictions(self, x) -> dict:
        sm = _sm(self.inputs)
        I = zprime_bs.inputs_bs_vintage(self.inputs)
        M = 10.0 ** x[0]
        if self.complex_gbs:
            g_bs = x[1] + 1j * x[2]
            g_L, g_R = x[3], x[4]
        else:
            g_bs = x[1] + 0j
            g_L, g_R = x[2], x[3]
        c9, c10 = zprime_bs.wilson_c9_c10(g_bs, g_L, g_R, M, GF=I["GF"], lam_t=I["lam_t"], alpha=I["alpha_mb"])
        out = {"C9_bsmumu": jnp.real(c9), "C10_bsmumu": jnp.real(c10)}
        if self.complex_gbs:
            out.update({"C9_bsmumu_im": jnp.imag(c9), "C10_bsmumu_im": jnp.imag(c10)})
        out["DeltaMs_ratio"] = zprime_bs.delta_ms_ratio(
            g_bs, M, GF=I["GF"], lam_t=I["lam_t"], m_W=I["m_W"], m_t=I["m_t"], alpha_s_mz=I["alpha_s_mz"]
        )
        g_V, g_A = 0.5 * (g_L + g_R), 0.5 * (g_L - g_R)
        out.update(_trident(g_L, g_V, M, sm.GF, g_A=g_A))
        out["a_mu"] = g2.delta_a_vector(g_V, M, sm.lepton_mass[1], g_A=g_A)
        return out


#: name → model class
MODELS = {"LmuLtau": LmuLtau, "BminusThreeLmu": BminusThreeLmu, "DarkPhoton": DarkPhoton, "ALP": ALP, "ZprimeBs": ZprimeBs}
