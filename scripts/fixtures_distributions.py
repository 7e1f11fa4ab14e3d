#!/usr/bin/env python3
"""Reference log-densities for src/distributions (Beta, Gamma, Bernoulli by probs and by logits).

Writes test/fixtures/distributions.json, which test/distributions/*.test.ts read. Every value comes from mpmath at
40 significant digits, evaluated at the exact binary64 inputs, with 0·log 0 = 0 at the edges of the support; each
finite value is cross-checked against scipy.stats (a second, independent implementation) where scipy is accurate.
Alongside each Beta and Gamma value the table holds `scale`, the sum of the absolute values of the terms of the
log-density: a double-precision evaluation of the formula can be expected to be accurate to a few ulps of that sum,
not of the (possibly much smaller) result. Run from the repo root:
    python3 scripts/fixtures_distributions.py
"""
import json
import math
import random
from pathlib import Path

import mpmath as mp

from fixture_json import DBL_MAX, Raw, dump, enc  # noqa: F401 (shared JSON encoding)
from scipy import stats

mp.mp.dps = 40
OUT = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "distributions.json"
rng = random.Random(20240611)  # fixed seed: the table must be reproducible byte for byte


def xlogy(x, y):
    """x·log y with 0·log 0 = 0 (x, y mpf)."""
    if x == 0:
        return mp.mpf(0)
    if y == 0:
        return -mp.inf if x > 0 else mp.inf
    return x * mp.log(y)


def xlog1my(x, y):
    """x·log(1 - y) with 0·log 0 = 0 (x, y mpf); log1p keeps y = 1e-300 from rounding 1 - y to 1 at 40 digits."""
    if x == 0:
        return mp.mpf(0)
    if y == 1:
        return -mp.inf if x > 0 else mp.inf
    return x * mp.log1p(-y)


def beta_terms(a, b, z):
    a, b, z = mp.mpf(a), mp.mpf(b), mp.mpf(z)
    return [xlogy(a - 1, z), xlog1my(b - 1, z), -mp.log(mp.beta(a, b))]


def gamma_terms(a, rate, x):
    a, rate, x = mp.mpf(a), mp.mpf(rate), mp.mpf(x)
    return [a * mp.log(rate), xlogy(a - 1, x), -rate * x, -mp.loggamma(a)]


def total(terms):
    """The log-density and the scale of its terms (inf when the density is 0 or infinite)."""
    if any(mp.isinf(t) for t in terms):
        s = mp.fsum(terms)  # the infinite terms never have opposite signs here
        return s, mp.inf
    return mp.fsum(terms), mp.fsum(mp.fabs(t) for t in terms)


checked = 0


def cross_check(ref, scale, scipy_value, what):
    """Fail loudly unless scipy agrees with the mpmath value to 1e-12 of the terms' scale (or exactly, if inf)."""
    global checked
    if mp.isinf(ref):
        assert scipy_value == float(ref), (what, float(ref), scipy_value)
    else:
        assert abs(mp.mpf(scipy_value) - ref) <= 1e-12 * max(scale, 1), (what, float(ref), scipy_value)
    checked += 1


# Beta(a, b): concentrations from 1e-2 to 1e4 (the coin flip's 16 and 14 among them), z from 1e-300 to the largest
# double below 1; then z = 0 and z = 1 with a or b at, below and above 1 (finite, +inf and -inf densities).
CONC = [1e-2, 0.1, 0.7, 1.0, 2.5, 14.0, 16.0, 1e3, 1e4]
ZS = [1e-300, 1e-10, 0.03, 0.3, 0.5, 0.7, 0.97, 1 - 1e-10, 1 - 2.0 ** -53]
beta_rows = [(a, b, z) for a in CONC for b in CONC for z in ZS]
beta_rows += [(math.exp(rng.uniform(math.log(1e-2), math.log(1e4))),
               math.exp(rng.uniform(math.log(1e-2), math.log(1e4))), rng.random()) for _ in range(200)]
EDGE = [0.5, 1.0, 3.0]
beta_rows += [(a, b, z) for a in EDGE for b in EDGE for z in (0.0, 1.0)]

beta = {"a": [], "b": [], "z": [], "logProb": [], "scale": []}
for a, b, z in beta_rows:
    ref, scale = total(beta_terms(a, b, z))
    if not (a >= 1e3 and b >= 1e3):  # scipy's betaln loses digits there; mpmath alone is the reference
        cross_check(ref, scale, stats.beta.logpdf(z, a, b), ("beta", a, b, z))
    for k, v in (("a", a), ("b", b), ("z", z), ("logProb", enc(ref)), ("scale", enc(scale))):
        beta[k].append(v)

# Gamma(concentration, rate): the same kind of sweep, x from 1e-300 to 1e5, then x = 0.
gamma_rows = [(a, r, x) for a in (1e-2, 0.5, 1.0, 2.5, 30.0, 1e4) for r in (1e-3, 1.0, 7.5, 1e3)
              for x in (1e-300, 1e-5, 0.5, 3.0, 100.0, 1e5)]
gamma_rows += [(math.exp(rng.uniform(math.log(1e-2), math.log(1e4))), math.exp(rng.uniform(math.log(1e-3), math.log(1e3))),
                math.exp(rng.uniform(math.log(1e-5), math.log(1e5)))) for _ in range(100)]
gamma_rows += [(a, r, 0.0) for a in EDGE for r in (0.5, 2.0)]
gamma = {"concentration": [], "rate": [], "x": [], "logProb": [], "scale": []}
for a, r, x in gamma_rows:
    ref, scale = total(gamma_terms(a, r, x))
    cross_check(ref, scale, stats.gamma.logpdf(x, a, scale=1 / r), ("gamma", a, r, x))
    for k, v in (("concentration", a), ("rate", r), ("x", x), ("logProb", enc(ref)), ("scale", enc(scale))):
        gamma[k].append(v)

# Bernoulli(p): log p for y = 1, log(1 - p) for y = 0, with p exactly 0 and 1, next to them, and in between.
PROBS = [0.0, 1e-300, 1e-16, 1e-3, 0.3, 0.5, 0.7, 1 - 2.0 ** -30, 1 - 1e-16, 1.0]
PROBS += [rng.random() for _ in range(20)]
probs = {"probs": [], "y": [], "logProb": []}
for p in PROBS:
    for y in (0.0, 1.0):
        ref = xlogy(mp.mpf(1), mp.mpf(p)) if y == 1 else xlog1my(mp.mpf(1), mp.mpf(p))
        cross_check(ref, abs(ref), stats.bernoulli.logpmf(y, p), ("bernoulli", p, y))
        probs["probs"].append(p)
        probs["y"].append(y)
        probs["logProb"].append(enc(ref))

# Bernoulli(σ(θ)): log σ(θ) for y = 1, log σ(-θ) for y = 0, θ from -800 to 800.
LOGITS = [-800.0, -40.0, -5.0, -1.0, -1e-10, 0.0, 1e-10, 1.0, 3.0, 5.0, 10.0, 40.0, 800.0]
LOGITS += [rng.uniform(-30.0, 30.0) for _ in range(20)]
logits = {"logits": [], "y": [], "logProb": []}
for t in LOGITS:
    for y in (0.0, 1.0):
        s = -t if y == 1 else t
        logits["logits"].append(t)
        logits["y"].append(y)
        logits["logProb"].append(enc(-mp.log1p(mp.exp(mp.mpf(s)))))

table = {"_": "Generated by scripts/fixtures_distributions.py (mpmath, 40 digits; cross-checked against scipy.stats). "
              "\"inf\"/\"-inf\" stand for values JSON cannot hold; `scale` is the sum of |terms| of the log-density.",
         "beta": beta, "gamma": gamma, "bernoulliProbs": probs, "bernoulliLogits": logits}
OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(dump(table) + "\n")
print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB: {len(beta['z'])} beta, {len(gamma['x'])} gamma, "
      f"{len(probs['y'])} + {len(logits['y'])} bernoulli rows; {checked} checked against scipy)")
