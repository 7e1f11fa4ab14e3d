#!/usr/bin/env python3
"""Reference log-pmfs and sampler bin probabilities for the discrete distributions (Poisson, Binomial, Categorical).

Writes test/fixtures/discrete.json, read by test/distributions/{poisson,binomial,categorical}.test.ts and
test/random/{poisson,binomial,categorical}.test.ts. Every value comes from mpmath at 40 significant digits at the
exact binary64 inputs (0·log 0 = 0 at the edges); each finite log-pmf is cross-checked against scipy.stats, an
independent implementation, to 1e-12 of `scale` (the sum of |terms| of the textbook formula, which bounds what a
double evaluation of that formula can promise). The sampler tables give, for each case, bins of consecutive
integers [edges[i], edges[i+1]) (the first open below, the last open above) and their exact probabilities `mass`, summed
term by term in mpmath over mean ± 12 sd (the rest, below 1e-30, goes to the open tail bins), cross-checked
against scipy's cdf. Run from the repo root:
    python3 scripts/fixtures_discrete.py
"""
import math
import random
from pathlib import Path

import mpmath as mp
from scipy import stats

from fixture_json import checks, cross_check, dump, enc

mp.mp.dps = 40
OUT = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "discrete.json"
rng = random.Random(20261202)  # fixed seed: the table must be reproducible byte for byte


def xlogy(x, y):
    if x == 0:
        return mp.mpf(0)
    return -mp.inf if y == 0 else x * mp.log(y)


# ---- Poisson(rate): log P(k) = k log λ - λ - log k!
def poisson_terms(k, rate):
    k, rate = mp.mpf(k), mp.mpf(rate)
    return [xlogy(k, rate), -rate, -mp.loggamma(k + 1)]


def total(terms):
    s = mp.fsum(terms)
    if any(mp.isinf(t) for t in terms):
        return s, mp.inf
    return s, mp.fsum(mp.fabs(t) for t in terms)


RATES = [1e-300, 1e-10, 1e-3, 0.5, 1.0, 3.7, 9.99, 10.0, 42.5, 1e3, 123456.789, 1e6, 1e9]
poisson = {"params": {"rate": []}, "x": [], "logProb": [], "scale": []}
for rate in RATES:
    sd = math.sqrt(rate)
    ks = {0, 1, 2, 5, 9, 10, 11, 30, 1000, 10 ** 7, 10 ** 10}
    for z in (-12, -5, -1, 0, 1, 5, 12):
        k = math.floor(rate + z * sd)
        if k >= 0:
            ks.add(k)
    ks.add(math.floor(rate) + 1)
    for k in sorted(ks):
        ref, scale = total(poisson_terms(k, rate))
        cross_check(ref, scale, stats.poisson.logpmf(k, rate), ("poisson", k, rate))
        poisson["params"]["rate"].append(rate)
        poisson["x"].append(k)
        poisson["logProb"].append(enc(ref))
        poisson["scale"].append(enc(scale))
for k in (0, 1, 7):  # rate 0: a point mass at 0
    poisson["params"]["rate"].append(0.0)
    poisson["x"].append(k)
    poisson["logProb"].append(enc(mp.mpf(0) if k == 0 else -mp.inf))
    poisson["scale"].append(enc(mp.mpf(0) if k == 0 else mp.inf))


# ---- Binomial(n, p): log P(k) = log C(n, k) + k log p + (n - k) log(1 - p); the logits form with p = σ(θ)
def binom_terms(k, n, logp, logq):
    k, n = mp.mpf(k), mp.mpf(n)
    lc = mp.loggamma(n + 1) - mp.loggamma(k + 1) - mp.loggamma(n - k + 1)
    return [lc, mp.mpf(0) if k == 0 else k * logp, mp.mpf(0) if k == n else (n - k) * logq]


def log_or_ninf(x):
    return -mp.inf if x == 0 else mp.log(x)


def binom_ks(n, p):
    """k at the edges, next to them, at the mode and a few standard deviations out, and a few at random."""
    ks = {0, 1, 2, n - 2, n - 1, n, n // 2}
    sd = math.sqrt(n * p * (1 - p))
    for z in (-12, -5, -1, 0, 1, 5, 12):
        ks.add(math.floor(n * p + z * sd))
    ks.update(rng.randrange(n + 1) for _ in range(2))
    return sorted(k for k in ks if 0 <= k <= n)


NS = [0, 1, 5, 20, 100, 10 ** 4, 10 ** 9, 10 ** 15]
PROBS = [0.0, 1e-300, 1e-16, 1e-9, 0.01, 0.3, 0.5, 0.7, 1 - 1e-9, 1 - 1e-16, 1.0]
binomial = {"params": {"totalCount": [], "probs": []}, "x": [], "logProb": [], "scale": []}
for n in NS:
    for p in PROBS:
        mpp = mp.mpf(p)
        logp, logq = log_or_ninf(mpp), (-mp.inf if p == 1 else mp.log1p(-mpp))
        for k in binom_ks(n, p):
            ref, scale = total(binom_terms(k, n, logp, logq))
            # scipy underflows or loses digits of 1 - p beyond these (mpmath alone is the reference there)
            if 1e-200 < p < 1 - 1e-15 and (n <= 10 ** 4 or 0.01 <= p <= 0.99):
                cross_check(ref, scale, stats.binom.logpmf(k, n, p), ("binomial", k, n, p))
            binomial["params"]["totalCount"].append(n)
            binomial["params"]["probs"].append(p)
            for key, v in (("x", k), ("logProb", enc(ref)), ("scale", enc(scale))):
                binomial[key].append(v)

LOGITS = [-800.0, -40.0, -5.0, -1e-10, 0.0, 2.0, 40.0, 800.0]
binomial_logits = {"params": {"totalCount": [], "logits": []}, "x": [], "logProb": [], "scale": []}
for n in (1, 10, 1000, 10 ** 9):
    for t in LOGITS:
        mt = mp.mpf(t)
        logp, logq = -mp.log1p(mp.exp(-mt)), -mp.log1p(mp.exp(mt))
        for k in binom_ks(n, float(mp.exp(logp))):
            ref, scale = total(binom_terms(k, n, logp, logq))
            binomial_logits["params"]["totalCount"].append(n)
            binomial_logits["params"]["logits"].append(t)
            for key, v in (("x", k), ("logProb", enc(ref)), ("scale", enc(scale))):
                binomial_logits[key].append(v)


# ---- Categorical: log P(k) = log(w_k / Σ w), or θ_k - logsumexp(θ)
WEIGHTS = [[1.0, 2.0, 3.0, 4.0], [1.0, 1e-10, 1e-300, 0.0, 0.5], [0.999999, 1e-6], [1e300, 3e299, 1e-300],
           [rng.random() for _ in range(20)]]
categorical = []
for w in WEIGHTS:
    s = mp.fsum(mp.mpf(x) for x in w)
    refs = [log_or_ninf(mp.mpf(x) / s) for x in w]
    for k, ref in enumerate(refs):
        if w[k] / sum(w) > 0:  # scipy needs the normalised probability as a double
            onehot = [int(j == k) for j in range(len(w))]
            cross_check(ref, abs(ref), float(stats.multinomial.logpmf(onehot, 1, [x / sum(w) for x in w])),
                        ("categorical", w, k))
    categorical.append({"probs": w, "logProb": [enc(r) for r in refs]})
LOGIT_SETS = [[0.0, 1.0, 2.0, 3.0], [800.0, 0.0, -800.0], [-1000.0, -1000.0 + 1e-10, -1003.0], [40.0, 0.0],
              [rng.uniform(-10, 10) for _ in range(20)]]
categorical_logits = []
for th in LOGIT_SETS:
    lse = mp.log(mp.fsum(mp.exp(mp.mpf(x)) for x in th))
    categorical_logits.append({"logits": th, "logProb": [enc(mp.mpf(x) - lse) for x in th]})


# ---- Sampler bins: exact probabilities of groups of consecutive integers
def exact_masses(logpmf, ratio, lo, hi, edges):
    """Exact bin masses for bins (-inf, edges[0]), [edges[0], edges[1]), ..., [edges[-1], inf)."""
    masses = [mp.mpf(0)] * (len(edges) + 1)
    p = mp.exp(logpmf(lo))
    j = 0
    k = lo
    while k <= hi:
        while j < len(edges) and k >= edges[j]:
            j += 1
        masses[j] += p
        p *= ratio(k)
        k += 1
    return masses  # outside [lo, hi] lies less than 1e-25 (asserted by the caller through the total)


def sampler_case(kind, params, seed, draws, logpmf, ratio, lo, hi, scipy_dist):
    nbins = max(2, min(60, draws // 400))
    edges = sorted({int(scipy_dist.ppf(i / nbins)) + 1 for i in range(1, nbins)})
    edges = [e for e in edges if lo < e <= hi]
    masses = exact_masses(logpmf, ratio, lo, hi, edges)
    total_mass = mp.fsum(masses)
    assert abs(total_mass - 1) < mp.mpf(10) ** -25, (kind, params, total_mass)
    # merge bins whose expected count is below 20 into a neighbour (the chi-square approximation needs ~5)
    i = 0
    while i < len(masses):
        if masses[i] * draws < 20 and len(masses) > 1:
            j = i - 1 if i == len(masses) - 1 else i + 1
            masses[min(i, j)] += masses[max(i, j)]
            del masses[max(i, j)]
            del edges[min(i, j)]
            i = 0
            continue
        i += 1
    # scipy cross-check of every bin
    cdf = [0.0] + [scipy_dist.cdf(e - 1) for e in edges] + [1.0]
    for b, m in enumerate(masses):
        assert abs(float(m) - (cdf[b + 1] - cdf[b])) < 1e-9, (kind, params, b, float(m), cdf[b + 1] - cdf[b])
    return {"kind": kind, "params": params, "seed": seed, "draws": draws, "edges": edges, "mass": [enc(m) for m in masses]}


samplers = []
seed = 700
for rate in [1e-3, 0.5, 3.7, 9.99, 10.0, 33.3, 1e3, 1e6, 1e9]:
    mr = mp.mpf(rate)
    sd = math.sqrt(rate)
    lo, hi = max(0, math.floor(rate - 14 * sd - 10)), math.ceil(rate + 14 * sd + 40)

    def logpmf(k, mr=mr):
        return k * mp.log(mr) - mr - mp.loggamma(k + 1)

    def ratio(k, mr=mr):
        return mr / (k + 1)

    samplers.append(sampler_case("poisson", {"rate": rate}, seed, 100_000, logpmf, ratio, lo, hi, stats.poisson(rate)))
    seed += 1

for n, p in [(20, 0.3), (1000, 0.005), (100, 0.9), (100, 0.3), (37, 0.5), (10 ** 9, 1e-9), (10 ** 9, 0.3),
             (10 ** 9, 1 - 1e-8), (10 ** 6, 0.99999), (200, 0.05)]:
    mpp = mp.mpf(p)
    mq = 1 - mpp
    sd = math.sqrt(n * p * (1 - p))
    lo, hi = max(0, math.floor(n * p - 14 * sd - 10)), min(n, math.ceil(n * p + 14 * sd + 40))

    def logpmf(k, n=n, mpp=mpp, mq=mq):
        return sum(binom_terms(k, n, mp.log(mpp), mp.log(mq)))

    def ratio(k, n=n, mpp=mpp, mq=mq):
        return mp.mpf(n - k) / (k + 1) * mpp / mq

    samplers.append(sampler_case("binomial", {"totalCount": n, "probs": p}, seed, 100_000, logpmf, ratio, lo, hi,
                                 stats.binom(n, p)))
    seed += 1

for w in [[0.1, 0.0, 0.6, 0.3], [rng.choice([1e-3, 0.0, 1.0]) * rng.random() for _ in range(20)] + [1.0]]:
    total_w = mp.fsum(mp.mpf(x) for x in w)
    samplers.append({"kind": "categorical", "params": {"probs": w}, "seed": seed, "draws": 100_000,
                     "edges": list(range(1, len(w))), "mass": [enc(mp.mpf(x) / total_w) for x in w]})
    seed += 1

table = {"_": "Generated by scripts/fixtures_discrete.py (mpmath, 40 digits; cross-checked against scipy.stats). "
              "\"inf\"/\"-inf\" stand for values JSON cannot hold.",
         "poisson": poisson, "binomial": binomial, "binomialLogits": binomial_logits,
         "categorical": categorical, "categoricalLogits": categorical_logits, "samplers": samplers}
OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(dump(table) + "\n")
print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB: {len(poisson['x'])} poisson, {len(binomial['x'])} + "
      f"{len(binomial_logits['x'])} binomial, {len(categorical) + len(categorical_logits)} categorical rows, "
      f"{len(samplers)} sampler cases; {checks['scipy']} checked against scipy)")
