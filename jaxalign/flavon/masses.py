r"""Generic Froggatt–Nielsen mechanism: tree and radiative lepton masses, Δa_ℓ and d_e
(FLAVON §1, §2.1, §4: eqs. 1.4–1.8, 2.3–2.10, 4.5–4.6).

Conventions (FLAVON eq. 1.3)::

    L ⊃ (e m_ℓ / 8π²) C_ℓℓ' (ℓ̄ σ_μν P_R ℓ') F^μν + h.c.,   C in GeV⁻²,

with the overall sign of e chosen as in the paper, so that a positive Re C_μμ gives a positive
Δa_μ (eqs. 1.5–1.6). Then

* Δa_ℓ = m_ℓ² Re(C_ℓℓ) / (2π²)  — eq. (1.4) is printed with (2π)² in the denominator; its own
  numbers (1.5), (1.6) need 2π² (``shared/PHYSICS.md`` §0; checked in the tests);
* d_ℓ/e = m_ℓ Im(C_ℓℓ) / (4π²)  — eq. (4.5), so that d_ℓ/e = Δa_ℓ tan(arg C)/(2 m_ℓ);
* BR(ℓ→ℓ'γ)/BR(ℓ→ℓ'νν̄) = 3α/(π G_F²) (|C_ℓℓ'|² + |C_ℓ'ℓ|²) — eq. (1.7).

Generic mechanism (§2.1). With n flavon insertions, coupling g_ℓ, ε = v/M_χ, v_1 = ⟨φ_1⟩, v_a =
⟨φ_a⟩, the flavour-violating quartic λ(φ_a†φ_1)² and x_φ = μ_φ1/M_χ::

    m^FN  = g^{n+1} (v_H/√2) ε^{n−2} (v_1/M_χ)²                               (2.3)
    m^RAD = g^{n+1} (v_H/√2) ε^{n−2} (v_a/M_χ)² λ/(16π²) I_m^×(x_φ)           (2.4)
    Δa_ℓ  = g^{n+1} (v_H/√2) (m_ℓ/M_χ²) ε^{n−2} (v_a/M_χ)² λ/(8π²) I_Δa^×(x_φ)  (2.6)

Ratios independent of g, n, ε (eqs. 2.9, 2.10), with |m^RAD| = c_ℓ m_ℓ (2.8)::

    Δa_ℓ / m^RAD = 2 m_ℓ/M_χ² · I_Δa^×/I_m^×  ⇒  |Δa_ℓ| = 2 c_ℓ m_ℓ² R(x_φ)/M_χ²,  R = I_Δa^×/I_m^×
    |λ m^FN / m^RAD| = λ (c_ℓ ± 1)/c_ℓ = 16π² (v_1/v_a)² / |I_m^×(x_φ)|       (+ for e, − for μ)

Eq. (2.10) is printed with I_m^× instead of |I_m^×| (I_m^× < 0 while the left side is positive).
Signs after the rephasing to positive physical masses (§2.1): m_μ^RAD dominates the muon mass,
so Δa_μ > 0; m_e^FN dominates the electron mass and m_e^RAD has the opposite sign, so Δa_e < 0;
hence m^FN = (c_ℓ ± 1) m_ℓ with + for the electron and − for the muon.

Everything is pure JAX (jit/grad/vmap); masses in GeV.
"""

from __future__ import annotations

import jax.numpy as jnp

from ..units import cm
from .loops import I_da_cross, I_m_cross, ratio_da_m_cross

__all__ = [
    "SIXTEEN_PI2",
    "m_fn",
    "m_rad",
    "delta_a_mechanism",
    "da_over_mrad",
    "delta_a_from_c",
    "c_from_delta_a",
    "mchi_from_delta_a",
    "fn_over_rad",
    "v1_over_va",
    "mchi_band",
    "common_mchi_window",
    "v1_over_va_band",
    "delta_a_from_dipole",
    "dipole_from_delta_a",
    "edm_over_e_from_dipole",
    "edm_over_e_cm",
    "im_dipole_bound_from_edm",
    "br_ratio_radiative",
    "dipole_bound_from_br",
    "generic_observables",
    "LEPTON_SIGN",
]

SIXTEEN_PI2 = 16.0 * jnp.pi**2

#: Sign of Δa_ℓ in the physical basis in the mechanism of §2.1 (and the ± of eq. 2.10).
LEPTON_SIGN = {"e": -1.0, "mu": +1.0}


def m_fn(g, n, v_H, eps, v1, M):
    """FLAVON eq. (2.3): tree-level FN mass with n flavon insertions [GeV]."""
    return g ** (n + 1) * v_H / jnp.sqrt(2.0) * eps ** (n - 2) * (v1 / M) ** 2


def m_rad(g, n, v_H, eps, va, M, lam, x):
    """FLAVON eq. (2.4): radiative mass from the quartic λ(φ_a†φ_1)² [GeV] (negative for λ > 0)."""
    return g ** (n + 1) * v_H / jnp.sqrt(2.0) * eps ** (n - 2) * (va / M) ** 2 * lam / SIXTEEN_PI2 * I_m_cross(x)


def delta_a_mechanism(g, n, v_H, m_l, eps, va, M, lam, x):
    """FLAVON eq. (2.6): Δa_ℓ of the same diagram with a photon attached (before rephasing)."""
    return (g ** (n + 1) * v_H / jnp.sqrt(2.0) * m_l / M**2 * eps ** (n - 2) * (va / M) ** 2
            * lam / (8.0 * jnp.pi**2) * I_da_cross(x))


def da_over_mrad(m_l, M, x):
    """FLAVON eq. (2.9): Δa_ℓ/m_ℓ^RAD = 2 m_ℓ/M_χ² · I_Δa^×(x)/I_m^×(x)  [GeV⁻¹]."""
    return 2.0 * m_l / M**2 * ratio_da_m_cross(x)


def delta_a_from_c(c, m_l, M, x):
    """|Δa_ℓ| = 2 c_ℓ m_ℓ² R(x_φ)/M_χ² (eqs. 2.8–2.9)."""
    return c * m_l * da_over_mrad(m_l, M, x)


def c_from_delta_a(delta_a, m_l, M, x):
    """c_ℓ = |Δa_ℓ| M_χ² / (2 m_ℓ² R(x_φ)) (eq. 2.9 solved for c_ℓ)."""
    return jnp.abs(delta_a) / (m_l * da_over_mrad(m_l, M, x))


def mchi_from_delta_a(delta_a, c, m_l, x):
    """M_χ = sqrt(2 c_ℓ m_ℓ² R(x_φ) / |Δa_ℓ|) (eq. 2.9 solved for M_χ; FLAVON Fig. 3)."""
    return jnp.sqrt(2.0 * c * m_l**2 * ratio_da_m_cross(x) / jnp.abs(delta_a))


def fn_over_rad(c, lepton: str):
    """|m^FN/m^RAD| = (c ± 1)/c (eq. 2.10; + for the electron, − for the muon)."""
    return (c - LEPTON_SIGN[lepton]) / c


def v1_over_va(c, lam, x, lepton: str):
    """FLAVON eq. (2.10) solved for v_1/v_a = sqrt(λ (c ± 1)/c · |I_m^×(x)|/(16π²)) (Fig. 4).

    Eq. (2.10) is printed with I_m^× where |I_m^×| is meant (I_m^× < 0, the left side is > 0).
    """
    return jnp.sqrt(lam * fn_over_rad(c, lepton) * jnp.abs(I_m_cross(x)) / SIXTEEN_PI2)


def mchi_band(x, delta_a_lo, delta_a_hi, m_l, c_lo=1.0, c_hi=10.0):
    """FLAVON Fig. 3: (M_min, M_max) [GeV] at x_φ for |Δa_ℓ| ∈ [delta_a_lo, delta_a_hi] and
    c_ℓ ∈ [c_lo, c_hi] (eq. 2.9; the paper takes the 2σ band of eqs. 1.1–1.2 and c ∈ [1, 10])."""
    return (mchi_from_delta_a(delta_a_hi, c_lo, m_l, x), mchi_from_delta_a(delta_a_lo, c_hi, m_l, x))


def common_mchi_window(x, band_e, band_mu, m_e, m_mu, c_lo=1.0, c_hi=10.0):
    """(lower, upper) of the M_χ range where both anomalies are explained at x_φ (the overlap of
    the two panels of Fig. 3); empty where lower > upper. ``band_ℓ`` = (|Δa_ℓ|_lo, |Δa_ℓ|_hi)."""
    e_lo, e_hi = mchi_band(x, band_e[0], band_e[1], m_e, c_lo, c_hi)
    m_lo, m_hi = mchi_band(x, band_mu[0], band_mu[1], m_mu, c_lo, c_hi)
    return jnp.maximum(e_lo, m_lo), jnp.minimum(e_hi, m_hi)


def v1_over_va_band(x, lepton: str, c_lo=1.0, c_hi=10.0, lam_lo=jnp.pi / 6, lam_hi=2 * jnp.pi):
    """FLAVON Fig. 4: (min, max) of v_1/v_a at x_φ over c_ℓ ∈ [c_lo, c_hi] and λ ∈ [lam_lo, lam_hi]
    (eq. 2.10; (c ± 1)/c is monotonic in c, so the extremes sit at the corners)."""
    corners = jnp.stack([v1_over_va(c, lam, x, lepton) for c in (c_lo, c_hi) for lam in (lam_lo, lam_hi)])
    return jnp.min(corners), jnp.max(corners)


# ---------------------------------------------------------------- dipole EFT relations (§1, §4)


def delta_a_from_dipole(C, m_l):
    """Δa_ℓ = m_ℓ² Re(C_ℓℓ)/(2π²) — FLAVON eq. (1.4) with the misprinted (2π)² corrected."""
    return m_l**2 * jnp.real(C) / (2.0 * jnp.pi**2)


def dipole_from_delta_a(delta_a, m_l):
    """Re C_ℓℓ = 2π² Δa_ℓ/m_ℓ² [GeV⁻²] (inverse of eq. 1.4; gives eqs. 1.5, 1.6)."""
    return 2.0 * jnp.pi**2 * delta_a / m_l**2


def edm_over_e_from_dipole(C, m_l):
    """d_ℓ/e = m_ℓ Im(C_ℓℓ)/(4π²) in GeV⁻¹ — FLAVON eq. (4.5)."""
    return m_l * jnp.imag(C) / (4.0 * jnp.pi**2)


def edm_over_e_cm(d_over_e_gev_inv):
    """Convert d/e from GeV⁻¹ to cm (i.e. d in e·cm), with ħc of :mod:`jaxalign.units`."""
    return d_over_e_gev_inv / cm


def im_dipole_bound_from_edm(d_over_e_cm_limit, m_l):
    """|Im C_ℓℓ| < 4π² (d/e)/m_ℓ [GeV⁻²] from an EDM limit given in e·cm (eq. 4.6, see docs)."""
    return 4.0 * jnp.pi**2 * (d_over_e_cm_limit * cm) / m_l


def br_ratio_radiative(C_ab, C_ba, alpha, GF):
    """FLAVON eq. (1.7): BR(ℓ→ℓ'γ)/BR(ℓ→ℓ'νν̄) = 3α/(π G_F²)(|C_ℓℓ'|² + |C_ℓ'ℓ|²)."""
    return 3.0 * alpha / (jnp.pi * GF**2) * (jnp.abs(C_ab) ** 2 + jnp.abs(C_ba) ** 2)


def dipole_bound_from_br(br_limit, alpha, GF, br_nu=1.0):
    """|C_ℓℓ'| (one of the two, the other zero) allowed by BR(ℓ→ℓ'γ) < br_limit (eq. 1.8)."""
    return jnp.sqrt(br_limit / br_nu * jnp.pi * GF**2 / (3.0 * alpha))


# ---------------------------------------------------------------- generic-mechanism observables


def generic_observables(M, x, c_e, c_mu, phi_e, m_e, m_mu):
    """Δa_e, Δa_μ and d_e/e [GeV⁻¹] of the generic mechanism with the lepton masses fixed to the
    observed ones (FLAVON §2.1, eqs. 2.8–2.9, 4.5).

    |Δa_ℓ| = 2 c_ℓ m_ℓ² R(x)/M². The muon contribution is real and positive. The electron dipole
    coefficient, in the basis of real positive electron mass, is C_ee = −|C_ee| e^{iφ_e}: φ_e = 0 is
    the CP-conserving mechanism of the paper (Δa_e < 0); then Δa_e = −A_e cos φ_e and
    d_e/e = −A_e sin φ_e/(2 m_e), A_e = 2 c_e m_e² R/M² (eq. 4.5; sign convention of d_e as in
    :func:`edm_over_e_from_dipole`; the EDM likelihood is symmetric in the sign).
    """
    A_e = delta_a_from_c(c_e, m_e, M, x)
    A_mu = delta_a_from_c(c_mu, m_mu, M, x)
    return {
        "a_e": -A_e * jnp.cos(phi_e),
        "a_mu": A_mu,
        "d_e_gev_inv": -A_e * jnp.sin(phi_e) / (2.0 * m_e),
    }
