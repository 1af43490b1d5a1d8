"""The Standard-Model input pytree :class:`SMInputs` and the CKM phase conversion γ → δ.

Every number in an :class:`SMInputs` comes from a YAML file in ``jaxalign/data/inputs/`` (or a
user file) that names its source; this module holds no physics numbers. See
:func:`jaxalign.inputs.load_inputs` for the file format.

Units: GeV, seconds for lifetimes, radians for the CKM phase. Arrays are 0-based
(e, μ, τ = 0, 1, 2; u, c, t; d, s, b).
"""

from __future__ import annotations

import equinox as eqx
import jax.numpy as jnp
from jaxtyping import Array, Float

from jaxalign.units import hbar_GeV_s

__all__ = ["SMInputs", "SCALAR_FIELDS", "VECTOR_FIELDS", "delta_from_gamma"]

#: Scalar numeric fields of :class:`SMInputs`, in declaration order.
SCALAR_FIELDS = (
    "scale_ew",
    "GF",
    "alpha_e_mz",
    "alpha_s_mz",
    "m_W_run",
    "m_h_run",
    "Vus",
    "Vub",
    "Vcb",
    "delta_ckm",
    "match_m_W",
    "match_m_Z",
    "match_alpha_e",
    "alpha_e_0",
)

#: Numeric fields of shape (3,), generations / lepton flavours 1..3 (0-based index 0..2).
VECTOR_FIELDS = (
    "m_up_mz",
    "m_down_mz",
    "m_lepton_mz",
    "lepton_mass",
    "lepton_lifetime",
    "a_sm",
    "a_sm_err",
)


class SMInputs(eqx.Module):
    """Standard-Model inputs of one vintage, as a pytree of float64 arrays.

    Every numeric field is a leaf (so ``jax.grad`` with respect to an input works); ``name`` and
    ``sources`` are static. Build it with :func:`jaxalign.inputs.load_inputs`.

    Electroweak-scale inputs (MSbar at ``scale_ew``, used to fix the SM couplings of the SMEFT
    running):

    - ``scale_ew``: the scale of the MSbar inputs below [GeV];
    - ``GF``: Fermi constant [GeV⁻²] (also used for v = (√2 G_F)^(-1/2) and the observables);
    - ``alpha_e_mz``, ``alpha_s_mz``: MSbar α_e and α_s at ``scale_ew``;
    - ``m_W_run``, ``m_h_run``: the W and Higgs masses used to fix g = 2 m_W/v and the Higgs
      quartic λ = m_h²/v² at ``scale_ew`` [GeV];
    - ``m_up_mz``, ``m_down_mz``, ``m_lepton_mz``: MSbar running masses at ``scale_ew``,
      shape (3,) [GeV];
    - ``Vus``, ``Vub``, ``Vcb``, ``delta_ckm``: CKM matrix in the standard parametrisation with
      s13 = |V_ub|, s12 = V_us/c13, s23 = V_cb/c13 and phase δ [rad] (a file may give the
      unitarity-triangle angle γ instead; the loader converts it with :func:`delta_from_gamma`).

    Matching inputs (conversion of the B/W dipoles to the photon dipole at the EW scale):
    ``match_m_W``, ``match_m_Z`` [GeV], ``match_alpha_e``.

    Low-energy inputs: ``lepton_mass`` (pole masses [m_e, m_μ, m_τ], GeV), ``lepton_lifetime``
    (seconds; the electron entry is ``inf``, i.e. width 0), ``alpha_e_0`` (Thomson limit).

    SM predictions: ``a_sm`` = (a_e, a_μ, a_τ) in the SM and ``a_sm_err`` their theory
    uncertainties.
    """

    scale_ew: Float[Array, ""]
    GF: Float[Array, ""]
    alpha_e_mz: Float[Array, ""]
    alpha_s_mz: Float[Array, ""]
    m_W_run: Float[Array, ""]
    m_h_run: Float[Array, ""]
    m_up_mz: Float[Array, "3"]
    m_down_mz: Float[Array, "3"]
    m_lepton_mz: Float[Array, "3"]
    Vus: Float[Array, ""]
    Vub: Float[Array, ""]
    Vcb: Float[Array, ""]
    delta_ckm: Float[Array, ""]
    match_m_W: Float[Array, ""]
    match_m_Z: Float[Array, ""]
    match_alpha_e: Float[Array, ""]
    lepton_mass: Float[Array, "3"]
    lepton_lifetime: Float[Array, "3"]
    alpha_e_0: Float[Array, ""]
    a_sm: Float[Array, "3"]
    a_sm_err: Float[Array, "3"]
    name: str = eqx.field(static=True, default="custom")
    #: ``((key, citation), ...)`` for every input key read from the file (hashable, static).
    sources: tuple[tuple[str, str], ...] = eqx.field(static=True, default=())

    @property
    def lepton_width(self) -> Float[Array, "3"]:
        """Total widths Γ = ħ/τ of (e, μ, τ) in GeV (0 for the stable electron)."""
        return hbar_GeV_s / self.lepton_lifetime

    def source(self, key: str) -> str:
        """Citation recorded for input ``key`` (as written in the input file)."""
        for k, s in self.sources:
            if k == key:
                return s
        raise KeyError(f"no source recorded for {key!r} in input set {self.name!r}")


def delta_from_gamma(Vus, Vub, Vcb, gamma):
    r"""CKM phase δ of the standard parametrisation from the unitarity-triangle angle γ (exact).

    With s13 = |V_ub|, s12 = V_us/c13, s23 = V_cb/c13 and the standard parametrisation (PDG
    "CKM quark-mixing matrix" review), γ ≡ arg(−V_ud V_ub*/(V_cd V_cb*)) = δ − arg(a + b e^{iδ})
    with a = s12 c23 and b = c12 s23 s13. Solving ``a e^{-iδ} + b = r e^{-iγ}`` for r > 0 gives
    r = b cos γ + √(a² − b² sin² γ) and δ = arg(r e^{iγ} − b). Differentiable; δ − γ = O(b/a)
    ≈ 7 × 10⁻⁴ for physical inputs. Derived here; the test checks it by rebuilding γ from the
    matrix.
    """
    s13 = Vub
    c13 = jnp.sqrt(1.0 - s13**2)
    s12 = Vus / c13
    s23 = Vcb / c13
    c12 = jnp.sqrt(1.0 - s12**2)
    c23 = jnp.sqrt(1.0 - s23**2)
    a = s12 * c23
    b = c12 * s23 * s13
    r = b * jnp.cos(gamma) + jnp.sqrt(a**2 - (b * jnp.sin(gamma)) ** 2)
    return jnp.arctan2(r * jnp.sin(gamma), r * jnp.cos(gamma) - b)
