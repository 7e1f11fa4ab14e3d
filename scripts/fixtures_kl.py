#!/usr/bin/env python3
"""Reference values of KL(p || q) for the pairs of src/distributions/kl.ts, by numerical integration or summation.

Writes test/fixtures/kl.json, which test/distributions/kl.test.ts reads. Each value is E_p[log p(x) - log q(x)]
computed from the two log-densities alone (never from a closed form), at 32 digits: mpmath.quad over the support,
in a variable where the density is a smooth bump (log x for Gamma and Exponential, the logit for Beta, log x for
LogNormal's x), split at the mean and at mean ± k sd so that narrow densities are resolved; or an exact sum over
the support (Bernoulli, Binomial, Categorical; Poisson summed 40 sd past its mean). As a check on the integration,
each value is compared with the textbook closed form at 32 digits, and the script fails unless they agree to 1e-22
relative (absolute 1e-30). Three-category Dirichlets are the exception: their 2-D quad runs at 20 digits, checks
the closed form to 1e-16, and the row holds the closed form.

Each row also carries `scale`, the sum of |terms| of the closed form as kl.ts evaluates it in doubles (for Beta,
its three Bregman divergences of lgamma, each as itself from 10 up and by its lgamma and digamma terms below):
where those terms cancel (two nearly equal Betas with small concentrations, nearly equal Categoricals) a double
evaluation can only be held to a few ulps of `scale`, not of KL.
Run from the repo root:
    python3 scripts/fixtures_kl.py
"""
from pathlib import Path

import mpmath as mp

from fixture_json import dump, enc

mp.mp.dps = 32
OUT = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "kl.json"


def integrate(logp, logq, lo, hi, points):
    """∫ exp(logp) (logp - logq) over [lo, hi], split at the given interior points."""
    pts = sorted({mp.mpf(x) for x in points if lo < x < hi})
    def f(x):
        # Nodes that round onto an edge of the support, where the density is 0 (0·log 0 = 0).
        if not (lo < x < hi):
            return mp.mpf(0)
        lp = logp(x)
        return mp.mpf(0) if lp == -mp.inf else mp.exp(lp) * (lp - logq(x))
    return mp.quad(f, [lo] + pts + [hi], maxdegree=8)


def spread(mean, sd, lo, hi):
    return [mean + k * sd for k in (-30, -10, -5, -2, -1, 0, 1, 2, 5, 10, 30)]


def agree(a, b, what):
    assert mp.fabs(a - b) <= mp.mpf("1e-22") * mp.fabs(b) + mp.mpf("1e-30"), (what, a, b)


rows = {}


def put(pair, params, ref, scale):
    print(pair, params, mp.nstr(ref, 8), flush=True)
    rows.setdefault(pair, []).append({"p": params[0], "q": params[1], "kl": enc(ref), "scale": enc(scale)})


# Normal(m, s): densities in log form, integrated over ± 40 sd of p.
def normal_logpdf(m, s):
    m, s = mp.mpf(m), mp.mpf(s)
    return lambda x: -((x - m) / s) ** 2 / 2 - mp.log(s) - mp.log(2 * mp.pi) / 2


def normal_closed(m1, s1, m2, s2):
    m1, s1, m2, s2 = map(mp.mpf, (m1, s1, m2, s2))
    return mp.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - mp.mpf(1) / 2


for (m1, s1, m2, s2) in [(0.0, 1.0, 1.0, 1.0), (0.3, 0.5, -1.2, 2.0), (5.0, 1e-3, 4.0, 10.0), (0.0, 1.0, 0.0, 1.0 + 2**-20),
                         (1e3, 3.0, 1e3 + 1e-6, 3.0), (-2.0, 7.0, 1.0, 0.1), (0.0, 1.0, 1e-8, 1.0)]:
    ref = integrate(normal_logpdf(m1, s1), normal_logpdf(m2, s2), -mp.inf, mp.inf, spread(mp.mpf(m1), mp.mpf(s1), -mp.inf, mp.inf))
    agree(ref, normal_closed(m1, s1, m2, s2), ("normal", m1, s1, m2, s2))
    put("Normal", ({"loc": m1, "scale": s1}, {"loc": m2, "scale": s2}), ref, ref)

# LogNormal: integrated in x itself over (0, ∞), split at exp(m ± k s).
for (m1, s1, m2, s2) in [(0.0, 1.0, 0.5, 1.5), (2.0, 0.1, 2.0, 0.1 * (1 + 2**-30)), (-1.0, 0.3, 1.0, 0.2)]:
    lp1, lp2 = normal_logpdf(m1, s1), normal_logpdf(m2, s2)
    logp = lambda x, lp1=lp1: lp1(mp.log(x)) - mp.log(x)
    logq = lambda x, lp2=lp2: lp2(mp.log(x)) - mp.log(x)
    ref = integrate(logp, logq, 0, mp.inf, [mp.exp(t) for t in spread(mp.mpf(m1), mp.mpf(s1), 0, 0)])
    agree(ref, normal_closed(m1, s1, m2, s2), ("lognormal", m1, s1, m2, s2))
    put("LogNormal", ({"loc": m1, "scale": s1}, {"loc": m2, "scale": s2}), ref, ref)


# Gamma(a, b) (rate b), and Exponential(l) = Gamma(1, l).
def gamma_logpdf(a, b):
    a, b = mp.mpf(a), mp.mpf(b)
    return lambda x: a * mp.log(b) + (a - 1) * mp.log(x) - b * x - mp.loggamma(a)


def gamma_closed_terms(a1, b1, a2, b2):
    a1, b1, a2, b2 = map(mp.mpf, (a1, b1, a2, b2))
    return [(a1 - a2) * mp.digamma(a1), -mp.loggamma(a1), mp.loggamma(a2), a2 * (mp.log(b1) - mp.log(b2)), a1 * (b2 - b1) / b1]


def bregman_terms(x, y):
    """The terms kl.ts adds for D(x, y) = lgamma(y) - lgamma(x) - (y - x)ψ(x): none when x = y, D itself (a sum of
    nonnegative terms) when both are >= 10, else its three terms."""
    x, y = mp.mpf(x), mp.mpf(y)
    if x == y:
        return []
    if min(x, y) >= 10:
        return [mp.loggamma(y) - mp.loggamma(x) - (y - x) * mp.digamma(x)]
    return [mp.loggamma(y), mp.loggamma(x), (y - x) * mp.digamma(x)]


def gamma_lib_scale(a1, b1, a2, b2):
    """Σ|terms| as kl.ts adds them: D(a1, a2), a1·klDiv(b1, b2)/b1 and (a1 - a2) log(b2/b1)."""
    a1, b1, a2, b2 = map(mp.mpf, (a1, b1, a2, b2))
    terms = bregman_terms(a1, a2) + [a1 * (mp.log(b1 / b2) - 1 + b2 / b1), (a1 - a2) * mp.log(b2 / b1)]
    return mp.fsum(mp.fabs(t) for t in terms)


def gamma_ref(a1, b1, a2, b2):
    """Integrated in t = log x (density p(e^t) e^t), where even Gamma(0.01) is a spread-out bump: split at the mean
    of log x, ψ(a1) - log b1, ± k times its sd √ψ'(a1), from 60 sd below it (the density falls as e^(a1 t)) to
    x = (a1 + 40√a1 + 100)/b1 (beyond which e^(-b1 x) leaves less than e^-100)."""
    A1, B1, A2, B2 = map(mp.mpf, (a1, b1, a2, b2))
    c1, c2 = A1 * mp.log(B1) - mp.loggamma(A1), A2 * mp.log(B2) - mp.loggamma(A2)

    def f(t):
        x = mp.exp(t)
        lp, lq = c1 + (A1 - 1) * t - B1 * x, c2 + (A2 - 1) * t - B2 * x
        return mp.exp(lp + t) * (lp - lq)

    m, sd = mp.digamma(A1) - mp.log(B1), mp.sqrt(mp.psi(1, A1))
    lo, hi = m - 60 * sd, mp.log((A1 + 40 * mp.sqrt(A1) + 100) / B1)
    pts = sorted({p for p in spread(m, sd, 0, 0) + [mp.log(A1 / B1), -mp.log(B1)] if lo < p < hi})
    return mp.quad(f, [lo] + pts + [hi], maxdegree=8)


for (a1, b1, a2, b2) in [(2.0, 1.0, 3.0, 0.5), (0.5, 2.0, 0.5, 2.5), (0.01, 1.0, 1.0, 1.0), (100.0, 10.0, 120.0, 11.0),
                         (1e4, 1.0, 1e4 + 1.0, 1.0), (5.0, 3.0, 5.0, 3.0 * (1 + 2**-26)), (1.0, 1e-3, 40.0, 0.2),
                         (12.5, 2.0, 12.5 + 1e-6, 2.0), (1e6, 3.0, 999990.0, 3.1), (30.0, 1.0, 9.0, 1.0)]:
    terms = gamma_closed_terms(a1, b1, a2, b2)
    ref = gamma_ref(a1, b1, a2, b2)
    agree(ref, mp.fsum(terms), ("gamma", a1, b1, a2, b2))
    put("Gamma", ({"concentration": a1, "rate": b1}, {"concentration": a2, "rate": b2}), ref, gamma_lib_scale(a1, b1, a2, b2))

for (l1, l2) in [(1.0, 2.0), (3.0, 0.01), (7.0, 7.0 * (1 + 2**-30)), (1e-3, 1e3)]:
    terms = gamma_closed_terms(1, l1, 1, l2)
    ref = gamma_ref(1, l1, 1, l2)
    agree(ref, mp.fsum(terms), ("exponential", l1, l2))
    put("Exponential", ({"rate": l1}, {"rate": l2}), ref, ref)

for (l1, a2, b2) in [(1.0, 2.0, 3.0), (0.5, 0.3, 0.1), (2.0, 1.0, 2.0 * (1 + 2**-30)), (10.0, 50.0, 4.0)]:
    terms = gamma_closed_terms(1, l1, a2, b2)
    ref = gamma_ref(1, l1, a2, b2)
    agree(ref, mp.fsum(terms), ("exponential-gamma", l1, a2, b2))
    put("ExponentialGamma", ({"rate": l1}, {"concentration": a2, "rate": b2}), ref, gamma_lib_scale(1, l1, a2, b2))


# Beta(a, b): integrated in the logit t = log(x/(1-x)) (density x^a (1-x)^b / B(a, b) there, smooth even for
# a, b < 1), split at the mean of t, ψ(a) - ψ(b), ± k sd (√(ψ'(a) + ψ'(b))), out to where e^(a t) or e^(-b t)
# leaves less than e^-80.
def beta_ref(a1, b1, a2, b2):
    A1, B1, A2, B2 = map(mp.mpf, (a1, b1, a2, b2))
    c1, c2 = lbeta(A1, B1), lbeta(A2, B2)

    def f(t):
        lx, l1x = -mp.log1p(mp.exp(-t)), -mp.log1p(mp.exp(t))
        lp = (A1 - 1) * lx + (B1 - 1) * l1x - c1
        lq = (A2 - 1) * lx + (B2 - 1) * l1x - c2
        return mp.exp(lp + lx + l1x) * (lp - lq)

    m, sd = mp.digamma(A1) - mp.digamma(B1), mp.sqrt(mp.psi(1, A1) + mp.psi(1, B1))
    lo, hi = m - max(60 * sd, 80 / A1), m + max(60 * sd, 80 / B1)
    pts = sorted({p for p in spread(m, sd, 0, 0) if lo < p < hi})
    return mp.quad(f, [lo] + pts + [hi], maxdegree=8)


def lbeta(a, b):
    return mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b)


for (a1, b1, a2, b2) in [(16.0, 14.0, 10.0, 10.0), (0.5, 0.5, 2.0, 3.0), (1.0, 1.0, 1.0, 1.0 + 2**-20), (0.05, 2.0, 1.0, 1.0),
                         (1e3, 2e3, 1.1e3, 1.9e3), (3e4, 3e4, 3e4 + 10.0, 3e4), (2.0, 5.0, 0.1, 0.1)]:
    A1, B1, A2, B2 = map(mp.mpf, (a1, b1, a2, b2))
    ref = beta_ref(a1, b1, a2, b2)
    psi = mp.digamma(A1 + B1)
    terms = [lbeta(A2, B2), -lbeta(A1, B1), (A1 - A2) * (mp.digamma(A1) - psi), (B1 - B2) * (mp.digamma(B1) - psi)]
    agree(ref, mp.fsum(terms), ("beta", a1, b1, a2, b2))
    lib = bregman_terms(A1, A2) + bregman_terms(B1, B2) + bregman_terms(A1 + B1, A2 + B2)  # kl.ts's regrouping
    put("Beta", ({"concentration1": a1, "concentration0": b1}, {"concentration1": a2, "concentration0": b2}), ref, mp.fsum(mp.fabs(t) for t in lib))


# Bernoulli: the two-term sum, with p near 0 and 1 (probabilities and the equivalent logits are both tested).
def bernoulli_kl(p, q):
    p, q = mp.mpf(p), mp.mpf(q)
    t = lambda a, b: 0 if a == 0 else a * mp.log(a / b)
    return t(p, q) + t(1 - p, 1 - q)


for (p, q) in [(0.3, 0.6), (1e-12, 1e-10), (1 - 2**-40, 0.5), (0.5, 0.5 + 2**-30), (0.0, 0.25), (0.999, 0.9999), (0.2, 0.2)]:
    ref = bernoulli_kl(p, q)
    put("Bernoulli", ({"probs": p}, {"probs": q}), ref, ref)

# Bernoulli from logits θ, p = 1/(1 + e^-θ) at 40 digits: large |θ| puts p within 1e-17 of 0 or 1.
for (t1, t2) in [(0.5, -0.5), (40.0, 38.0), (-35.0, -30.0), (3.0, 3.0 + 2**-30), (30.0, -2.0)]:
    s1, s2 = 1 / (1 + mp.exp(-mp.mpf(t1))), 1 / (1 + mp.exp(-mp.mpf(t2)))
    r1, r2 = 1 / (1 + mp.exp(mp.mpf(t1))), 1 / (1 + mp.exp(mp.mpf(t2)))  # 1 - p, without cancellation
    ref = s1 * mp.log(s1 / s2) + r1 * mp.log(r1 / r2)
    put("BernoulliLogits", ({"logits": t1}, {"logits": t2}), ref, ref)

# Binomial(n, p): the exact sum over k = 0..n.
for (n, p, q) in [(10, 0.3, 0.4), (1, 0.1, 0.9), (200, 1e-4, 2e-4), (50, 0.5, 0.5 + 2**-25)]:
    P, Q = mp.mpf(p), mp.mpf(q)
    ref = mp.fsum(mp.binomial(n, k) * P**k * (1 - P) ** (n - k) * (k * mp.log(P / Q) + (n - k) * mp.log((1 - P) / (1 - Q))) for k in range(n + 1))
    agree(ref, n * bernoulli_kl(p, q), ("binomial", n, p, q))
    put("Binomial", ({"totalCount": n, "probs": p}, {"totalCount": n, "probs": q}), ref, ref)

# Poisson(l): the sum over k until the terms are negligible.
for (l1, l2) in [(3.0, 5.0), (0.01, 2.0), (100.0, 100.0 * (1 + 2**-28)), (50.0, 20.0), (0.0, 4.0)]:
    L1, L2 = mp.mpf(l1), mp.mpf(l2)
    logp = lambda k: (k * mp.log(L1) if k else 0) - L1 - mp.loggamma(k + 1)
    logq = lambda k: k * mp.log(L2) - L2 - mp.loggamma(k + 1)
    top = int(l1 + 40 * mp.sqrt(l1) + 60)
    ref = mp.fsum(mp.exp(logp(k)) * (logp(k) - logq(k)) for k in range(top)) if l1 > 0 else L2
    agree(ref, (L1 * mp.log(L1 / L2) if l1 else 0) - L1 + L2, ("poisson", l1, l2))
    put("Poisson", ({"rate": l1}, {"rate": l2}), ref, ref)

# Categorical from weights (normalised by their sum): the K-term sum.
for (w1, w2) in [([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]), ([0.25, 0.25, 0.5, 0.0], [0.1, 0.2, 0.3, 0.4]), ([1e-12, 1.0], [1e-10, 1.0]),
                 ([1.0, 1.0, 1.0], [1.0, 1.0, 1.0 + 2**-30])]:
    P = [mp.mpf(x) / mp.fsum(map(mp.mpf, w1)) for x in w1]
    Q = [mp.mpf(x) / mp.fsum(map(mp.mpf, w2)) for x in w2]
    ref = mp.fsum(0 if a == 0 else a * mp.log(a / b) for a, b in zip(P, Q))
    # Normalising in doubles moves Σp and Σq off 1 by a few ulps: allow that much absolute error (scale K).
    put("Categorical", ({"probs": w1}, {"probs": w2}), ref, ref + len(w1))


# Dirichlet: K = 2 by a 1-D quad (a Beta), K = 3 by a 2-D quad over the simplex.
def dir_logpdf(a):
    a = [mp.mpf(x) for x in a]
    c = mp.loggamma(mp.fsum(a)) - mp.fsum(mp.loggamma(x) for x in a)
    return lambda z: c + mp.fsum((x - 1) * mp.log(t) for x, t in zip(a, z))


def dir_terms(a, b):
    a, b = [mp.mpf(x) for x in a], [mp.mpf(x) for x in b]
    a0, b0 = mp.fsum(a), mp.fsum(b)
    return [mp.loggamma(a0), -mp.loggamma(b0), mp.fsum(mp.loggamma(x) for x in b), -mp.fsum(mp.loggamma(x) for x in a),
            mp.fsum((x - y) * (mp.digamma(x) - mp.digamma(a0)) for x, y in zip(a, b))]


for (a, b) in [([2.0, 3.0], [1.0, 1.0]), ([0.7, 4.0], [3.0, 0.5]), ([2e3, 3e3], [2.01e3, 3e3]), ([2.0, 3.0, 4.0], [1.0, 1.0, 1.0]), ([1.5, 2.0, 2.5], [2.0, 2.0, 2.0])]:
    lp, lq = dir_logpdf(a), dir_logpdf(b)
    if len(a) == 2:
        ref = integrate(lambda x: lp([x, 1 - x]), lambda x: lq([x, 1 - x]), 0, 1, [mp.mpf(10) ** -k for k in (3, 8)] + [0.5])
    else:
        mp.mp.dps = 20  # a 2-D quad at 32 digits takes minutes; 20 digits still checks the closed form to 1e-16
        f = lambda x, y: (lambda z: mp.exp(lp(z)) * (lp(z) - lq(z)))([x, y, 1 - x - y])
        ref = mp.quad(lambda x: mp.quad(lambda y: f(x, y), [0, 1 - x]), [0, 1])
        mp.mp.dps = 32
    terms = dir_terms(a, b)
    assert mp.fabs(ref - mp.fsum(terms)) <= mp.mpf("1e-16") * mp.fabs(ref), ("dirichlet", a, b, ref, mp.fsum(terms))
    lib = [t for x, y in zip(a, b) for t in bregman_terms(x, y)] + bregman_terms(mp.fsum(map(mp.mpf, a)), mp.fsum(map(mp.mpf, b)))
    put("Dirichlet", ({"concentration": a}, {"concentration": b}), mp.fsum(terms) if len(a) == 3 else ref, mp.fsum(mp.fabs(t) for t in lib))

OUT.write_text(dump(rows) + "\n")
print(f"wrote {OUT} ({sum(len(v) for v in rows.values())} rows)")
