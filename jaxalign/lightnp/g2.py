r"""One-loop Δa_ℓ from light or heavy neutral bosons: vector/axial Z′, dark photon, ALP.

Every loop function is a Feynman-parameter integral over x ∈ [0, 1] evaluated with one fixed,
graded Gauss–Legendre rule (:func:`_graded_rule`): 62 sub-intervals whose end points shrink
geometrically (ratio 4) towards both x = 0 and x = 1 down to 10⁻¹⁸, 16 nodes each (992 nodes).
Both endpoints matter: for a light boson (r = M²/m² ≪ 1) the vector integrand changes at
x ~ √r, for a heavy one (r ≫ 1) at 1 − x ~ 1/r. The rule stores x and y = 1 − x separately, so
1 − x is exact next to x = 1. Against scipy ``quad`` (tests/lightnp) the relative error is
< 10⁻¹² for 10⁻¹² ≤ r ≤ 10¹⁶, i.e. M/m from 10⁻⁶ to 10⁸. There is no 0/0 anywhere (the nodes
are interior), and the same rule differentiates the integrands, so ``grad``/``jvp`` are as accurate
as the values. Everything is pure JAX, float64 (``import jaxalign`` enables x64), and works under
``jit``, ``grad`` and ``vmap``.

Conventions
-----------
* Vector boson X with ``L ⊃ −X_α ℓ̄ γ^α (g_V − g_A γ5) ℓ``. Δa_ℓ is quadratic in the couplings,
  V and A do not interfere for a flavour-diagonal loop, so the overall sign convention of the
  couplings is irrelevant here.
* Dark photon: kinetic mixing ``L ⊃ (ε/2) X_{μν}F^{μν}`` gives ``g_V = e ε Q_ℓ`` (NPG2 "Dark
  photon": ``L ⊃ ε e X_μ J^μ_EM``), with e = √(4πα(0)).
* ALP (NPG2 "Axion like particles"): ``L ⊃ c_ℓℓ ∂^α a/(2f) (ℓ̄γ_αγ5ℓ) + (α/4π) c_γγ (a/f)
  F_{μν}F̃^{μν}``, f the ALP decay constant in GeV, c_ℓℓ and c_γγ dimensionless (c_γγ is the
  effective coupling c_γγ^eff of NPG2, i.e. including whatever fermion loops the user wants in it).
  This is Bauer, Neubert, Thamm [BNT] arXiv:1708.00443 with c_ℓℓ/Λ_BNT = c_ℓℓ/f and
  e² C_γγ/Λ_BNT = (α/4π) c_γγ/f, i.e. C_γγ/Λ_BNT = c_γγ/(16π² f).
"""

from __future__ import annotations

import functools

import jax.numpy as jnp
import numpy as np

__all__ = [
    "loop_vector",
    "loop_axial",
    "loop_pseudoscalar",
    "loop_alp_photon",
    "delta_a_vector",
    "delta_a_dark_photon",
    "delta_a_alp",
    "delta_a_lmu_ltau",
    "delta_a_b_minus_3lmu",
    "lepton_couplings_lmu_ltau",
    "lepton_couplings_b_minus_3lmu",
    "default_sm",
]


# --------------------------------------------------------------------------------------------
# quadrature rule


def _graded_rule(ratio: float = 4.0, n: int = 16, t_min: float = 1e-18):
    """Gauss–Legendre nodes on [0, 1/2] graded geometrically towards 0, mirrored to [1/2, 1].

    Returns numpy arrays (x, y = 1 − x, w). The half-rule has sub-intervals
    [0, t_k], [t_k, t_{k-1}], …, [t_1, 1/2] with t_j = ½ ratio^{−j} ≥ t_min; each carries ``n``
    Gauss–Legendre nodes. On the mirrored half, y is the small node value itself (exact).
    """
    k = int(np.ceil(np.log(0.5 / t_min) / np.log(ratio)))
    edges = np.concatenate([[0.0], 0.5 * ratio ** (-np.arange(k, -1, -1.0))])
    t, w = np.polynomial.legendre.leggauss(n)
    s = np.concatenate([(b - a) / 2 * t + (a + b) / 2 for a, b in zip(edges[:-1], edges[1:])])
    ws = np.concatenate([(b - a) / 2 * w for a, b in zip(edges[:-1], edges[1:])])
    x = np.concatenate([s, 1.0 - s])
    y = np.concatenate([1.0 - s, s])
    return x, y, np.concatenate([ws, ws])


_X, _Y, _W = _graded_rule()


def _nodes():
    return jnp.asarray(_X), jnp.asarray(_Y), jnp.asarray(_W)


# --------------------------------------------------------------------------------------------
# loop functions of r = M²/m² (boson mass over lepton mass, squared)


def loop_vector(r):
    r"""I_V(r) = ∫₀¹ dx x²(1−x)/(x² + r(1−x)),  r = M²/m_ℓ².

    Δa_ℓ = g_V²/(4π²) I_V for a neutral vector with vector coupling g_V (Leveille, Nucl. Phys.
    B137 (1978) 63; Jegerlehner & Nyffeler, Phys. Rept. 477 (2009) 1, eq. (257) with Q_V at
    ε = 1: L = ½∫ 2x²(1−x)/((1−x)(1−λ²x)+λ²x), λ = m/M). Limits: I_V(0) = 1/2 (Δa → g²/8π²),
    I_V → 1/(3r) for r → ∞ (Δa → g² m²/(12π² M²), NPG2 "Gauged L_μ−L_τ"). Smooth for r > 0;
    I_V(r) = 1/2 − (π/2)√r + O(r) near 0, so dI_V/dM is finite there.
    """
    x, y, w = _nodes()
    r = jnp.asarray(r, dtype=jnp.float64)
    return jnp.sum(w * x * x * y / (x * x + r[..., None] * y), axis=-1)


def loop_axial(r):
    r"""I_A(r) = ∫₀¹ dx [x(1−x)(x−4) − 2x³/r]/(x² + r(1−x)),  r = M²/m_ℓ² > 0.

    Δa_ℓ = g_A²/(4π²) I_A for an axial coupling g_A (Jegerlehner & Nyffeler 2009, eq. (257),
    Q_A = 2x(1−x)(x−2(1+ε)) + λ²(1+ε)² Q_P with ε = 1, Q_P = −x³, multiplied by λ² = 1/r).
    Heavy limit I_A → −5/(3r) (Δa → −5 g_A² m²/(12π² M²)); for M → 0 the longitudinal mode gives
    I_A → −1/r (divergent, Goldstone equivalence), so r must be > 0.
    """
    x, y, w = _nodes()
    r = jnp.asarray(r, dtype=jnp.float64)[..., None]
    return jnp.sum(w * (x * y * (x - 4.0) - 2.0 * x**3 / r) / (x * x + r * y), axis=-1)


def loop_pseudoscalar(r):
    r"""h₁(r) = 2∫₀¹ dx x³/(x² + r(1−x)),  r = m_a²/m_ℓ².

    The one-loop ALP (pseudoscalar) function: Δa_ℓ = −(c_ℓℓ² m_ℓ²/(16π² f²)) h₁(m_a²/m_ℓ²)
    [BNT arXiv:1708.00443, eq. (36), h₁ in closed form: 1 + 2r − r(r−1) ln r
    + 2r(r−3)√(r/(r−4)) ln((√r+√(r−4))/2)]. The integral form is the pseudoscalar-Yukawa loop with
    y = c_ℓℓ m_ℓ/f (Jegerlehner & Nyffeler eq. (257), Q_P = −x³); the tests check that both forms
    agree. h₁(0) = 1 (NPG2 formula for m_a ≪ m_μ), h₁ → (2 ln r − 11/3)/r for r → ∞.
    """
    x, y, w = _nodes()
    r = jnp.asarray(r, dtype=jnp.float64)
    return 2.0 * jnp.sum(w * x**3 / (x * x + r[..., None] * y), axis=-1)


def loop_alp_photon(r):
    r"""h₂(r) = 1 + (2/3)∫₀¹ dx (1+x) ln[1 + r(1−x)/x²],  r = m_a²/m_ℓ².

    Loop function of the c_ℓℓ c_γγ (Barr–Zee-like) term [BNT arXiv:1708.00443, eq. (36)]:
    closed form h₂(r) = 1 − r/3 + (r²/6) ln r + ((2+r)/3) √(r(r−4)) ln[(√r − √(r−4))/2]
    (analytic continuation for r < 4). We fix the sign of the last term by decoupling: with it
    h₂ → ln r + 3/2 for r → ∞ (the x² ln x and x terms cancel), so the bracket ln(μ²/m²) + δ₂ + 3
    − h₂ becomes ln(μ²/m_a²) + δ₂ + 3/2. The other sign would make h₂ grow like r² ln r.
    The integral representation was found by fitting the closed form and is checked against it
    in the tests to 1e-12. It has no large cancellation at any r. h₂(0) = 1.
    """
    x, y, w = _nodes()
    r = jnp.asarray(r, dtype=jnp.float64)
    return 1.0 + (2.0 / 3.0) * jnp.sum(w * (1.0 + x) * jnp.log1p(r[..., None] * y / (x * x)), axis=-1)


# --------------------------------------------------------------------------------------------
# SM inputs used as defaults


@functools.lru_cache(maxsize=None)
def default_sm(vintage: str = "2021"):
    """The SM input set (``jaxalign.inputs.load_inputs``) used as default: lepton masses, α(0), G_F.

    Loaded eagerly (``jax.ensure_compile_time_eval``) and cached, so that a first call from inside
    ``jit`` returns concrete arrays.
    """
    import jax

    from jaxalign.inputs import load_inputs

    with jax.ensure_compile_time_eval():
        return load_inputs(vintage)


def _e0(alpha0):
    return jnp.sqrt(4.0 * jnp.pi * alpha0)


# --------------------------------------------------------------------------------------------
# Δa_ℓ


def delta_a_vector(g_V, M, m_lepton, g_A=None):
    r"""Δa_ℓ = [g_V² I_V(r) + g_A² I_A(r)]/(4π²), r = (M/m_ℓ)², for a neutral vector of mass M.

    Couplings as in ``L ⊃ −X_α ℓ̄γ^α(g_V − g_Aγ5)ℓ``. ``g_A=None`` (default) skips the axial part
    (which is singular at M → 0). Units: M, m_ℓ in GeV. See :func:`loop_vector`, :func:`loop_axial`.
    """
    r = (M / m_lepton) ** 2
    out = g_V**2 * loop_vector(r)
    if g_A is not None:
        out = out + g_A**2 * loop_axial(r)
    return out / (4.0 * jnp.pi**2)


def delta_a_dark_photon(eps, m_Ap, m_lepton, alpha0):
    r"""Dark photon: Δa_ℓ = (ε e)²/(4π²) I_V(m_A′²/m_ℓ²) = (ε² α/π) I_V.

    NPG2 "Dark photon contribution to g−2": ε²α/(2π) for m_X ≪ m_ℓ and ε²(α/3π) m_ℓ²/m_X² for
    m_X ≫ m_ℓ — the two limits of I_V. ``alpha0``: α(0) (the photon coupling at q² = 0).
    """
    return delta_a_vector(eps * _e0(alpha0), m_Ap, m_lepton)


def delta_a_alp(c_ll, c_gg, f, m_a, m_lepton, alpha0, Lambda=None, delta2=-3.0):
    r"""ALP contribution to Δa_ℓ [BNT arXiv:1708.00443 eq. (36), NPG2 "ALP contributions"].

    Δa_ℓ = −(m_ℓ²/(16π² f²)) { c_ℓℓ² h₁(r) + (2α/π) c_ℓℓ c_γγ [ln(Λ²/m_ℓ²) + δ₂ + 3 − h₂(r)] },
    r = m_a²/m_ℓ², with the normalisation of the module docstring (c_ℓℓ ∂a/(2f) ℓ̄γγ5ℓ,
    (α/4π) c_γγ (a/f) FF̃). The first term is the one-loop pseudoscalar piece (always negative);
    the second is the one-loop diagram with the a γγ vertex, logarithmically UV divergent: Λ is
    the cut-off/matching scale (default Λ = 4πf, BNT's Λ), δ₂ = −3 the scheme constant of BNT; the
    UV counterterm K_aℓ(Λ) of BNT is set to 0. For m_a ≪ m_ℓ, h₁ = h₂ = 1 and this is NPG2's
    −m²/(16π²f²)[c² + (2α/π) c_γγ c ln(Λ²/m²)] up to the constant δ₂ + 2 = −1 next to the log.
    Δa > 0 needs c_ℓℓ c_γγ < 0. Units: f, m_a, m_ℓ, Λ in GeV; ``alpha0`` = α(0).
    """
    if Lambda is None:
        Lambda = 4.0 * jnp.pi * f
    r = (m_a / m_lepton) ** 2
    bracket = jnp.log((Lambda / m_lepton) ** 2) + delta2 + 3.0 - loop_alp_photon(r)
    pref = m_lepton**2 / (16.0 * jnp.pi**2 * f**2)
    return -pref * (c_ll**2 * loop_pseudoscalar(r) + (2.0 * alpha0 / jnp.pi) * c_ll * c_gg * bracket)


def lepton_couplings_lmu_ltau(g, eps, alpha0):
    r"""Vector couplings (g_e, g_μ, g_τ) of the L_μ−L_τ boson: g q_ℓ + e ε Q_ℓ, q = (0, 1, −1).

    Q_ℓ = −1; ε is a photon-like kinetic mixing in the convention of :mod:`.kinetic_mixing`
    (X coupling to a fermion f is g q_f + e ε Q_f, as MUOQ's −3g_X − eε_BX for the muon of
    B−3L_μ). The neutrino couplings are g (ν_μ), −g (ν_τ), left-handed.
    """
    e = _e0(alpha0)
    return (-e * eps, g - e * eps, -g - e * eps)


def lepton_couplings_b_minus_3lmu(g_X, eps_BX, alpha0):
    r"""Vector couplings (g_e, g_μ, g_τ) of the B−3L_μ boson: (−eε, −3g_X − eε, −eε).

    MUOQ §III (Type B): "−3g_X and (−3g_X − eε_BX) for ν_μ and μ". MUOQ writes the hypercharge
    mixing ε_BX directly as the photon-like mixing (for m_X ≪ m_Z the X–B mixing acts as X–γ
    mixing with ε_γ = c_W ε_BX; we follow MUOQ's printed form, i.e. no c_W). Quarks carry 1/3.
    """
    e = _e0(alpha0)
    return (-e * eps_BX, -3.0 * g_X - e * eps_BX, -e * eps_BX)


def delta_a_lmu_ltau(g, m_X, masses, alpha0, eps=0.0):
    r"""(Δa_e, Δa_μ, Δa_τ) of an L_μ−L_τ boson of mass m_X and coupling g, plus kinetic mixing ε.

    Δa_ℓ = g_ℓ²/(4π²) I_V(m_X²/m_ℓ²) with g_ℓ from :func:`lepton_couplings_lmu_ltau`. With
    ε = 0, Δa_e = 0; pass the loop-induced ε of
    :func:`jaxalign.lightnp.kinetic_mixing.epsilon_lmu_ltau` (q² = 0) for the minimal model.
    ``masses``: (m_e, m_μ, m_τ) in GeV; ``alpha0``: α(0).
    """
    cpl = lepton_couplings_lmu_ltau(g, eps, alpha0)
    return tuple(delta_a_vector(c, m_X, masses[i]) for i, c in enumerate(cpl))


def delta_a_b_minus_3lmu(g_X, m_X, eps_BX, masses, alpha0):
    r"""(Δa_e, Δa_μ, Δa_τ) of the B−3L_μ boson (MUOQ §III, Fig. 3): vector couplings of
    :func:`lepton_couplings_b_minus_3lmu` in the exact one-loop vector function."""
    cpl = lepton_couplings_b_minus_3lmu(g_X, eps_BX, alpha0)
    return tuple(delta_a_vector(c, m_X, masses[i]) for i, c in enumerate(cpl))
