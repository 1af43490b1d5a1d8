"""Shared pieces of the one-loop SMEFT β-functions: conventions, group theory, Yukawa helpers.

Conventions (WCxf / wilson; the papers [JMT1] arXiv:1308.2627, [JMT2] arXiv:1310.4838,
[AJMT] arXiv:1312.2014 use others, translated in each module):

* ``L ⊃ −[(Ge)_pr l̄_p e_r H + (Gd)_pr q̄_p d_r H + (Gu)_pr q̄_p u_r H̃] + h.c.``, H̃ = iσ²H*,
  so the [JMT] Yukawa matrices are Y_ψ = G_ψ† (e.g. [JMT] ``C Y_u`` ↔ ``Σ_st C_prst Gu*_st``);
* ``V = −m2 H†H + (Lambda/2)(H†H)²``: λ_JMT = Lambda/2, m²_JMT = m2;
* ``D = ∂ + i g' Y B + i g τ/2 W + i g_s T G`` (the [JMT] sign), ε₁₂ = +1;
* ``L = Σ C_i O_i (+ h.c. for non-Hermitian O_i)`` summed over *all* flavour indices; each class
  is one full flavour array in WCxf index order (``lequ3_2233`` ↔ ``lequ3[1, 1, 2, 2]``), filled
  with all its symmetric orderings (see :mod:`jaxalign.smeft.operators`); dimension six in GeV⁻².

Every β function here returns β̂ with dC/d ln μ = β̂/(16π²) (no loop factor).

The state handed to a β function is a dict ``C`` with the SM couplings ``g, gp, gs, Lambda, m2``
(real scalars), ``Gu, Gd, Ge`` (complex 3×3) and all 59 baryon-number-conserving Warsaw classes:
real scalars (0-d float arrays) for the bosonic classes, complex arrays for the flavoured ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import jax.numpy as jnp

# --- group theory and hypercharges ([AJMT] Sec. 2 notation) ---------------------------------
N_C = 3  # colours
N_G = 3  # generations
C_F2, C_A2 = 3.0 / 4.0, 2.0  # SU(2): Casimir of the doublet, of the adjoint
C_F3, C_A3 = 4.0 / 3.0, 3.0  # SU(3)
Y_H, Y_L, Y_E, Y_Q, Y_U, Y_D = 0.5, -0.5, -1.0, 1.0 / 6.0, 2.0 / 3.0, -1.0 / 3.0
# One-loop gauge β coefficients, dg_i/d ln μ = −b_{0,i} g_i³/(16π²) ([AJMT] Sec. 2):
B0_1 = -1.0 / 6.0 - 20.0 / 9.0 * N_G  # = −41/6
B0_2 = 43.0 / 6.0 - 4.0 / 3.0 * N_G  # = 19/6
B0_3 = 11.0 - 4.0 / 3.0 * N_G  # = 7


def dag(a):
    """Hermitian conjugate of a matrix (last two axes)."""
    return jnp.conj(jnp.swapaxes(a, -1, -2))


def ein(spec, *ops):
    """``jnp.einsum`` with an optimal contraction order."""
    return jnp.einsum(spec, *ops, optimize="optimal")


@dataclass(frozen=True)
class Yuk:
    """Yukawa matrices and the recurring combinations built from them (G notation).

    γ_H = Tr[N_c Gu Gu† + N_c Gd Gd† + Ge Ge†] is the Higgs wave-function term ([JMT2] γ_H^(Y));
    Γ_q = ½(Gu Gu† + Gd Gd†), Γ_u = Gu† Gu, Γ_d = Gd† Gd, Γ_l = ½ Ge Ge†, Γ_e = Ge† Ge are the
    fermion wave-function matrices (field anomalous dimensions), acting on the index of the
    corresponding field.
    """

    Gu: jnp.ndarray
    Gd: jnp.ndarray
    Ge: jnp.ndarray

    @property
    def gamma_H(self):
        return jnp.real(N_C * jnp.trace(self.Gu @ dag(self.Gu))
                        + N_C * jnp.trace(self.Gd @ dag(self.Gd))
                        + jnp.trace(self.Ge @ dag(self.Ge)))

    @property
    def Gam_q(self):
        return 0.5 * (self.Gu @ dag(self.Gu) + self.Gd @ dag(self.Gd))

    @property
    def Gam_u(self):
        return dag(self.Gu) @ self.Gu

    @property
    def Gam_d(self):
        return dag(self.Gd) @ self.Gd

    @property
    def Gam_l(self):
        return 0.5 * self.Ge @ dag(self.Ge)

    @property
    def Gam_e(self):
        return dag(self.Ge) @ self.Ge


def ffwf(C, G_a, G_b, G_c, G_d):
    """Wave-function part of a ψ⁴ coefficient C_prst (ψ̄_p ψ_r)(ψ̄_s ψ_t): Γ acts from the left on
    the barred indices p, s and from the right on r, t ([JMT2])."""
    return (ein("pv,vrst->prst", G_a, C) + ein("vr,pvst->prst", G_b, C)
            + ein("sv,prvt->prst", G_c, C) + ein("vt,prsv->prst", G_d, C))


def _perm(a, order):
    return jnp.transpose(a, order)


def project(name: str, a):
    """Project a flavour array onto the symmetric subspace of its Warsaw class.

    The Lagrangian (sum over all flavour indices) depends only on this projection, so it is the
    physical part of a β function: real part for the bosonic classes, Hermitian part for
    ``hermitian2``, and for four-fermion classes the average over the orderings related by the
    class symmetries (``identical_pair``: C_prst = C_stpr; ``ee``: also C_prst = C_ptsr; conjugate
    pairs C_rpts = C_prst*), as in :mod:`jaxalign.smeft.operators`.
    """
    from ..operators import WARSAW_CLASSES

    sym = WARSAW_CLASSES[name]
    if sym == "real0":
        return jnp.real(a)
    if sym == "general2" or sym == "general4":
        return a
    if sym == "hermitian2":
        return 0.5 * (a + dag(a))
    real_orbit = [(0, 1, 2, 3)]
    if sym in ("identical_pair", "ee"):
        real_orbit.append((2, 3, 0, 1))
    if sym == "ee":
        real_orbit += [(0, 3, 2, 1), (2, 1, 0, 3)]
    terms = [_perm(a, o) for o in real_orbit]
    # conjugate partner: C_rpts = C_prst*  ->  a'_prst = conj(a_rpts)
    terms += [jnp.conj(_perm(t, (1, 0, 3, 2))) for t in terms]
    return sum(terms) / len(terms)
