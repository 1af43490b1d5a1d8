"""SM couplings of the SMEFT at the electroweak scale, with the dimension-six corrections.

The SM Lagrangian parameters of the SMEFT (``g, gp, gs, Lambda, m2, Gu, Gd, Ge``; conventions in
:mod:`jaxalign.smeft.operators`) are fixed at μ = ``scale_ew`` (91.1876 GeV) from MSbar inputs
(G_F, α_e, α_s, m_W, m_h, running fermion masses, CKM). In the presence of dimension-six
operators the relations receive O(v²C) corrections (Alonso, Jenkins, Manohar, Trott,
arXiv:1312.2014, §5; Jenkins, Manohar, Trott arXiv:1308.2627 §2):

* Higgs potential ``V = −m2 H†H + (Lambda/2)(H†H)² − C_phi (H†H)³``: with
  ``c_kin = C_phiBox − C_phiD/4``, ``M_h² = v²(1 + c_kin v²)² (Lambda − 3 C_phi v²)`` and the
  minimum condition ``m2 = Lambda v²/2 − (3/4) C_phi v⁴``;
* gauge couplings: the canonically normalised ḡ = g(1 − C_phiW v²)⁻¹ etc., so
  ``g = ḡ (1 − C_phiW v²)``, ``gs = ḡs (1 − C_phiG v²)``, ``gp = ḡ' (1 − C_phiB v²)`` with
  ḡ' from ``ē = ḡḡ'/√(ḡ²+ḡ'²) (1 − ε ḡḡ'/(ḡ²+ḡ'²))``, ``ε = C_phiWB v²``;
* fermion masses ``M_f = (v/√2)(G_f − (v²/2) C_fphi)``, so ``G_f = √2 M_f / v + (v²/2) C_fphi``,
  in the Warsaw-down basis ``M_d = diag(m_d, m_s, m_b)``, ``M_e = diag(m_e, m_μ, m_τ)``,
  ``M_u = V† diag(m_u, m_c, m_t)``.

Here ``v = (√2 G_F)^{-1/2}`` (the dimension-six correction to the muon decay is not applied, as in
the reference tools). Everything is written in JAX and differentiable in the inputs and in C.
"""

from __future__ import annotations

import jax.numpy as jnp

__all__ = ["ckm_standard", "sm_couplings_ew", "vev_from_gf", "vev_and_mh2"]


def vev_from_gf(GF):
    """v = (√2 G_F)^{-1/2} in GeV."""
    return (jnp.sqrt(2.0) * GF) ** -0.5


def ckm_standard(Vus, Vub, Vcb, delta):
    """CKM matrix in the standard (PDG) parametrisation from |V_us|, |V_ub|, |V_cb| and δ.

    s13 = |V_ub|, s12 = |V_us|/c13, s23 = |V_cb|/c13 (PDG review "CKM quark-mixing matrix").
    """
    s13 = Vub
    c13 = jnp.sqrt(1.0 - s13**2)
    s12 = Vus / c13
    c12 = jnp.sqrt(1.0 - s12**2)
    s23 = Vcb / c13
    c23 = jnp.sqrt(1.0 - s23**2)
    ed = jnp.exp(1j * delta)
    return jnp.array(
        [
            [c12 * c13, s12 * c13, s13 / ed],
            [-s12 * c23 - c12 * s23 * s13 * ed, c12 * c23 - s12 * s23 * s13 * ed, s23 * c13],
            [s12 * s23 - c12 * c23 * s13 * ed, -c12 * s23 - s12 * c23 * s13 * ed, c23 * c13],
        ]
    )


def _c(C, name, shape=()):
    """Coefficient ``name`` from the dict ``C`` (zero if absent)."""
    if name in C:
        return C[name]
    return jnp.zeros(shape, dtype=complex) if shape else 0.0


def vev_and_mh2(m2, Lambda, C):
    """Inverse of the potential relations: (v, M_h²) from (m2, Lambda) and C_phi, c_kin."""
    Cphi = jnp.real(_c(C, "phi"))
    ckin = jnp.real(_c(C, "phiBox")) - jnp.real(_c(C, "phiD")) / 4.0
    # v² = (Lambda − sqrt(Lambda² − 12 C_phi m2)) / (3 C_phi), written in a form that is regular
    # at C_phi → 0: v² = 4 m2 / (Lambda + sqrt(Lambda² − 12 C_phi m2)).
    v2 = 4.0 * m2 / (Lambda + jnp.sqrt(Lambda**2 - 12.0 * Cphi * m2))
    mh2 = v2 * (1.0 + ckin * v2) ** 2 * (Lambda - 3.0 * Cphi * v2)
    return jnp.sqrt(v2), mh2


def _gp_bar(ebar, gbar, eps, n_iter: int = 8):
    """Solve ē = ḡḡ'/√(ḡ²+ḡ'²) · (1 − ε ḡḡ'/(ḡ²+ḡ'²)) for ḡ' by fixed-point/Newton iteration.

    Starts from the ε = 0 solution ḡ' = ēḡ/√(ḡ²−ē²); ε = C_phiWB v² is O(v²/Λ²) so a few Newton
    steps converge to machine precision. Differentiable (unrolled).
    """
    x = ebar * gbar / jnp.sqrt(gbar**2 - ebar**2)

    def f(x):
        s = gbar**2 + x**2
        return gbar * x / jnp.sqrt(s) * (1.0 - eps * gbar * x / s) - ebar

    def df(x):
        h = 1e-7 * x
        return (f(x + h) - f(x - h)) / (2 * h)

    for _ in range(n_iter):
        x = x - f(x) / df(x)
    return x


def sm_couplings_ew(sm, C: dict | None = None) -> dict:
    """SM couplings at ``sm.scale_ew`` in the Warsaw-down basis, given dimension-six coefficients.

    Args:
        sm: :class:`jaxalign.inputs.SMInputs` (uses GF, alpha_e_mz, alpha_s_mz, m_W_run, m_h_run,
            MSbar masses at M_Z and the CKM inputs).
        C: full-flavour arrays of dimension-six coefficients at the EW scale (GeV⁻²); missing
            classes count as zero.

    Returns:
        dict with ``g, gp, gs, Lambda, m2`` (real) and ``Gu, Gd, Ge`` (complex 3×3).
    """
    C = {} if C is None else C
    v = vev_from_gf(sm.GF)
    v2 = v**2
    Cphi = jnp.real(_c(C, "phi"))
    ckin = jnp.real(_c(C, "phiBox")) - jnp.real(_c(C, "phiD")) / 4.0
    kin = (1.0 + ckin * v2) ** 2
    Lambda = (sm.m_h_run**2 + 3.0 * Cphi * v2**2 * kin) / (v2 * kin)
    m2 = Lambda * v2 / 2.0 - 0.75 * Cphi * v2**2
    gsbar = jnp.sqrt(4.0 * jnp.pi * sm.alpha_s_mz)
    gbar = 2.0 * sm.m_W_run / v
    ebar = jnp.sqrt(4.0 * jnp.pi * sm.alpha_e_mz)
    gpbar = _gp_bar(ebar, gbar, jnp.real(_c(C, "phiWB")) * v2)
    K = ckm_standard(sm.Vus, sm.Vub, sm.Vcb, sm.delta_ckm)
    Mu = K.conj().T @ jnp.diag(sm.m_up_mz.astype(complex))
    Md = jnp.diag(sm.m_down_mz.astype(complex))
    Me = jnp.diag(sm.m_lepton_mz.astype(complex))
    f = jnp.sqrt(2.0) / v
    return {
        "g": gbar * (1.0 - jnp.real(_c(C, "phiW")) * v2),
        "gp": gpbar * (1.0 - jnp.real(_c(C, "phiB")) * v2),
        "gs": gsbar * (1.0 - jnp.real(_c(C, "phiG")) * v2),
        "Lambda": Lambda,
        "m2": m2,
        "Gu": f * Mu + _c(C, "uphi", (3, 3)) * v2 / 2.0,
        "Gd": f * Md + _c(C, "dphi", (3, 3)) * v2 / 2.0,
        "Ge": f * Me + _c(C, "ephi", (3, 3)) * v2 / 2.0,
    }
