"""Units. Everything inside jaxalign is in natural units with GeV as the unit of energy.

Convert at the edges: ``2.1e-10 * TeV**-2`` is a Wilson coefficient in GeV⁻².
The conversion constants (ħ, ħc) are CODATA 2018 exact/defined values.
"""

GeV = 1.0
MeV = 1e-3
TeV = 1e3

# CODATA 2018: ħ = 6.582119569e-25 GeV s (exact in the 2019 SI), ħc = 1.973269804e-14 GeV cm
hbar_GeV_s = 6.582119569e-25
hbar_c_GeV_cm = 1.973269804e-14

second = 1.0 / hbar_GeV_s  # 1 s in GeV⁻¹
cm = 1.0 / hbar_c_GeV_cm  # 1 cm in GeV⁻¹

__all__ = ["GeV", "MeV", "TeV", "second", "cm", "hbar_GeV_s", "hbar_c_GeV_cm"]
