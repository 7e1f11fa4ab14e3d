#!/usr/bin/env python3
"""Dense reference values of standardGammaGrad (dx/dalpha of a Gamma(alpha, 1) sample) on both sides of every edge
where two of its methods meet (src/special/gamma-grad.ts, gamma-temme.ts). Writes test/fixtures/gamma-regions.json,
read by test/special/gamma-regions.test.ts.

Sets (rows [alpha, x, grad]; alpha and x exact floats, grad to 20 digits):
- temmeMinA: alpha = 20 and its float neighbours, 19.5, 20.5, x across and just outside the band |x/alpha - 1| <= 0.4;
- temmeBand: the band's edges x = alpha (1 +- 0.4) and their neighbours (+-1 ulp, +-1e-9, +-1e-4 relative), alpha
  from 20 to 1e6;
- temmeCells: the edges of gammaGradTemme's degree table, alpha = 40, 100, 300, 1000 and just below, at x where
  |eta| = 0.03, 0.06, 0.12, 0.25 (+-1e-9 relative), both signs of eta (eta^2 / 2 = lambda - 1 - log lambda, lambda = x/alpha),
  and where t = x/alpha - 1 = -0.1152 and 0.1248, the ends of its 83-term block (and their neighbours);
- seriesFraction: x = alpha + 1 + sqrt(alpha) and its neighbours (series below, continued fraction from there on),
  alpha < 20;
- seriesDigamma: small x, where the series stops after a few terms and psi(alpha + 1) comes from the recurrence
  continued up to 10, and x around 2^-1018 (where log(x / z) gives way to log x - log z, x / z leaving the normal
  range).
References: fixtures_incomplete.gamma_ref (mpmath's incomplete gamma differentiated by mp.diff at 40 digits up to
alpha = 1e3, quadrature of the density above), the same references as incomplete-wide.json; spot-checked against
the quadrature for alpha in [20, 1000], where both apply (asserted to agree to 1e-25).

Run from the repo root:  python3 scripts/fixtures_gamma_regions.py
"""
import math
import os
import sys

import mpmath as mp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_json import dump, enc  # noqa: E402
from fixtures_incomplete import gamma_quad, gamma_ref  # noqa: E402

mp.mp.dps = 40
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def around(v, rel=(1e-9, 1e-4)):
    """v, its float neighbours and v (1 +- r) for r in rel."""
    out = [v, math.nextafter(v, 0), math.nextafter(v, math.inf)]
    for r in rel:
        out += [v * (1 - r), v * (1 + r)]
    return out


def x_at_eta(a, eta):
    """The float x = a lambda with sign(lambda - 1) sqrt(2 (lambda - 1 - log lambda)) = eta."""
    E = mp.mpf(eta)
    lam = mp.findroot(lambda l: l - 1 - mp.log(l) - E * E / 2, 1 + E + E * E / 3)
    return float(a * lam)


def rows(points):
    out = []
    for a, x in points:
        _, _, _, grad = gamma_ref(a, x)
        out.append([a, x, enc(grad)])
    return out


def main():
    sets = {}
    a20 = [20.0, math.nextafter(20.0, 0), math.nextafter(20.0, 30), 19.5, 20.5]
    sets["temmeMinA"] = rows([(a, a * (1 + s / 20)) for a in a20 for s in range(-9, 10)])
    band = []
    for a in [20.0, 25.0, 40.0, 100.0, 1000.0, 1e4, 1e6]:
        for edge in [0.6 * a, 1.4 * a]:
            band += [(a, x) for x in around(edge)]
    sets["temmeBand"] = rows(band)
    cells = []
    for a0 in [40.0, 100.0, 300.0, 1000.0]:
        for a in [a0, math.nextafter(a0, 0)]:
            for eta in [0.03, 0.06, 0.12, 0.25]:
                for sign in [-1, 1]:
                    for r in [1 - 1e-9, 1 + 1e-9]:
                        cells.append((a, x_at_eta(a, sign * eta * r)))
            for t in [-0.1152, 0.1248]:
                cells += [(a, x) for x in around(a * (1 + t), (1e-9,))]
    sets["temmeCells"] = rows(cells)
    split = []
    for a in [1e-6, 1e-3, 0.1, 0.5, 0.999, 1.0, 2.5, 5.0, 10.0, 19.99]:
        split += [(a, x) for x in around(a + 1 + math.sqrt(a), (1e-12, 1e-6, 1e-3))]
    sets["seriesFraction"] = rows(split)
    small = [(a, x) for a in [1e-6, 0.3, 1.4616321449683622, 3.0, 8.9, 9.5, 15.0]
             for x in [1e-300, 1e-10, 1e-3, 0.1, 0.9]]
    small += [(a, x) for a in [0.5, 5.0] for x in [2.0 ** -1018, math.nextafter(2.0 ** -1018, 0), 1e-305, 1e-310]]
    sets["seriesDigamma"] = rows(small)
    # cross-check: mp.diff of mpmath's incomplete gamma against the quadrature where both apply
    for a, x in [(20.0, 14.0), (20.0, 27.5), (100.0, 97.3), (1000.0, 1031.0), (300.0, 0.6 * 300.0)]:
        g1 = gamma_ref(a, x)[3]
        g2 = -gamma_quad(a, x)[3]
        assert abs(g1 - g2) <= 1e-25 * abs(g1), (a, x, g1, g2)
    with open(os.path.join(ROOT, "test", "fixtures", "gamma-regions.json"), "w") as fh:
        fh.write(dump({"columns": ["alpha", "x", "grad"], "sets": sets}) + "\n")
    print({k: len(v) for k, v in sets.items()})


if __name__ == "__main__":
    main()
