#!/usr/bin/env python3
"""Reference values for the autoguides: quantiles of their families, and AutoNormal's best fit to a Beta posterior.

Writes test/fixtures/autoguides.json, which test/infer/auto-quantile.test.ts and test/infer/pyro-conjugate.test.ts
read.

- quantiles: Φ⁻¹(p), the Gamma(α, 1) quantile P⁻¹(α, p) and the Beta(α, β) quantile I⁻¹_p(α, β), each solved at 40
  digits with mpmath.findroot on mpmath's own regularized incomplete functions (gammainc, betainc), started from
  scipy's gammaincinv / betaincinv / ndtri; cross-checked against scipy to 1e-12 relative (fixture_json.cross_check).
- logitNormalFit: the (m, s) of the logit-Normal q (u ~ N(m, s²), z = σ(u), AutoNormal's family on [0, 1]) that
  minimizes KL(q ‖ Beta(a, b)). KL = -log s - a E[log σ(u)] - b E[log σ(-u)] + const, so the stationarity
  conditions are E[a σ(-u) - b σ(u)] = 0 (in m) and s² (a + b) E[σ(u) σ(-u)] = 1 (in s, by Stein's lemma
  E[g(u) ε] = s E[g'(u)]). Expectations by mpmath.quad over ε ~ N(0, 1); the root by findroot.
- logNormalFit: the same for AutoNormal on (0, ∞) against Gamma(a, b), whose stationarity conditions have the closed
  form m = log(a/b) - 1/(2a), s = a^(-1/2); the script solves them numerically as above and checks that closed form
  to 1e-25, so the test may use it.
Run from the repo root:
    python3 scripts/fixtures_autoguides.py
"""
from pathlib import Path

import mpmath as mp
from scipy import special as sp

from fixture_json import checks, cross_check, dump, enc

mp.mp.dps = 40
OUT = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "autoguides.json"


def normal_expect(f, m, s):
    """E[f(m + s ε)], ε ~ N(0, 1), by quadrature."""
    return mp.quad(lambda e: f(m + s * e) * mp.npdf(e), [-mp.inf, -4, 0, 4, mp.inf])


sig = lambda u: 1 / (1 + mp.exp(-u))


def refine(F, x0):
    """The root of the increasing F near x0 (scipy's double, good to ~1e-14), by a bracket of ±1e-9 relative."""
    lo, hi = mp.mpf(x0) * (1 - mp.mpf("1e-9")), mp.mpf(x0) * (1 + mp.mpf("1e-9"))
    assert F(lo) < 0 < F(hi), ("bracket", x0)
    return mp.findroot(F, (lo, hi), solver="anderson")

probs = [mp.mpf(x) for x in ("1e-10", "0.05", "0.25", "0.5", "0.75", "0.95", "0.999")]
quantiles = {"normal": [], "gamma": [], "beta": []}
for p in probs:
    x = mp.findroot(lambda x: mp.ncdf(x) - p, mp.mpf(sp.ndtri(float(p))), solver="newton", df=mp.npdf)
    cross_check(x, abs(x), sp.ndtri(float(p)), ("ndtri", p))
    quantiles["normal"].append({"p": float(p), "x": enc(x)})
for a in ["0.3", "1", "7", "150"]:
    a = mp.mpf(a)
    for p in probs:
        x = refine(lambda x: mp.gammainc(a, 0, x, regularized=True) - p, sp.gammaincinv(float(a), float(p)))
        cross_check(x, abs(x), sp.gammaincinv(float(a), float(p)), ("gammaincinv", a, p))
        quantiles["gamma"].append({"a": float(a), "p": float(p), "x": enc(x)})
for a, b in [("0.5", "0.5"), ("4", "2"), ("30", "90"), ("2", "0.3")]:
    a, b = mp.mpf(a), mp.mpf(b)
    for p in probs:
        if p <= mp.mpf("0.5"):
            x = refine(lambda x: mp.betainc(a, b, 0, x, regularized=True) - p, sp.betaincinv(float(a), float(b), float(p)))
        else:
            # The upper tail through 1 - x, the (1 - p) quantile of Beta(b, a): no bracket past 1.
            x = 1 - refine(lambda y: mp.betainc(b, a, 0, y, regularized=True) - (1 - p), sp.betaincinv(float(b), float(a), float(1 - p)))
        cross_check(x, abs(x), sp.betaincinv(float(a), float(b), float(p)), ("betaincinv", a, b, p))
        quantiles["beta"].append({"a": float(a), "b": float(b), "p": float(p), "x": enc(x)})


def logit_normal_fit(a, b):
    a, b = mp.mpf(a), mp.mpf(b)
    def eqs(m, s):
        return [normal_expect(lambda u: a * sig(-u) - b * sig(u), m, s),
                s * s * (a + b) * normal_expect(lambda u: sig(u) * sig(-u), m, s) - 1]
    return mp.findroot(eqs, (mp.log(a / b), mp.sqrt(1 / a + 1 / b)))


def log_normal_fit(a, b):
    a, b = mp.mpf(a), mp.mpf(b)
    # log p(x) at x = e^u: (a - 1) u - b e^u; log q picks up -u from the Jacobian. d/dm, d/ds of E[log q - log p].
    def eqs(m, s):
        return [-a + b * normal_expect(mp.exp, m, s),
                -1 / s + b * s * normal_expect(mp.exp, m, s)]
    m, s = mp.findroot(eqs, (mp.log(a / b), 1 / mp.sqrt(a)))
    closed_m, closed_s = mp.log(a / b) - 1 / (2 * a), 1 / mp.sqrt(a)
    assert abs(m - closed_m) < mp.mpf("1e-25") and abs(s - closed_s) < mp.mpf("1e-25"), (m, closed_m, s, closed_s)
    return m, s


fits = []
for a, b in [("4", "2")]:
    m, s = logit_normal_fit(a, b)
    fits.append({"family": "logitNormal", "a": float(a), "b": float(b), "loc": enc(m), "scale": enc(s)})
for a, b in [("7", "4"), ("3", "6")]:
    m, s = log_normal_fit(a, b)
    fits.append({"family": "logNormal", "a": float(a), "b": float(b), "loc": enc(m), "scale": enc(s)})

OUT.write_text(dump({"quantiles": quantiles, "fits": fits}) + "\n")
print(f"wrote {OUT} ({checks['scipy']} values cross-checked against scipy)")
