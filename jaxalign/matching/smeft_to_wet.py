"""Tree-level matching of the SMEFT onto the weak effective theory (WET) at μ = m_Z, JMS basis.

Photon dipole (ALIGN eqs. 3.5–3.8): ``C_eγ = c_θ C_eB − s_θ C_eW`` and the WET (JMS) coefficient of
``(ē_L σ^{μν} e_R) F_{μν}`` is ``egamma = (v/√2) C_eγ`` (GeV⁻¹). The weak mixing angle is fixed
from the matching inputs as in the reference calculation: ``g2 = 2 m_W/v``,
``e = √(4π α)``, ``g1 = e g2/√(g2² − e²)``, ``c_θ = g2/√(g1²+g2²)``, ``s_θ = g1/√(g1²+g2²)``
(c_θ = 0.8772 with m_W = 80.385 GeV and α = 1/127.9). The coefficients must already be in the
Warsaw-down basis (see :func:`jaxalign.smeft.flavour_basis.to_warsaw_down`), where charged
leptons, down quarks and right-handed up quarks are mass eigenstates and ``q = (V† u_L, d_L)``.

:func:`match_tree` returns the part of the WET that the observables of jaxalign use, with the
names and conventions of the JMS basis (Jenkins, Manohar, Stoffer, arXiv:1709.04486, tree-level
matching to O(1/Λ²); WCxf ``WET.JMS``; ``L = Σ L_i O_i (+ h.c.)``):

* dipoles ``egamma``, ``dgamma`` (``(d̄_L σF d_R)``, = (v/√2)(c_θ C_dB − s_θ C_dW)) and ``dG``
  (= (v/√2) C_dG);
* semileptonic ``VedLL (ē_L γ e_L)(d̄_L γ d_L)``, ``VedLR (ē_L γ e_L)(d̄_R γ d_R)``,
  ``VdeLR (d̄_L γ d_L)(ē_R γ e_R)``, ``VedRR``, ``SedRL (ē_L e_R)(d̄_R d_L)``: the four-fermion
  coefficients plus Z exchange, ``−(g_Z²/m_Z²)[Z_e]_pr[Z_d]_st`` with ``g_Z²/m_Z² = 4/v²`` and the
  dimension-six Z couplings ``[Z_eL] ⊃ −(v²/2)(C_phil1 + C_phil3)``, ``[Z_dL] ⊃ −(v²/2)(C_phiq1 +
  C_phiq3)``, ``[Z_eR] ⊃ −(v²/2)C_phie``, ``[Z_dR] ⊃ −(v²/2)C_phid`` times the SM couplings
  ``T₃ − Q s_θ²``;
* up-quark scalar and tensor operators with leptons, ``SeuRR``, ``TeuRR`` (ē_L e_R)(ū_L u_R),
  (ē_L σ e_R)(ū_L σ u_R), for u and c (index 0, 1; the top is integrated out):
  ``−Σ_s V_as C_lequ(1,3),prst`` (the ε contraction gives the minus sign, V the CKM matrix).

Only terms linear in the new-physics coefficients are kept; the SM×SM contributions are not
part of the WET coefficients here (as in wilson's output, which lists new physics only), and the
O(v²C) shifts of the SM Z couplings through C_phiWB, C_phiD, C_ll (which touch only
flavour-diagonal entries) are not included.
"""

from __future__ import annotations

import jax.numpy as jnp

from ..smeft.sm_couplings import vev_from_gf

__all__ = ["weak_mixing", "egamma_tree", "ckm_from_state", "match_tree"]


def weak_mixing(sm):
    """(c_θ, s_θ, e) from the matching inputs of ``sm``."""
    v = vev_from_gf(sm.GF)
    e = jnp.sqrt(4.0 * jnp.pi * sm.match_alpha_e)
    g2 = 2.0 * sm.match_m_W / v
    g1 = e * g2 / jnp.sqrt(g2**2 - e**2)
    n = jnp.sqrt(g1**2 + g2**2)
    return g2 / n, g1 / n, e


def _get(y, k, shape):
    return y[k] if k in y else jnp.zeros(shape, complex)


def egamma_tree(y: dict, sm):
    """Photon dipole ``egamma`` (3×3, GeV⁻¹, JMS) at m_Z from ``eB``, ``eW`` in the mass basis."""
    cw, sw, _ = weak_mixing(sm)
    v = vev_from_gf(sm.GF)
    return v / jnp.sqrt(2.0) * (cw * _get(y, "eB", (3, 3)) - sw * _get(y, "eW", (3, 3)))


def ckm_from_state(y: dict, v):
    """CKM matrix from a state in the Warsaw-down basis, ``M_u = V† diag(m_u, m_c, m_t)``.

    The columns of ``M_u`` have norms m_i, so ``V = (M_u diag(1/m))†`` exactly (differentiable).
    """
    Mu = v / jnp.sqrt(2.0) * (y["Gu"] - v**2 / 2.0 * _get(y, "uphi", (3, 3)))
    m = jnp.sqrt(jnp.sum(jnp.abs(Mu) ** 2, axis=0))
    return jnp.conj(Mu / m[None, :]).T


def match_tree(y: dict, sm) -> dict:
    """JMS coefficients (new physics, tree level) at m_Z from a Warsaw-down SMEFT state ``y``.

    Returns a dict of complex arrays: ``egamma, dgamma, dG`` (3, 3); ``VedLL, VedLR, VedRR,
    SedRL`` (3, 3, 3, 3) in the index order (e, e, d, d); ``VdeLR`` (d, d, e, e);
    ``SeuRR, TeuRR`` (3, 3, 2, 2) (e, e, u, u) with u, c only. GeV⁻¹ for dipoles, GeV⁻² else.
    """
    cw, sw, _ = weak_mixing(sm)
    s2 = sw**2
    v = vev_from_gf(sm.GF)
    r2 = v / jnp.sqrt(2.0)
    g = lambda k, s=(3, 3): _get(y, k, s)  # noqa: E731
    eye = jnp.eye(3)
    # SM Z couplings T3 − Q s² of e_L, e_R, d_L, d_R; dimension-six shifts times (−v²/2)
    zeL, zeR, zdL, zdR = -0.5 + s2, s2, -0.5 + s2 / 3.0, s2 / 3.0
    dZeL = g("phil1") + g("phil3")
    dZeR = g("phie")
    dZdL = g("phiq1") + g("phiq3")
    dZdR = g("phid")

    def z_exchange(zA, dA, zB, dB):
        # −(4/v²)[Z_A]_pr [Z_B]_st, linear in the shifts [Z] ⊃ −(v²/2) d:  2 (z_A δ d_B + d_A z_B δ)
        return 2.0 * (zA * jnp.einsum("pr,st->prst", eye, dB) + zB * jnp.einsum("pr,st->prst", dA, eye))

    V = ckm_from_state(y, v)
    Vl = V[:2, :]  # u, c rows
    out = {
        "egamma": egamma_tree(y, sm),
        "dgamma": r2 * (cw * g("dB") - sw * g("dW")),
        "dG": r2 * g("dG"),
        "VedLL": g("lq1", (3,) * 4) + g("lq3", (3,) * 4) + z_exchange(zeL, dZeL, zdL, dZdL),
        "VedLR": g("ld", (3,) * 4) + z_exchange(zeL, dZeL, zdR, dZdR),
        "VdeLR": g("qe", (3,) * 4) + z_exchange(zdL, dZdL, zeR, dZeR),
        "VedRR": g("ed", (3,) * 4) + z_exchange(zeR, dZeR, zdR, dZdR),
        "SedRL": g("ledq", (3,) * 4),
        "SeuRR": -jnp.einsum("as,prst->prat", Vl, g("lequ1", (3,) * 4))[..., :2],
        "TeuRR": -jnp.einsum("as,prst->prat", Vl, g("lequ3", (3,) * 4))[..., :2],
    }
    return out
