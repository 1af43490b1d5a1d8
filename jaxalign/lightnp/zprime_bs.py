r"""Heavy Z′ with a flavour-violating b–s coupling: C9, C10 (flavio normalisation) and B_s mixing.

Lagrangian (couplings at the Z′ mass M, in GeV; g_bs complex):

    L ⊃ −Z′_α [ g_bs s̄γ^α P_L b + g_bs* b̄γ^α P_L s + g_L μ̄γ^α P_L μ + g_R μ̄γ^α P_R μ + g_L ν̄_μγ^α P_L ν_μ ],

i.e. muon vector/axial couplings g_V = (g_L + g_R)/2, g_A = (g_L − g_R)/2 in μ̄γ(g_V − g_Aγ5)μ.
The ν_μ coupling equals g_L (SU(2)_L); it enters the trident rate. L_μ−L_τ: g_L = g_R = g.

b → sμμ (tree level)
--------------------
Integrating Z′ out, ``L_eff = −(1/M²) g_bs (s̄γP_Lb)(μ̄γ(g_V − g_Aγ5)μ)``. With flavio's
``H_eff = −N₀ Σ C_i O_i``, N₀ = (4G_F/√2) λ_t, λ_t = V_tb V_ts*, O9 = (e²/16π²)(s̄γP_Lb)(μ̄γμ),
O10 = (e²/16π²)(s̄γP_Lb)(μ̄γγ5μ) (Straub arXiv:1810.08132; :mod:`jaxalign.wet.flavio_basis`):

    C9^NP  = −(√2 π/(G_F α λ_t)) g_bs g_V/M² = −(π/(√2 G_F α λ_t)) g_bs (g_L + g_R)/M²,
    C10^NP = +(√2 π/(G_F α λ_t)) g_bs g_A/M² = +(π/(√2 G_F α λ_t)) g_bs (g_L − g_R)/M²,

so a purely left-handed muon coupling (g_R = 0) gives C9 = −C10 = −(π/(√2 G_F α λ_t)) g_bs g_L/M²
(the normalisation often quoted, with g_μμ ≡ g_L), and a vector coupling g (L_μ−L_τ,
g_L = g_R = g) gives C9 = −(√2π/(G_F α λ_t)) g_bs g/M², C10 = 0. Derived here from the Lagrangian
above; for real couplings and λ_t < 0 (V_ts < 0), C9 < 0 needs g_bs g_V < 0.
α is α_e at μ_b = 4.8 GeV (flavio's default b-physics scale), from the jaxalign QED running
(:func:`jaxalign.wet.qed.alpha_e`); the coefficients are at that scale (the currents do not run
under QCD; O9, O10 carry e²(μ)).

B_s–B̄_s mixing
--------------
The Z′ gives ``H ⊃ C_NP (s̄γ^μP_Lb)(s̄γ_μP_Lb)`` with C_NP(M) = g_bs²/(2M²); the SM gives the
same operator with C_SM(m_t) = (G_F² m_W²/(4π²)) λ_t² S₀(x_t) at μ = m_t (Buchalla, Buras,
Lautenbacher, Rev. Mod. Phys. 68 (1996) 1125, eq. (XII.1), with (s̄b)_{V−A}(s̄b)_{V−A} =
4(s̄γP_Lb)², and the Inami–Lim S₀(x) = [4x − 11x² + x³]/[4(1−x)²] − 3x³ ln x/[2(1−x)³],
x_t = m̄_t(m̄_t)²/m_W²). Below m_t both run identically (the same operator, the same η_B), so

    M₁₂/M₁₂^SM − 1 = C_NP(M) [α_s(M)/α_s(m_t)]^{6/21} / C_SM(m_t)  ≡ R,
    ΔM_s/ΔM_s^SM − 1 = |1 + R| − 1,

with the LO running of the VLL operator above m_t (γ₀ = 4, β₀ = 7 for n_f = 6; Buras, Misiak,
Urban hep-ph/0005183). NLO QCD corrections to the SM matching (a few %) are neglected: this is
the LO normalisation constant of the ratio, good to ~5 %. m̄_t(m̄_t) is obtained from the MSbar
m_t(m_Z) of the jaxalign inputs with one-loop QCD running; α_s at one loop from α_s(m_Z).
U1X "Z′ models: L_μ−L_τ" quotes g_bs²/m² ≲ 1/(244 TeV)² for |M₁₂/M₁₂^SM − 1| ≈ 10 %; the tests
reproduce that at the ±20 % level.
"""

from __future__ import annotations

import functools

import jax.numpy as jnp

__all__ = ["MU_B", "inputs_bs", "inputs_bs_vintage", "wilson_c9_c10", "inami_lim_s0", "alpha_s_one_loop", "bs_mixing_ratio", "delta_ms_ratio"]

#: Scale of the b → sμμ coefficients (flavio's default for b-physics observables), GeV.
MU_B = 4.8


def alpha_s_one_loop(mu, alpha_s_mz, m_Z=91.1876, m_t=None):
    r"""α_s(μ) at one loop from α_s(m_Z): n_f = 5 below ``m_t`` (if given), 6 above (continuous)."""
    b5 = 11.0 - 2.0 * 5 / 3.0
    a = alpha_s_mz / (1.0 + b5 * alpha_s_mz / (2.0 * jnp.pi) * jnp.log(mu / m_Z))
    if m_t is None:
        return a
    a_t = alpha_s_mz / (1.0 + b5 * alpha_s_mz / (2.0 * jnp.pi) * jnp.log(m_t / m_Z))
    b6 = 11.0 - 2.0 * 6 / 3.0
    a6 = a_t / (1.0 + b6 * a_t / (2.0 * jnp.pi) * jnp.log(mu / m_t))
    return jnp.where(mu > m_t, a6, a)


def inami_lim_s0(x):
    r"""Inami–Lim function S₀(x) of the SM ΔF = 2 box (Buchalla, Buras, Lautenbacher 1996)."""
    return (4 * x - 11 * x**2 + x**3) / (4 * (1 - x) ** 2) - 3 * x**3 * jnp.log(x) / (2 * (1 - x) ** 3)


def inputs_bs(sm):
    r"""Numbers needed here from an :class:`jaxalign.inputs.SMInputs`: a dict with G_F, λ_t,
    α_e(μ_b), m_W (pole, ``match_m_W``), m̄_t(m̄_t) and α_s(m_Z).

    m̄_t(m̄_t) from m̄_t(m_Z) (``m_up_mz[2]``) by one-loop running m ∝ α_s^{12/23}, solved by
    fixed-point iteration.
    """
    import jax

    from jaxalign.smeft.sm_couplings import ckm_standard
    from jaxalign.wet.flavio_basis import lambda_t
    from jaxalign.wet.qed import alpha_e

    with jax.ensure_compile_time_eval():  # inputs are constants: evaluate eagerly even under jit
        V = ckm_standard(sm.Vus, sm.Vub, sm.Vcb, sm.delta_ckm)
        mt_mz = sm.m_up_mz[2]
        asz = sm.alpha_s_mz
        mt = mt_mz
        for _ in range(6):
            mt = mt_mz * (alpha_s_one_loop(mt, asz) / asz) ** (12.0 / 23.0)
        return {
            "GF": sm.GF,
            "lam_t": lambda_t(V),
            "alpha_mb": alpha_e(MU_B, sm.alpha_e_mz),
            "m_W": sm.match_m_W,
            "m_t": mt,
            "alpha_s_mz": asz,
        }


@functools.lru_cache(maxsize=None)
def inputs_bs_vintage(vintage: str = "2021"):
    """:func:`inputs_bs` of the bundled SM input set ``vintage``, computed once and cached."""
    from .g2 import default_sm

    return inputs_bs(default_sm(vintage))


def wilson_c9_c10(g_bs, g_L, g_R, M, *, GF, lam_t, alpha):
    r"""(C9^NP, C10^NP) of b → sμμ in flavio normalisation (module docstring), complex.

    ``g_bs`` may be complex; ``g_L``, ``g_R`` real muon couplings; M in GeV; ``alpha`` = α_e(μ_b).
    """
    N = GF * lam_t * alpha / (jnp.sqrt(2.0) * jnp.pi)  # = (4G_F/√2) λ_t e²/(16π²)
    g_V = 0.5 * (g_L + g_R)
    g_A = 0.5 * (g_L - g_R)
    c9 = -g_bs * g_V / (M**2 * N)
    c10 = g_bs * g_A / (M**2 * N)
    return c9, c10


def bs_mixing_ratio(g_bs, M, *, GF, lam_t, m_W, m_t, alpha_s_mz):
    r"""R = M₁₂^{Z′}/M₁₂^SM (complex), module docstring. ``g_bs`` complex, M in GeV."""
    x_t = (m_t / m_W) ** 2
    c_sm = GF**2 * m_W**2 / (4.0 * jnp.pi**2) * lam_t**2 * inami_lim_s0(x_t)
    a_M = alpha_s_one_loop(M, alpha_s_mz, m_t=m_t)
    a_t = alpha_s_one_loop(m_t, alpha_s_mz)
    eta = jnp.where(M > m_t, (a_M / a_t) ** (6.0 / 21.0), (a_M / a_t) ** (6.0 / 23.0))
    return g_bs**2 / (2.0 * M**2) * eta / c_sm


def delta_ms_ratio(g_bs, M, **kw):
    r"""ΔM_s/ΔM_s^SM − 1 = |1 + R| − 1 (R from :func:`bs_mixing_ratio`; ``kw`` as there).

    Written as (2 Re R + |R|²)/(|1 + R| + 1) so that it is smooth at R = 0.
    """
    R = bs_mixing_ratio(g_bs, M, **kw)
    a = 2.0 * jnp.real(R) + jnp.real(R) ** 2 + jnp.imag(R) ** 2
    return a / (jnp.sqrt(1.0 + a) + 1.0)
