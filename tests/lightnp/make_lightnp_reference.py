"""Reference values of the light-NP loop functions from scipy.integrate.quad (adaptive QUADPACK).

Run with the oracle environment (scipy is not a jaxalign dependency):

    .oracle/bin/python tests/lightnp/make_lightnp_reference.py

Writes tests/lightnp/lightnp_quad_reference.json. Each integral over x ∈ [0, 1] is split at
x = 1/2 and the upper half is integrated in y = 1 − x (so that 1 − x is exact near x = 1); each
half is given break points at 10^-k, k = 1..20, so QUADPACK resolves the endpoint structure at
x ~ √r (light boson) and 1 − x ~ 1/r (heavy boson). Two independent runs (break points at 10^-k and at 3·10^-k)
must agree to 1e-12 relative, otherwise the script stops.
"""

import json
import math
from pathlib import Path

from scipy.integrate import quad


def integrand(name, r):
    if name == "I_V":
        return lambda x, y: x * x * y / (x * x + r * y)
    if name == "I_A":
        return lambda x, y: (x * y * (x - 4.0) - 2.0 * x**3 / r) / (x * x + r * y)
    if name == "h1":
        return lambda x, y: 2.0 * x**3 / (x * x + r * y)
    if name == "h2_int":  # (2/3)(1+x) ln(1 + r y/x²); h2 = 1 + integral
        return lambda x, y: (2.0 / 3.0) * (1.0 + x) * math.log1p(r * y / (x * x)) if x > 0 else 0.0
    raise KeyError(name)


def integral(name, r, points=True):
    f = integrand(name, r)
    pts = [10.0**-k for k in range(1, 21)] if points else [3.0 * 10.0**-k for k in range(1, 21)]
    kw = dict(epsabs=0.0, epsrel=2e-14, limit=2000)
    lo = quad(lambda s: f(s, 1.0 - s), 0.0, 0.5, points=pts, **kw)[0]
    hi = quad(lambda s: f(1.0 - s, s), 0.0, 0.5, points=pts, **kw)[0]
    val = lo + hi
    return val + 1.0 if name == "h2_int" else val


def main():
    rs = sorted(set([10.0**k for k in range(-12, 17)] + [0.25, 1.0, 2.0, 3.99, 4.0, 4.01, 9.0]))
    out = {"generator": "scipy.integrate.quad, epsrel=2e-14", "r": rs}
    for name in ("I_V", "I_A", "h1", "h2_int"):
        vals = []
        for r in rs:
            a, b = integral(name, r, True), integral(name, r, False)
            if not abs(a - b) <= 1e-12 * abs(a):
                raise SystemExit(f"{name} r={r}: quad runs disagree {a} vs {b}")
            vals.append(a)
        out[name] = vals
    import scipy

    out["scipy_version"] = scipy.__version__
    path = Path(__file__).with_name("lightnp_quad_reference.json")
    path.write_text(json.dumps(out, indent=1))
    print("wrote", path)


if __name__ == "__main__":
    main()
