"""Write the tiny POPxf (observables) + pdfxf (measurements) data set of the common test case for jelli.

Copied from the project's anchor script shared/anchors/jelli_case/make_data.py (project-owned code)
so that the benchmarks do not need shared/ at run time; only change: the output directory is an
argument (default ``data``).

Usage: python make_data.py [OUTDIR]
"""
import json, math, os, sys

out = sys.argv[1] if len(sys.argv) > 1 else "data"
os.makedirs(out, exist_ok=True)
m_mu, alpha = 0.1056584, 1/137.036
e = math.sqrt(4*math.pi*alpha)
tau_mu, hbar = 2.1969811e-6, 6.582119569e-25
Gamma_mu = hbar/tau_mu
c_amu = 4*m_mu/e                         # Δa_μ = c_amu * Re(egamma_22)   [egamma in GeV^-1, WET-3 JMS]
c_meg = m_mu**3/(4*math.pi*Gamma_mu)     # BR = c_meg * (|egamma_12|^2 + |egamma_21|^2)
POPXF = "https://json.schemastore.org/popxf-1.0.json"
amu = {"$schema": POPXF,
  "metadata": {"observable_names": ["Delta_a_mu"], "parameters": ["egamma_22"], "scale": 1.0,
               "basis": {"wcxf": {"eft": "WET-3", "basis": "JMS", "sectors": ["dF=0"]}}},
  "data": {"observable_central": {"('', '', 'RR')": [0.0], "('', 'egamma_22', 'RR')": [c_amu]}}}
meg = {"$schema": POPXF,
  "metadata": {"observable_names": ["BR(mu->egamma)"], "parameters": ["egamma_12", "egamma_21"], "scale": 1.0,
               "basis": {"wcxf": {"eft": "WET-3", "basis": "JMS", "sectors": ["mue"]}}},
  "data": {"observable_central": {"('', '', 'RR')": [0.0],
     "('egamma_12', 'egamma_12', 'RR')": [c_meg], "('egamma_12', 'egamma_12', 'II')": [c_meg],
     "('egamma_21', 'egamma_21', 'RR')": [c_meg], "('egamma_21', 'egamma_21', 'II')": [c_meg]}}}
meas = {"$schema": "https://json.schemastore.org/pdfxf-1.0.json",
  "g-2 (Delta a_mu)": [{"observables": ["Delta_a_mu"], "distribution_type": "NormalDistribution",
                         "central_value": 251e-11, "standard_deviation": 59e-11}],
  "MEG 2016": [{"observables": ["BR(mu->egamma)"], "distribution_type": "HalfNormalDistribution",
                "central_value": 0.0, "standard_deviation": 4.2e-13/1.6448536}]}   # 90% CL one-sided
for name, d in [("amu", amu), ("meg", meg), ("measurements", meas)]:
    with open(os.path.join(out, f"{name}.json"), "w") as f:
        json.dump(d, f, indent=1)
print("c_amu", c_amu, "c_meg", c_meg)
