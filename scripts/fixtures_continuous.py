#!/usr/bin/env python3
"""Reference values for the continuous distributions of src/distributions (Normal, LogNormal, HalfNormal, Exponential,
Uniform, Dirichlet): log-densities, and Dirichlet's reparameterization Jacobian dz/dα at given Gamma draws.

Writes test/fixtures/continuous.json, which test/distributions/{normal,...,dirichlet}.test.ts read. Every value comes
from mpmath at 40 significant digits, evaluated at the exact binary64 inputs; each finite log-density is cross-checked
against scipy.stats where scipy is accurate. Each log-density row carries `scale`, a first-order bound on what double
rounding can cost: the sum of |terms| of the log-density, plus |∂ℓ/∂v|·|v| for each rounded intermediate v that
the terms do not already count (log x in LogNormal, the width b - a in Uniform, α₀ = Σα in Dirichlet). A test may
allow a few ulps of that where the terms cancel and relative error means nothing.

Dirichlet's Jacobian: z_j = g_j / Σ g, with each g_k held at its quantile P(α_k, g_k) (P the regularized lower
incomplete gamma function), so dg_k/dα_k = -(∂P/∂α)(α_k, g_k) / p(g_k; α_k), ∂P/∂α by mpmath's numerical
differentiation at 40 digits, and dz_j/dα_k = (δ_jk - z_j)(dg_k/dα_k) / Σ g. The draws are given by log g (doubles),
some below -700 where g itself underflows. Spot-checked against a finite difference of the quantile (findroot).
Run from the repo root:
    python3 scripts/fixtures_continuous.py
"""
import math
import random
from pathlib import Path

import mpmath as mp
from scipy import stats

from fixture_json import dump, enc

mp.mp.dps = 40
OUT = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "continuous.json"
rng = random.Random(20261202)  # fixed seed: the table must be reproducible byte for byte
LOG_SQRT_2PI = mp.log(mp.sqrt(2 * mp.pi))
checked = 0


def total(terms, extra=0):
    """The log-density and its rounding scale: Σ|terms| + extra (inf when the density is 0 or infinite)."""
    s = mp.fsum(terms)
    if any(mp.isinf(t) for t in terms) or mp.fabs(s) > mp.mpf(1.7976931348623157e308):
        return s, mp.inf
    return s, mp.fsum(mp.fabs(t) for t in terms) + extra


def cross_check(ref, scale, scipy_value, what):
    """Fail loudly unless scipy agrees with the mpmath value to 1e-12 of the scale (or exactly, if infinite)."""
    global checked
    if mp.isinf(ref) or mp.isinf(scale):
        assert scipy_value == float(ref) or not math.isfinite(scipy_value), (what, float(ref), scipy_value)
    else:
        assert abs(mp.mpf(scipy_value) - ref) <= 1e-12 * max(scale, 1), (what, float(ref), scipy_value)
    checked += 1


def section(names):
    return {"params": {n: [] for n in names}, "x": [], "logProb": [], "scale": []}


def add(sec, params, x, ref, scale):
    for n, v in params.items():
        sec["params"][n].append(v)
    sec["x"].append(x)
    sec["logProb"].append(enc(ref))
    sec["scale"].append(enc(scale))


def log_uniform(lo, hi):
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


# Normal(loc, scale): x at loc + scale·t for t from 0 to the far tails (t = 1e160 squares past the double range,
# a density of exactly 0), scales from 1e-10 to 1e10, and random rows.
normal = section(["loc", "scale"])
T = [0.0, 1e-8, -1.0, 1.0, 2.5, -5.0, 40.0, -300.0, 1e160]
rows = [(m, s, m + s * t) for m in (-1e3, -1.0, 0.0, 0.5, 1e5) for s in (1e-10, 0.3, 1.0, 1e3, 1e10) for t in T]
rows += [(rng.uniform(-10, 10), log_uniform(1e-3, 1e3), rng.uniform(-50, 50)) for _ in range(60)]
for m, s, x in rows:
    M, S, X = mp.mpf(m), mp.mpf(s), mp.mpf(x)
    z = (X - M) / S
    ref, scale = total([-z * z / 2, -mp.log(S), -LOG_SQRT_2PI])
    cross_check(ref, scale, stats.norm.logpdf(x, m, s), ("normal", m, s, x))
    add(normal, {"loc": m, "scale": s}, x, ref, scale)

# LogNormal(loc, scale): the Normal's rows in log space, x = exp(loc + scale·t) rounded to a double; x = 1e-300 and
# 1e300. The rounding of log x is amplified by |z|/σ: that enters the scale.
lognormal = section(["loc", "scale"])
rows = [(m, s, math.exp(m + s * t)) for m in (-3.0, 0.0, 0.5, 4.0) for s in (1e-3, 0.3, 1.0, 5.0)
        for t in (0.0, 1e-6, -1.0, 2.5, -8.0, 30.0)]
rows += [(m, s, x) for m in (0.0, 2.0) for s in (0.5, 3.0) for x in (1e-300, 1e300)]
rows += [(rng.uniform(-3, 3), log_uniform(1e-2, 5), log_uniform(1e-5, 1e5)) for _ in range(60)]
for m, s, x in rows:
    M, S, X = mp.mpf(m), mp.mpf(s), mp.mpf(x)
    lx = mp.log(X)
    z = (lx - M) / S
    ref, scale = total([-z * z / 2, -mp.log(S), -LOG_SQRT_2PI, -lx], mp.fabs(z / S) * mp.fabs(lx))
    if x > 1e-200 and x < 1e200:  # scipy's lognorm.logpdf is accurate here
        cross_check(ref, scale, stats.lognorm.logpdf(x, s, scale=math.exp(m)), ("lognormal", m, s, x))
    add(lognormal, {"loc": m, "scale": s}, x, ref, scale)

# HalfNormal(scale): x = 0, x = scale·t into the tail (t = 1e160 underflows the density to 0).
halfnormal = section(["scale"])
rows = [(s, s * t) for s in (1e-10, 0.3, 1.0, 1e3, 1e10) for t in (0.0, 1e-8, 0.5, 1.0, 3.0, 40.0, 300.0, 1e160)]
rows += [(log_uniform(1e-3, 1e3), log_uniform(1e-4, 1e4)) for _ in range(40)]
for s, x in rows:
    S, X = mp.mpf(s), mp.mpf(x)
    z = X / S
    ref, scale = total([-z * z / 2, -mp.log(S), mp.log(2) - LOG_SQRT_2PI])
    cross_check(ref, scale, stats.halfnorm.logpdf(x, scale=s), ("halfnormal", s, x))
    add(halfnormal, {"scale": s}, x, ref, scale)

# Exponential(rate): rates 1e-300 to 1e300, x = 0, tiny, around the mean and far out.
exponential = section(["rate"])
rows = [(r, t / r) for r in (1e-300, 1e-5, 0.5, 1.0, 7.5, 1e5, 1e300) for t in (0.0, 1e-12, 0.1, 1.0, 3.0, 50.0, 700.0)]
rows += [(r, x) for r in (1e-3, 2.0) for x in (1e-300, 1e300)]
rows += [(log_uniform(1e-3, 1e3), log_uniform(1e-4, 1e4)) for _ in range(40)]
for r, x in rows:
    R, X = mp.mpf(r), mp.mpf(x)
    ref, scale = total([mp.log(R), -R * X])
    if r > 1e-200 and r < 1e200:
        cross_check(ref, scale, stats.expon.logpdf(x, scale=1 / r), ("exponential", r, x))
    add(exponential, {"rate": r}, x, ref, scale)

# Uniform(low, high): -log(high - low) at the ends and inside; widths from 1e-9 to 1e300, near-equal bounds far from 0.
uniform = section(["low", "high"])
rows = [(-1.0, 1.0), (0.0, 1.0), (2.0, 3.0), (-1e300, 1e300), (1e6, 1e6 + 1e-9 * 2 ** 20), (-5.0, -4.999999),
        (0.0, 1e-300), (1.0, 1.0 + 2.0 ** -50)]
rows += [(a, a + log_uniform(1e-3, 1e3)) for a in (rng.uniform(-100, 100) for _ in range(30))]
for a, b in rows:
    for x in (a, (a + b) / 2, b):
        A, B = mp.mpf(a), mp.mpf(b)
        W = B - A
        # The double width b - a is rounded (relative 2^-53): |∂ℓ/∂w|·w = 1 enters the scale.
        ref, scale = total([-mp.log(W)], 1)
        if b - a < 1e300:
            cross_check(ref, scale, stats.uniform.logpdf(x, a, b - a), ("uniform", a, b, x))
        add(uniform, {"low": a, "high": b}, x, ref, scale)


# Dirichlet(concentration): points of the simplex as doubles (normalised in double precision, and kept only when
# their double sum is within K·2⁻⁵² of 1, as the support check asks), including vertices' neighbourhoods.
def simplex_point(weights):
    s = math.fsum(weights)
    z = [w / s for w in weights]
    return z if abs(math.fsum(z) - 1) <= len(z) * 2.0 ** -52 else None


dirichlet = section(["concentration"])
CONCS = [[1.0, 1.0], [0.5, 0.5], [2.5, 0.7, 3.0], [1e-3, 2e-3, 1e-3], [16.0, 14.0], [1e4, 2e4, 5e3],
         [0.1, 1.0, 10.0, 100.0], [1e3, 1e-2, 1.0, 1.0, 7.0]]
for alpha in CONCS:
    K = len(alpha)
    pts = [[1.0 / K] * K, [a / sum(alpha) for a in alpha], [1e-200] + [1.0] * (K - 1), [1.0] + [1e-12] * (K - 1)]
    pts += [[rng.expovariate(1.0) for _ in range(K)] for _ in range(6)]
    for w in pts:
        z = simplex_point(w)
        if z is None:
            continue
        A, Z = [mp.mpf(a) for a in alpha], [mp.mpf(v) for v in z]
        A0 = mp.fsum(A)
        terms = [(a - 1) * mp.log(v) for a, v in zip(A, Z)] + [mp.loggamma(A0)] + [-mp.loggamma(a) for a in A]
        ref, scale = total(terms, mp.fabs(mp.digamma(A0) * A0))
        if min(alpha) >= 1e-2 and max(alpha) <= 1e3:
            cross_check(ref, scale, stats.dirichlet.logpdf(z, alpha), ("dirichlet", alpha, z))
        add(dirichlet, {"concentration": alpha}, z, ref, scale)


# Dirichlet's Jacobian dz/dα at given draws log g.
def dlogg_dalpha(a, g):
    """d log g/dα for g ~ Gamma(α, 1) held at its quantile: -(∂P/∂α)/(p(g)·g), all at 40 digits."""
    dP = mp.diff(lambda t: mp.gammainc(t, 0, g, regularized=True), a)
    logpdf = (a - 1) * mp.log(g) - g - mp.loggamma(a)
    return -dP / (mp.exp(logpdf) * g)


def quantile_check(a, g, r):
    """The same derivative from the quantile: d log g/dα by central differences of the root of P(α, g) = p."""
    p = mp.gammainc(a, 0, g, regularized=True)
    h = a * mp.mpf(10) ** -12
    root = lambda t: mp.findroot(lambda lg: mp.gammainc(t, 0, mp.exp(lg), regularized=True) - p, mp.log(g))
    fd = (root(a + h) - root(a - h)) / (2 * h)
    assert mp.fabs(fd - r) <= mp.mpf(10) ** -15 * mp.fabs(r), (a, g, r, fd)


grad = {"concentration": [], "logG": [], "jacobian": []}
DRAWS = [([2.5, 0.7, 3.0], [0.9, -1.2, 1.1]), ([0.5, 2.0, 3.0], [-0.4, 0.3, 1.5]), ([1.0, 1.0], [0.0, -2.0]),
         ([16.0, 14.0], [2.8, 2.6]), ([1e-3, 2e-3, 1e-3], [-800.0, -150.0, -1200.0]),
         ([0.01, 0.05, 5.0, 50.0], [-120.0, -15.0, 1.4, 3.9]), ([1e3, 2e3, 500.0], [6.9, 7.6, 6.2]),
         ([0.2, 0.2, 0.2, 0.2, 0.2], [-3.0, -0.5, -9.0, -705.0, -1.0])]
for i, (alpha, logg) in enumerate(DRAWS):
    A, G = [mp.mpf(a) for a in alpha], [mp.exp(mp.mpf(lg)) for lg in logg]
    S = mp.fsum(G)
    Z = [g / S for g in G]
    R = [dlogg_dalpha(a, g) for a, g in zip(A, G)]
    if i < 3:
        quantile_check(A[0], G[0], R[0])
    K = len(alpha)
    jac = [[enc(((1 if j == k else 0) - Z[j]) * Z[k] * R[k]) for k in range(K)] for j in range(K)]
    grad["concentration"].append(alpha)
    grad["logG"].append(logg)
    grad["jacobian"].append(jac)

table = {"_": "Generated by scripts/fixtures_continuous.py (mpmath, 40 digits; cross-checked against scipy.stats). "
              "\"inf\"/\"-inf\" stand for values JSON cannot hold; `scale` bounds the rounding (see the script).",
         "normal": normal, "logNormal": lognormal, "halfNormal": halfnormal, "exponential": exponential,
         "uniform": uniform, "dirichlet": dirichlet, "dirichletGrad": grad}
OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(dump(table) + "\n")
print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB; {checked} values checked against scipy)")
