"""One-loop β-functions of the complete Warsaw basis (59 B-conserving classes) and the SM couplings.

One module per operator family, each exporting ``BETAS = {key: fn(C, Y) -> β̂}``:

==============  ======================================================================
``bosonic``     X³, H⁶, H⁴D², X²H² classes; the SM couplings g, gp, gs, Lambda, m2
``yukawa``      ψ²H³ (ephi, uphi, dphi); the Yukawa matrices Gu, Gd, Ge
``dipole``      ψ²XH (eW, eB, uG, uW, uB, dG, dW, dB)
``current``     ψ²H²D (phil1, phil3, phie, phiq1, phiq3, phiu, phid, phiud)
``llll``        (L̄L)(L̄L): ll, qq1, qq3, lq1, lq3
``rrrr``        (R̄R)(R̄R): ee, uu, dd, eu, ed, ud1, ud8
``llrr``        (L̄L)(R̄R): le, lu, ld, qe, qu1, qu8, qd1, qd8
``lrrl``        (L̄R)(R̄L), (L̄R)(L̄R): ledq, lequ1, lequ3, quqd1, quqd8
==============  ======================================================================

Conventions and the shared helpers are in :mod:`.common`.
"""
