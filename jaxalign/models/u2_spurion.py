r"""Minimally broken U(2)_{L_L} × U(2)_{E_R} lepton flavour symmetry (ALIGN §4.2, eqs. 4.2–4.10).

Source: [ALIGN] Isidori, Pagès, Wilsch, *Flavour alignment of New Physics in light of the (g−2)_μ
anomaly*, arXiv:2111.13724, §4.2.2. Everything below was derived here from the printed equations;
the tests (``tests/models/test_u2_spurion.py``) check each step.

Spurions (eq. 4.3)
------------------
``V_ℓ = (0, ε_ℓ)ᵀ ~ (2, 1)`` and ``Δ_e = O_eᵀ diag(δ'_e, δ_e) ~ (2, 2̄)`` with the real rotation
``O_e = [[c_e, s_e], [−s_e, c_e]]`` (``[O_e]_12 = s_e``, ``c_e = √(1 − s_e²)``); all real (the
CP-violating phases of the spurions play no role in ALIGN's analysis; a real model has no EDM).

Flavour structure of an operator n (eqs. 4.4 and 4.9 combined)
--------------------------------------------------------------
For every operator of the type (l̄_α Γ e_β) η^n (eq. 3.1; n ∈ {Y, eγ, eH, u3, u1, d}) the 3×3
matrix in lepton flavour space (rows: l index, columns: e index) is, to the order ALIGN works,

    S^n = [[ a_n Δ_e + b_n V_ℓ V_ℓ† Δ_e ,  f_n V_ℓ ],
           [ 0                          ,  g_n     ]]

whose light 2×2 block is eq. (4.4) entry by entry,
``[[a c_e δ'_e, −a s_e δ_e], [s_e δ'_e (a + b ε²), c_e δ_e (a + b ε²)]]``, and whose (2,3) block is
eq. (4.9), ``[[0, f ε], [0, g]]``. The (3, β) entries ∝ (V_ℓ†Δ_e)_β = O(ε_ℓ δ_e) are left out, as
in eq. (4.2) for the Yukawa (they would only feed ε₂₃^R, which ALIGN does not discuss). The
Yukawa is eq. (4.2), ``Y_e = y_τ [[Δ_e, V_ℓ], [0, 1]]``, i.e. ``a_Y = f_Y = g_Y = 1``, ``b_Y = 0``:
these are the default values (they define the normalisation of the spurions) but are kept as
parameters so that the general statement of eqs. (4.7) and (4.10) (with d_Y, h_Y ≠ 0, 1) can be
explored.

Size of each operator. The size parameter of an operator is its muon entry at Λ,
``C_n,22 (×33 for the quark indices)``, so that ``C^n = C_n,22 · S^n / S^n_22`` (eq. 4.4:
``S^n_22 = c_e δ_e (a_n + b_n ε_ℓ²)``). Consequently only the ratios d_n = b_n/a_n, f_n/a_n,
g_n/a_n are physical: **a_n is redundant** (a flat direction of any likelihood) and should be held
at 1 in fits. The τ entry is then ``C_33 = C_22 g_n/(c_e δ_e (a_n + b_n ε²))`` ≈ (m_τ/m_μ) C_22 for
O(1) g_n/a_n, the natural normalisation of eq. (2.11).

Operators and Warsaw classes (WCxf Warsaw-down, GeV⁻²): ``egamma`` → C_eγ (photon direction at Λ:
``C_eB = c_θ C_eγ``, ``C_eW = −s_θ C_eγ``, eq. 3.6, θ_W from the SM couplings of the inputs),
``ephi`` → C_eH, ``lequ3`` / ``lequ1`` → C_lequ^(3,1)_{αβ33}, ``ledq`` → C_ledq_{αβ33} (third-
generation quarks only: the quark indices of eq. 3.18).

Flavour phases (eq. 3.18) and eqs. (4.5)–(4.6)
---------------------------------------------
With ALIGN's definition θ_L^n = C^n_12/C^n_22 (eq. 3.18) the structure above gives exactly
``θ_L^n = −(s_e/c_e)/(1 + d_n ε_ℓ²)`` and ``θ_R^n = C^n_21/C^n_22 = +(s_e/c_e) δ'_e/δ_e`` for all n.
Eq. (4.5) prints the *rotation angles* of the matrices that diagonalise X^n,
``θ_L^n ≈ +(s_e/c_e)/(1 + d_n ε²)``, ``θ_R^n ≈ −(s_e/c_e) δ'_e/δ_e`` — the same numbers with the
opposite sign convention; eq. (4.6) inherits it (θ_L^m − θ_L^n = (s_e/c_e) ε² (d_n − d_m) in the
rotation-angle convention, (s_e/c_e) ε² (d_m − d_n)/(…) in the ratio convention). Only |…| enters
the bounds (4.7), (4.8), (4.10). In the 23 sector θ_L^{n,23} = C^n_23/C^n_33 = h_n ε_ℓ with
h_n = f_n/g_n.

Bounds reproduced (see ``docs/models/align_models.md``):

* (4.7) ``|θ_L^eγ − θ_L^Y| = |s_e/c_e| ε_ℓ² |d_Y − d_eγ| ≤ 2×10⁻⁵``: in this model
  ε₁₂^L (eq. 2.8) at the low scale is θ_L^eγ − θ_L^Y (up to ≲1 % running/rotation corrections
  when only the dipole and the Yukawa carry flavour structure; with C_lequ^(1,3) present the
  Δ₁, Δ₃ terms of eq. 3.22 add) **plus a term ALIGN omits**: the exact mass-basis rotation through
  the τ gives, at the same order, −(s_e/c_e) ε_ℓ² (g_eγ/a_eγ) h_Y (h_eγ − h_Y) (for eq. 4.2's
  a_Y = g_Y = 1), see :func:`eps12_first_order` — a 23-sector misalignment feeds the 12 sector;
* (4.8) ``|s_e (d_Y − d_eγ)| ≲ 10⁻³`` for ε_ℓ = 0.1, c_e ≈ 1: the formula gives 2×10⁻³ (the printed
  10⁻³ is its order of magnitude);
* (4.10) ``|ε_ℓ (h_Y − h_eγ)| ≲ 2×10⁻²`` (= ε₂₃^L against the 1.6×10⁻² of eq. 2.10 with the natural
  normalisation eq. 2.11) → ``|h_Y − h_eγ| ≲ 0.2`` for ε_ℓ = 0.1.

Mass basis (why the coefficients are rotated, and why the model does not carry Y_e)
-----------------------------------------------------------------------------------
The chain takes the SM Yukawas from the inputs: ``sm_couplings_ew`` sets the EW-scale lepton mass
matrix ``(v/√2)(G_e − v²/2 C_ephi)`` diagonal with the input masses, and the linear-running
likelihood (``jaxalign.smeft.linear``) only reads the 59 dimension-six classes (a ``Ge`` key
returned by a model would be ignored there, but would override the SM Yukawa in ``ode`` mode and
in ``predict_model_point`` — inconsistent). So a model cannot carry its own Y_e. Instead
:meth:`U2Spurion.coefficients` builds the U(2) mass matrix at Λ,
``𝒴_e = Y_e − (v²/2) C_eH`` (eq. 3.7) with ``Y_e = y_τ S^Y/σ_max(S^Y)`` (y_τ = the τ Yukawa of the
inputs at ``sm_scale``; it only matters relative to v² C_eH), diagonalises it exactly and
differentiably with :func:`jaxalign.smeft.flavour_basis.diagonalise` (``𝒴_e = U_L diag U_R†``) and
returns the coefficients in that basis, ``C' = U_L† C U_R`` on the (l̄, e) indices (semileptonic
quark indices untouched). In that basis θ_L^Y ≡ 0 and each θ_L^n becomes θ_L^n − θ_L^Y (to first
order), exactly what eq. (3.22) needs. The chain then uses the input masses: the model's own
singular values are not used (with ``deltas_from_masses`` they agree with the input ratios).

``deltas_from_masses=True`` replaces the parameters δ_e, δ'_e by the values for which the singular
values of S^Y have the ratios m_e/m_τ, m_μ/m_τ of the inputs' MSbar masses at m_Z (fixed-point
iteration, differentiable; see :func:`deltas_from_mass_ratios`).

Priors on the O(1) coefficients (used in ``fits/align_u2_spurion.yaml``; documented there and in
``docs/models/align_models.md``): a_n ≡ 1 (redundant, see above); the Yukawa ones fixed to eq. (4.2);
d_Y − d_eγ fixed to 1 (b_eγ = −1) so that the posterior of s_e *is* the posterior of
s_e (d_Y − d_eγ) of eq. (4.8); g_eγ = 1 (natural normalisation, eq. 2.11); f_eγ uniform in [0, 2]
(O(1), centred on the Yukawa value h_Y = 1), whose posterior gives |h_Y − h_eγ| of eq. (4.10).
(With the term ALIGN omits, :func:`eps12_first_order`, this setting gives ε₁₂^L = −s_e ε_ℓ² f_eγ/c_e:
the posterior of s_e is marginalised over f_eγ = 1 ± 0.13.)
"""

from __future__ import annotations

from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np

from ..errors import InputError, check
from ..smeft.flavour_basis import diagonalise, rotate
from .base import SMEFTModelBase, zero_coefficients

__all__ = [
    "U2Spurion",
    "U2_OPERATORS",
    "spurions",
    "spurion_matrix",
    "deltas_from_mass_ratios",
    "mass_basis_rotation",
    "theta_L_eq45",
    "theta_R_eq45",
    "delta_theta_eq46",
    "eps12_eq47",
    "eps23_eq410",
    "eps12_first_order",
    "eps_ratios",
]

#: operator name → (tag of its O(1) coefficients, name of its size parameter, Warsaw class)
U2_OPERATORS = {
    "egamma": ("eg", "C_egamma_22", None),
    "ephi": ("eH", "C_ephi_22", "ephi"),
    "lequ3": ("u3", "C_lequ3_2233", "lequ3"),
    "lequ1": ("u1", "C_lequ1_2233", "lequ1"),
    "ledq": ("d", "C_ledq_2233", "ledq"),
}
_COEFFS = ("a", "b", "f", "g")


# ---------------------------------------------------------------------------------------------
# Pure functions
# ---------------------------------------------------------------------------------------------


def spurions(eps_l, s_e, delta_e, delta_p_e):
    """(V_ℓ (2,), Δ_e (2,2)) of ALIGN eq. (4.3): V_ℓ = (0, ε_ℓ), Δ_e = O_eᵀ diag(δ'_e, δ_e) with
    O_e = [[c_e, s_e], [−s_e, c_e]], c_e = √(1 − s_e²)."""
    c_e = jnp.sqrt(1.0 - s_e**2)
    O = jnp.array([[c_e, s_e], [-s_e, c_e]])
    V = jnp.stack([jnp.zeros_like(eps_l), eps_l])
    D = O.T @ jnp.diag(jnp.stack([delta_p_e, delta_e]))
    return V, D


def spurion_matrix(eps_l, s_e, delta_e, delta_p_e, a, b, f, g):
    """3×3 (real) flavour matrix S^n of an operator (l̄_α Γ e_β) (module docstring; eqs. 4.4, 4.9):
    ``[[a Δ_e + b V_ℓ V_ℓᵀ Δ_e, f V_ℓ], [0, g]]``."""
    V, D = spurions(eps_l, s_e, delta_e, delta_p_e)
    light = a * D + b * jnp.outer(V, V) @ D
    top = jnp.concatenate([light, (f * V)[:, None]], axis=1)
    bottom = jnp.stack([jnp.zeros_like(g), jnp.zeros_like(g), g])[None, :]
    return jnp.concatenate([top, bottom], axis=0)


def _singular_values(S):
    """Ascending singular values of a real 3×3 matrix (differentiable for distinct values)."""
    return jnp.sqrt(jnp.clip(jnp.linalg.eigvalsh(S @ S.T), 0.0))


def deltas_from_mass_ratios(eps_l, s_e, r_e, r_mu, a=1.0, b=0.0, f=1.0, g=1.0, n_iter: int = 8):
    """(δ_e, δ'_e) such that the singular values σ₁ < σ₂ < σ₃ of S^Y (eq. 4.2 with coefficients
    a, b, f, g) satisfy σ₁/σ₃ = r_e, σ₂/σ₃ = r_mu.

    Start from the leading-order solution (σ₃² ≈ g² + f²ε²; σ₂σ₃ ≈ g δ n with n = √(a²s_e² +
    c_e²(a + bε²)²) the norm of the δ column of the light block; σ₁σ₂σ₃ = |a(a + bε²) δ δ' g|) and
    apply ``n_iter`` multiplicative fixed-point steps δ ← δ r_mu/(σ₂/σ₃), δ' ← δ' r_e/(σ₁/σ₃)
    (each step gains the remaining O(δ²ε², δ'²) corrections; 8 steps reach machine precision for
    hierarchical inputs). For eq. (4.2) this gives δ_e ≈ (m_μ/m_τ)(1 + ε²), δ'_e ≈ (m_e/m_τ)√(1 + ε²),
    independent of s_e at this order. Pure JAX, differentiable.
    """
    c_e = jnp.sqrt(1.0 - s_e**2)
    A2 = a + b * eps_l**2
    s3sq = g**2 + (f * eps_l) ** 2
    n = jnp.sqrt((a * s_e) ** 2 + (c_e * A2) ** 2)
    d0 = r_mu * s3sq / (g * n)
    dp0 = r_e * jnp.sqrt(s3sq) * n / jnp.abs(a * A2)

    def step(_, dd):
        d, dp = dd
        s = _singular_values(spurion_matrix(eps_l, s_e, d, dp, a, b, f, g))
        return d * r_mu / (s[1] / s[2]), dp * r_e / (s[0] / s[2])

    # a rolled loop (small programs under jit/grad/hessian); differentiable (fixed trip count)
    return jax.lax.fori_loop(0, n_iter, step, (jnp.asarray(d0, float), jnp.asarray(dp0, float)))


def mass_basis_rotation(Me):
    """(U_L, U_R) with ``Me = U_L diag(m) U_R†`` (ascending m; :func:`diagonalise`); the coefficients
    of the mass basis are ``C' = U_L† C U_R`` on (l̄, e) indices."""
    UL, _, UR = diagonalise(jnp.asarray(Me, complex))
    return UL, UR


def theta_L_eq45(s_e, eps_l, a, b):
    """ALIGN eq. (4.5) as printed (rotation-angle sign convention): (s_e/c_e)/(1 + (b/a) ε_ℓ²)."""
    return s_e / jnp.sqrt(1.0 - s_e**2) / (1.0 + b / a * eps_l**2)


def theta_R_eq45(s_e, delta_e, delta_p_e):
    """ALIGN eq. (4.5) as printed: θ_R = −(s_e/c_e) δ'_e/δ_e (the same for every operator)."""
    return -s_e / jnp.sqrt(1.0 - s_e**2) * delta_p_e / delta_e


def delta_theta_eq46(s_e, eps_l, d_n, d_m):
    """ALIGN eq. (4.6) as printed: Δθ_L^{nm} = θ_L^m − θ_L^n = (s_e/c_e) ε_ℓ² (d_n − d_m)
    (first order in ε_ℓ²; rotation-angle convention of eq. 4.5)."""
    return s_e / jnp.sqrt(1.0 - s_e**2) * eps_l**2 * (d_n - d_m)


def eps12_eq47(s_e, eps_l, d_Y, d_eg):
    """Left-hand side of ALIGN eq. (4.7): |s_e/c_e| ε_ℓ² |d_Y − d_eγ| (= |ε₁₂^L| to first order)."""
    return jnp.abs(s_e / jnp.sqrt(1.0 - s_e**2)) * eps_l**2 * jnp.abs(d_Y - d_eg)


def eps12_first_order(s_e, eps_l, coeffs_Y, coeffs_eg):
    """ε₁₂^L = C'_eγ,12/C'_eγ,22 in the mass basis to first order in ε_ℓ², s_e (this module's
    derivation; ``coeffs_* = (a, b, f, g)``):

        ε₁₂^L ≈ (s_e/c_e) ε_ℓ² [ (d_eγ − d_Y) − (g_eγ/a_eγ)(a_Y/g_Y) h_Y (h_eγ − h_Y) ].

    The first term is eq. (4.7) (in the ratio sign convention of eq. 3.18). The second one is absent
    from ALIGN: a 23-sector misalignment h_eγ ≠ h_Y leaves C''_23 = k ε (f_eγ − g_eγ h_Y) after the
    left 23 rotation, the left 12 rotation (angle ≈ s_e/c_e) moves it into the 13 entry, and the
    right 23 rotation of the Yukawa (angle ≈ ε h_Y c_e δ_e a_Y/g_Y) into the 12 entry — the same
    order O(V_ℓ² Δ_e) as the d-term. With eq. (4.10), |h_Y − h_eγ| ≲ 0.2, it is a ≲ 20 % correction
    to the bound on s_e (d_Y − d_eγ) for O(1) g_eγ/a_eγ."""
    aY, bY, fY, gY = coeffs_Y
    a, b, f, g = coeffs_eg
    hY, h = fY / gY, f / g
    c_e = jnp.sqrt(1.0 - s_e**2)
    return s_e / c_e * eps_l**2 * ((b / a - bY / aY) - (g / a) * (aY / gY) * hY * (h - hY))


def eps23_eq410(eps_l, h_Y, h_eg):
    """Left-hand side of ALIGN eq. (4.10): |ε_ℓ (h_Y − h_eγ)| (= |ε₂₃^L| to first order)."""
    return jnp.abs(eps_l * (h_Y - h_eg))


def _ratio(num, den):
    """Re(num/den), and 0 where den = 0 exactly (ratio undefined: no NaN, finite gradients)."""
    ok = den != 0
    return jnp.where(ok, jnp.real(num / jnp.where(ok, den, 1.0)), 0.0)


def eps_ratios(egamma):
    """ALIGN eq. (2.8) from the photon dipole in the mass basis: ``eps_12_L`` = C'_12/C'_22,
    ``eps_12_R`` = C'_21/C'_22, ``eps_23_L`` = C'_23/C'_33, ``eps_23_R`` = C'_32/C'_33 (real parts;
    a ratio is reported as 0 when its diagonal entry vanishes exactly, e.g. ε₂₃ of a model without
    τ couplings)."""
    eg = egamma
    return {
        "eps_12_L": _ratio(eg[0, 1], eg[1, 1]),
        "eps_12_R": _ratio(eg[1, 0], eg[1, 1]),
        "eps_23_L": _ratio(eg[1, 2], eg[2, 2]),
        "eps_23_R": _ratio(eg[2, 1], eg[2, 2]),
    }


# ---------------------------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------------------------


def _concrete(x):
    try:
        return np.asarray(x)
    except (jax.errors.TracerArrayConversionError, jax.errors.ConcretizationTypeError):
        return None


def _sm(inputs, scale):
    from .muoquark import sm_couplings_at

    return sm_couplings_at(inputs, scale)


def _lepton_ratios(inputs):
    from .muoquark import _load_inputs

    sm = _load_inputs(inputs)
    with jax.ensure_compile_time_eval():
        m = np.asarray(sm.m_lepton_mz, float)
    return float(m[0] / m[2]), float(m[1] / m[2])


def _vev(inputs):
    from ..smeft.sm_couplings import vev_from_gf
    from .muoquark import _load_inputs

    sm = _load_inputs(inputs)
    with jax.ensure_compile_time_eval():
        return float(vev_from_gf(sm.GF))


@dataclass(frozen=True, eq=True)
class U2Spurion(SMEFTModelBase):
    """ALIGN §4.2 U(2)_L × U(2)_E spurion model (module docstring): parameters → SMEFT at Λ in the
    charged-lepton mass basis.

    Parameters ``x`` (real, in this order): ``eps_l`` (ε_ℓ), ``s_e``, ``delta_e``, ``delta_p_e``
    (δ_e, δ'_e; absent with ``deltas_from_masses``), ``a_Y, b_Y, f_Y, g_Y`` (eq. 4.2: 1, 0, 1, 1),
    then for each operator of ``operators`` its size (``C_egamma_22``, ``C_ephi_22``,
    ``C_lequ3_2233``, ``C_lequ1_2233``, ``C_ledq_2233``; GeV⁻², the muon entry at Λ before the
    rotation) and ``a_<tag>, b_<tag>, f_<tag>, g_<tag>`` with tag eg, eH, u3, u1, d.

    Args (static fields):
        operators: which operators carry new physics (subset of ``U2_OPERATORS``, in any order).
        deltas_from_masses: compute δ_e, δ'_e from the inputs' lepton mass ratios.
        sm_inputs, sm_scale: input set and scale (GeV; None = m_Z) of the SM couplings used for
            θ_W (dipole direction), y_τ and v.
        runtime_checks: under a trace, validate with ONE ``jaxalign.errors.check`` per public call
            (|s_e| < 1, a_n + b_n ε_ℓ² ≠ 0). Concrete inputs are always validated in Python
            (InputError). ``False`` removes the host callback from traced programs: use it in fits
            (the priors keep the parameters valid; an invalid traced point then gives NaN). Reason:
            programs with equinox ``error_if`` callbacks were seen to deadlock XLA:CPU when the fit
            driver evaluates the derived quantities on all ~4000 posterior draws in one vmapped call
            (see docs/models/align_models.md).
    """

    operators: tuple = ("egamma", "ephi", "lequ3", "lequ1", "ledq")
    deltas_from_masses: bool = False
    sm_inputs: str = "2021"
    sm_scale: float | None = None
    runtime_checks: bool = True
    description: str = "ALIGN §4.2: minimally broken U(2)_L x U(2)_E spurions (eqs. 4.2-4.10), lepton mass basis"
    references: tuple = ("Isidori, Pagès, Wilsch, arXiv:2111.13724 (ALIGN), §4.2, eqs. 4.2-4.10",)

    def __post_init__(self):
        ops = tuple(self.operators)
        object.__setattr__(self, "operators", ops)
        bad = [o for o in ops if o not in U2_OPERATORS]
        if bad or len(set(ops)) != len(ops):
            raise InputError(f"U2Spurion: operators must be distinct names among {list(U2_OPERATORS)}, got {list(ops)}.")
        from ..inputs import INPUT_SETS

        if self.sm_inputs not in INPUT_SETS:
            raise InputError(f"sm_inputs must be one of {INPUT_SETS}, got {self.sm_inputs!r}.")
        if self.sm_scale is not None and not (np.isfinite(self.sm_scale) and self.sm_scale > 0):
            raise InputError(f"sm_scale must be a positive number of GeV (or None), got {self.sm_scale!r}.")

    # -- parameters ------------------------------------------------------------------------------

    @property
    def parameter_names(self) -> tuple[str, ...]:
        names = ["eps_l", "s_e"]
        if not self.deltas_from_masses:
            names += ["delta_e", "delta_p_e"]
        names += [f"{c}_Y" for c in _COEFFS]
        for op in self.operators:
            tag, size, _ = U2_OPERATORS[op]
            names += [size] + [f"{c}_{tag}" for c in _COEFFS]
        return tuple(names)

    def check_parameters(self, x):
        """Python-level validation of a concrete parameter vector (InputError)."""
        x = np.asarray(x, float)
        n = len(self.parameter_names)
        if x.ndim != 1 or x.shape[0] != n:
            raise InputError(f"U2Spurion: expected {n} parameters ({', '.join(self.parameter_names)}), got shape {x.shape}.")
        if not np.all(np.isfinite(x)):
            bad = [self.parameter_names[i] for i in np.flatnonzero(~np.isfinite(x))]
            raise InputError(f"U2Spurion: non-finite parameter(s) {bad}.")
        p = dict(zip(self.parameter_names, x))
        if not abs(p["s_e"]) < 1:
            raise InputError(f"U2Spurion: s_e = sin θ_e must satisfy |s_e| < 1, got {p['s_e']}.")
        if not self.deltas_from_masses and (p["delta_e"] == 0 or p["delta_p_e"] == 0):
            raise InputError("U2Spurion: delta_e and delta_p_e must be nonzero (the Yukawa would be singular).")
        for tag in ["Y"] + [U2_OPERATORS[o][0] for o in self.operators]:
            a, b = p[f"a_{tag}"], p[f"b_{tag}"] * p["eps_l"] ** 2
            if abs(a + b) <= 1e-12 * (abs(a) + abs(b)):
                raise InputError(f"U2Spurion: a_{tag} + b_{tag} ε_ℓ² = 0: the 22 entry of operator {tag} vanishes "
                                 "and cannot carry its size.")
        if self.deltas_from_masses and (p["a_Y"] == 0 or p["g_Y"] == 0):
            raise InputError("U2Spurion: a_Y and g_Y must be nonzero to fix δ_e, δ'_e from the masses.")

    def _validate(self, x):
        """``x`` as a float array, validated: by :meth:`check_parameters` (InputError) when concrete;
        under a trace with ONE run-time check (|s_e| ≥ 1 or a vanishing 22 entry a_n + b_n ε_ℓ² of
        any operator) — a single ``jaxalign.errors.check`` per public call, see the note in the
        class docstring."""
        x = jnp.asarray(x, float)
        xn = _concrete(x)
        if xn is not None:
            self.check_parameters(xn)
            return x
        if not self.runtime_checks:
            return x
        p = self._p(x)
        bad = jnp.abs(p["s_e"]) >= 1
        for tag in ["Y"] + [U2_OPERATORS[o][0] for o in self.operators]:
            a, b = p[f"a_{tag}"], p[f"b_{tag}"] * p["eps_l"] ** 2
            bad = bad | (jnp.abs(a + b) <= 1e-12 * (jnp.abs(a) + jnp.abs(b)))
        return check(x, bad, "U2Spurion: |s_e| >= 1 or a_n + b_n eps_l^2 = 0 for some operator")

    def _p(self, x):
        return dict(zip(self.parameter_names, (x[i] for i in range(x.shape[0]))))

    def deltas(self, p: dict):
        """(δ_e, δ'_e) of the parameter dict ``p`` (parameters or from the mass ratios)."""
        if not self.deltas_from_masses:
            return p["delta_e"], p["delta_p_e"]
        r_e, r_mu = _lepton_ratios(self.sm_inputs)
        return deltas_from_mass_ratios(p["eps_l"], p["s_e"], r_e, r_mu, p["a_Y"], p["b_Y"], p["f_Y"], p["g_Y"])

    # -- structure before the rotation (internal: parameter dict, no checks) -------------------------

    def _spurions(self, p) -> dict:
        d, dp = self.deltas(p)
        return {tag: spurion_matrix(p["eps_l"], p["s_e"], d, dp, *(p[f"{c}_{tag}"] for c in _COEFFS))
                for tag in ["Y"] + [U2_OPERATORS[o][0] for o in self.operators]}

    def _flavour(self, p) -> dict:
        S = self._spurions(p)
        out = {}
        for op in self.operators:
            tag, size, _ = U2_OPERATORS[op]
            out[op] = (p[size] * S[tag] / S[tag][1, 1]).astype(complex)
        ytau = abs(float(np.real(_sm(self.sm_inputs, self.sm_scale)["Ge"][2, 2])))
        out["Y"] = (ytau * S["Y"] / _singular_values(S["Y"])[2]).astype(complex)
        return out

    def _mass(self, F):
        Me = F["Y"]
        if "ephi" in F:
            Me = Me - _vev(self.sm_inputs) ** 2 / 2.0 * F["ephi"]
        return Me

    def _unrotated(self, F) -> dict:
        C = zero_coefficients()
        s = _sm(self.sm_inputs, self.sm_scale)
        g1, g2 = s["g1"], s["g2"]
        cw, sw = g2 / np.hypot(g1, g2), g1 / np.hypot(g1, g2)
        for op in self.operators:
            M = F[op]
            if op == "egamma":
                C["eB"] = cw * M
                C["eW"] = -sw * M
            elif op == "ephi":
                C["ephi"] = M
            else:
                cls = U2_OPERATORS[op][2]
                C[cls] = C[cls].at[:, :, 2, 2].set(M)
        return C

    # -- public ------------------------------------------------------------------------------------

    def spurion_matrices(self, x) -> dict:
        """{tag: S^n} (3×3 real, eqs. 4.4/4.9, unnormalised) for "Y" and every operator."""
        return self._spurions(self._p(self._validate(x)))

    def flavour_matrices(self, x) -> dict:
        """{operator: C^n} (3×3 complex, GeV⁻²) before the rotation: ``C_n,22 S^n/S^n_22``; the
        dipole as C_eγ; and "Y": the Yukawa y_τ S^Y/σ_max(S^Y) (dimensionless)."""
        return self._flavour(self._p(self._validate(x)))

    def flavour_phases(self, x) -> dict:
        """ALIGN eq. (3.18) flavour phases before the rotation, for "Y" and each operator tag:
        ``theta_L_<tag>`` = C_12/C_22, ``theta_R_<tag>`` = C_21/C_22, ``theta_L23_<tag>`` = C_23/C_33,
        ``theta_R23_<tag>`` = C_32/C_33 (real)."""
        F = self.flavour_matrices(x)
        out = {}
        for op, M in F.items():
            tag = "Y" if op == "Y" else U2_OPERATORS[op][0]
            M = jnp.real(M)
            out[f"theta_L_{tag}"] = M[0, 1] / M[1, 1]
            out[f"theta_R_{tag}"] = M[1, 0] / M[1, 1]
            out[f"theta_L23_{tag}"] = M[1, 2] / M[2, 2]
            out[f"theta_R23_{tag}"] = M[2, 1] / M[2, 2]
        return out

    def mass_matrix(self, x):
        """𝒴_e = Y_e − (v²/2) C_eH at Λ (eq. 3.7), before the rotation (3×3 complex)."""
        return self._mass(self.flavour_matrices(x))

    def rotation(self, x):
        """(U_L, U_R) diagonalising :meth:`mass_matrix` (``𝒴_e = U_L diag U_R†``)."""
        return mass_basis_rotation(self.mass_matrix(x))

    def unrotated_coefficients(self, x) -> dict:
        """Warsaw arrays at Λ in the U(2) basis of eq. (4.3) (Yukawa not diagonal)."""
        return self._unrotated(self.flavour_matrices(x))

    def coefficients(self, x):
        """Warsaw arrays at Λ (GeV⁻²) in the basis where the model's 𝒴_e is diagonal
        (module docstring, "Mass basis")."""
        F = self.flavour_matrices(x)
        UL, UR = mass_basis_rotation(self._mass(F))
        return rotate(self._unrotated(F), {"l": UL, "e": UR})

    def derived(self, y_ew, egamma_ew):
        """ε₁₂^{L,R} = C'_eγ,12(21)/C'_eγ,22 and ε₂₃^{L,R} = C'_eγ,23(32)/C'_eγ,33 (ALIGN eq. 2.8),
        real parts, from the photon dipole at m_Z in the mass basis (:func:`eps_ratios`)."""
        return eps_ratios(egamma_ew)

    def default_bounds(self) -> dict:
        out = {}
        for n in self.parameter_names:
            if n == "eps_l":
                out[n] = (0.0, 0.5)
            elif n == "s_e":
                out[n] = (-0.3, 0.3)
            elif n.startswith("delta"):
                out[n] = (1e-5, 0.2)
            elif n.startswith("C_"):
                out[n] = (-1e-10, 1e-10)
            else:
                out[n] = (-2.0, 2.0)
        return out
