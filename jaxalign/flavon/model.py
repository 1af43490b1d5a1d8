r"""Fit-facing models of the Froggatt–Nielsen flavon mechanism (FLAVON): parameters → new-physics
shifts of observables.

Same interface as the direct models of :mod:`jaxalign.lightnp.models`: frozen dataclasses with
``parameter_names``, ``description``, ``references``, ``default_bounds()`` and a pure-JAX
``predictions(x)`` returning

* ``"a_e"``, ``"a_mu"``: Δa_e, Δa_μ (dimensionless shifts from the SM);
* ``"d_e"``: the electron EDM as d_e/e in cm (i.e. d_e in e·cm), signed;
* ``"derived:<name>"``: extra quantities (masses, vevs, c_ℓ, …) that a likelihood ignores.

Lepton masses, G_F (for v_H = (√2 G_F)^(−1/2)) come from the SM input set ``inputs``
(:func:`jaxalign.inputs.load_inputs`, default "2021"). Everything works under ``jit``, ``grad``
and ``vmap`` over ``x``.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from typing import ClassVar

import jax
import jax.numpy as jnp

from ..errors import InputError
from . import masses as _m
from . import toy_model as _t
from .loops import I_m_cross, ratio_da_m_cross

__all__ = ["FlavonGeneric", "FlavonToy", "MODELS", "sm_constants"]

_REF_FLAVON = "Calibbi, López-Ibáñez, Melis, Vives, JHEP 06 (2020) 087, arXiv:2003.06633 (FLAVON)"


@functools.lru_cache(maxsize=None)
def _constants(inputs: str):
    from jaxalign.inputs import load_inputs

    with jax.ensure_compile_time_eval():
        sm = load_inputs(inputs)
        m = tuple(float(z) for z in sm.lepton_mass)
        GF = float(sm.GF)
    return {"m_e": m[0], "m_mu": m[1], "v_H": (math.sqrt(2.0) * GF) ** -0.5, "GF": GF}


def sm_constants(inputs: str = "2021") -> dict:
    """m_e, m_μ [GeV], v_H = (√2 G_F)^(−1/2) [GeV] and G_F of the SM input set ``inputs``."""
    return dict(_constants(inputs))


@dataclasses.dataclass(frozen=True)
class FlavonGeneric:
    r"""The generic mechanism of FLAVON §2.1 with the lepton masses fixed to the observed ones.

    Parameters (``parameter_names``):

    * ``log10_Mchi_GeV``: log10 of the mediator mass M_χ/GeV;
    * ``log10_x_phi``: log10 of x_φ = μ_φ1/M_χ;
    * ``c_e``, ``c_mu``: c_ℓ = |m_ℓ^RAD|/m_ℓ (eq. 2.8; the paper scans c_ℓ ∈ [1, 10]);
    * ``phi_e``: CP phase of the electron dipole in the basis of real positive electron mass
      (radians; φ_e = 0 is the CP-conserving mechanism of the paper).

    Predictions (eqs. 2.9, 4.5, :func:`jaxalign.flavon.masses.generic_observables`):
    Δa_μ = +2c_μ m_μ² R(x_φ)/M_χ², Δa_e = −2c_e m_e² R(x_φ)/M_χ² cos φ_e,
    d_e/e = −c_e m_e R(x_φ) sin φ_e/M_χ² (converted to cm), R = I_Δa^×/I_m^×. Derived:
    ``Mchi_GeV``, ``x_phi``, ``R``, ``m_rad_e_GeV``, ``m_rad_mu_GeV``, and, for the flavour-violating
    quartic ``lam`` (a model option, default 1; FLAVON Fig. 4 scans λ ∈ [π/6, 2π]) and φ_e = 0,
    ``v1_over_va_e``, ``v1_over_va_mu`` from eq. (2.10) (with |m^FN/m^RAD| = |1 + c_e e^{iφ_e}|/c_e
    for the electron).
    """

    inputs: str = "2021"
    lam: float = 1.0

    description: ClassVar[str] = ("Froggatt-Nielsen flavon mechanism (FLAVON §2): radiative lepton masses and "
                                  "(g-2)_e,mu, electron EDM; parameters M_chi, x_phi, c_e, c_mu, phi_e")
    references: ClassVar[tuple[str, ...]] = (_REF_FLAVON + ", §2.1, §4, eqs. 2.3-2.10, 4.5-4.6",)
    parameter_names: ClassVar[tuple[str, ...]] = ("log10_Mchi_GeV", "log10_x_phi", "c_e", "c_mu", "phi_e")

    def __post_init__(self):
        if not self.lam > 0:
            raise InputError(f"FlavonGeneric: lam must be positive (eq. 2.10 takes lambda > 0), got {self.lam}.")

    def default_bounds(self) -> dict:
        return {"log10_Mchi_GeV": (2.0, 4.5), "log10_x_phi": (-2.0, 0.5), "c_e": (1.0, 10.0),
                "c_mu": (1.0, 10.0), "phi_e": (-math.pi, math.pi)}

    def predictions(self, x) -> dict:
        k = _constants(self.inputs)
        M, xphi = 10.0 ** x[0], 10.0 ** x[1]
        c_e, c_mu, phi = x[2], x[3], x[4]
        obs = _m.generic_observables(M, xphi, c_e, c_mu, phi, k["m_e"], k["m_mu"])
        fn_rad_e = jnp.abs(1.0 + c_e * jnp.exp(1j * phi)) / c_e
        fn_rad_mu = jnp.abs(c_mu - 1.0) / c_mu
        imx = jnp.abs(I_m_cross(xphi))
        return {
            "a_e": obs["a_e"],
            "a_mu": obs["a_mu"],
            "d_e": _m.edm_over_e_cm(obs["d_e_gev_inv"]),
            "derived:Mchi_GeV": M,
            "derived:x_phi": xphi,
            "derived:R": ratio_da_m_cross(xphi),
            "derived:m_rad_e_GeV": c_e * k["m_e"],
            "derived:m_rad_mu_GeV": c_mu * k["m_mu"],
            "derived:v1_over_va_e": jnp.sqrt(self.lam * fn_rad_e * imx / _m.SIXTEEN_PI2),
            "derived:v1_over_va_mu": jnp.sqrt(self.lam * fn_rad_mu * imx / _m.SIXTEEN_PI2),
        }


_TOY_POTENTIAL = ("lam_1", "lam_3", "lam_a", "lam_13", "lam_1a", "lam_3a", "lam_ab", "lamp_13", "lam_1ab",
                  "log10_mu1_GeV", "log10_mua_GeV", "log10_mupa_GeV", "log10_Mchi_GeV")


@dataclasses.dataclass(frozen=True)
class FlavonToy:
    r"""The U(1)_f toy model of FLAVON §3 / appendix A (:mod:`jaxalign.flavon.toy_model`).

    Parameters: the couplings of the potential eq. (3.3) with the a ↔ b, 1 ↔ 3 mass relations of
    appendix A (the columns of Table 2): ``lam_1``, ``lam_3``, ``lam_a`` (= λ_b), ``lam_13``,
    ``lam_1a`` (= λ_1b), ``lam_3a`` (= λ_3b), ``lam_ab``, ``lamp_13`` (λ'_13), ``lam_1ab``,
    ``log10_mu1_GeV`` (μ_1 = μ_3), ``log10_mua_GeV`` (μ_a = μ_b), ``log10_mupa_GeV`` (μ'_a = μ'_b),
    ``log10_Mchi_GeV``; with ``masses="model"`` also ``g_e``, ``g_mu``.

    Options:

    * ``method``: "mass_basis" (default; eqs. A.15–A.17 with the exact spectrum) or "mia"
      (eqs. 3.6–3.10 with the numerical vevs);
    * ``masses``: "fixed" (default; g_e, g_μ are not parameters: they are set so that the model's
      m_e, m_μ equal the measured ones, as in §2.1; derived ``g_e``, ``g_mu``) or "model" (g_e, g_μ
      are parameters and Δa_ℓ uses the model's own masses, which is how Table 2 is computed).

    Predictions: ``a_e``, ``a_mu``, ``d_e`` (= 0: real couplings, no CP violation) and derived
    ``v1``, ``v3``, ``va`` [GeV], ``m_S1..4``, ``m_P1..4`` [GeV, ascending], ``c_e``, ``c_mu``,
    ``m_e_model``, ``m_mu_model`` [GeV], ``g_e``, ``g_mu``, ``grad_norm`` (|∇V| at the solution,
    GeV³), ``min_mass2`` (smallest eigenvalue of the full scalar mass matrix, GeV²: a valid point
    has ``min_mass2 > 0``; the predictions are not meaningful otherwise).
    """

    method: str = "mass_basis"
    masses: str = "fixed"
    mia_lambda: str = "1ab"
    inputs: str = "2021"

    description: ClassVar[str] = ("U(1)_f flavon toy model (FLAVON §3, app. A): potential minimised numerically, "
                                  "flavon spectrum, radiative lepton masses and (g-2)_e,mu")
    references: ClassVar[tuple[str, ...]] = (_REF_FLAVON + ", §3, appendix A, Table 2",)

    def __post_init__(self):
        if self.method not in ("mass_basis", "mia"):
            raise InputError(f"FlavonToy: method must be 'mass_basis' or 'mia', got {self.method!r}.")
        if self.masses not in ("fixed", "model"):
            raise InputError(f"FlavonToy: masses must be 'fixed' or 'model', got {self.masses!r}.")
        if self.mia_lambda not in ("1ab", "full"):
            raise InputError(f"FlavonToy: mia_lambda must be '1ab' or 'full', got {self.mia_lambda!r}.")

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return _TOY_POTENTIAL + (("g_e", "g_mu") if self.masses == "model" else ())

    def default_bounds(self) -> dict:
        fp = 4.0 * math.pi
        b = {"lam_1": (0.0, fp), "lam_3": (0.0, fp), "lam_a": (0.0, fp), "lam_13": (-fp, fp),
             "lam_1a": (-fp, fp), "lam_3a": (-fp, fp), "lam_ab": (-fp, fp), "lamp_13": (-fp, fp),
             "lam_1ab": (-fp, 0.0), "log10_mu1_GeV": (1.0, 3.5), "log10_mua_GeV": (2.0, 4.0),
             "log10_mupa_GeV": (0.0, 2.5), "log10_Mchi_GeV": (2.5, 4.5)}
        if self.masses == "model":
            b.update({"g_e": (0.0, 3.0), "g_mu": (0.0, 3.0)})
        return b

    def point(self, variant: str = "printed"):
        """The FLAVON Table 2 benchmark as a parameter vector (``variant`` as in
        :func:`jaxalign.flavon.toy_model.table2_parameters`; g_e, g_μ appended for masses="model")."""
        t = _t.TABLE2_INPUTS
        p = _t.table2_parameters(variant)
        vals = [p.lam1, p.lam3, p.lam_a, p.lam13, p.lam1a, p.lam3a, p.lam_ab, p.lamp13, p.lam1ab,
                jnp.log10(p.mu1), jnp.log10(p.mu_a), jnp.log10(p.mup_a), jnp.log10(t["M_chi"])]
        if self.masses == "model":
            vals += [t["g_e"], t["g_mu"]]
        return jnp.asarray(jnp.stack([jnp.asarray(v, float) for v in vals]))

    def toy_parameters(self, x) -> tuple:
        """(ToyParameters, M_χ, g_e, g_μ) of the parameter vector x."""
        p = _t.toy_parameters(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8],
                              10.0 ** x[9], 10.0 ** x[10], 10.0 ** x[11])
        M = 10.0 ** x[12]
        if self.masses == "model":
            g_e, g_mu = x[13], x[14]
        else:
            g_e = g_mu = jnp.ones_like(x[0])  # rescaled to the measured masses (g-independent results)
        return p, M, g_e, g_mu

    def predictions(self, x) -> dict:
        k = _constants(self.inputs)
        p, M, g_e, g_mu = self.toy_parameters(x)
        m_exp = (k["m_e"], k["m_mu"]) if self.masses == "fixed" else None
        r = _t.toy_results(p, M, g_e, g_mu, k["v_H"], method=self.method, mia_lambda=self.mia_lambda,
                           m_exp=m_exp)
        mS = jnp.sqrt(jnp.abs(r["mS2"])) * jnp.sign(r["mS2"])
        mP = jnp.sqrt(jnp.abs(r["mP2"])) * jnp.sign(r["mP2"])
        fixed = self.masses == "fixed"
        out = {
            "a_e": r["delta_a_e"],
            "a_mu": r["delta_a_mu"],
            "d_e": jnp.zeros_like(r["delta_a_e"]),
            "derived:v1": r["v"][0], "derived:v3": r["v"][1], "derived:va": r["v"][2],
            "derived:c_e": r["c_e"], "derived:c_mu": r["c_mu"],
            "derived:m_e_model": k["m_e"] * jnp.sign(r["m_e"]) if fixed else r["m_e"],
            "derived:m_mu_model": k["m_mu"] * jnp.sign(r["m_mu"]) if fixed else r["m_mu"],
            "derived:g_e": r["g_e_fixed"] if fixed else g_e,
            "derived:g_mu": r["g_mu_fixed"] if fixed else g_mu,
            "derived:grad_norm": r["grad_norm"],
            "derived:min_mass2": r["min_mass2"],
        }
        for i in range(4):
            out[f"derived:m_S{i + 1}"] = mS[i]
            out[f"derived:m_P{i + 1}"] = mP[i]
        return out


#: name → model class (for the registry ``jaxalign.models.MODELS``)
MODELS = {"flavon_generic": FlavonGeneric, "flavon_toy": FlavonToy}
