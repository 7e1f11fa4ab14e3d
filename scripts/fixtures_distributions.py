#!/usr/bin/env python3
"""Reference log-densities for src/distributions, one fixture section per distribution (or parameterization).

Writes test/fixtures/distributions.json, which test/distributions/contract.test.ts reads through each row's
`fixture` key. Every section has the same layout:
    {"params": {"<name>": [...], ...}, "x": [...], "logProb": [...], "scale": [...]}
one column per constructor parameter (named as the constructor names it), the point x, the reference log p(x), and
`scale`, the sum of the absolute values of the terms of the log-density: a double-precision evaluation can be
expected to be accurate to a few ulps of that sum, not of the (possibly much smaller) result.
Every value comes from mpmath at 40 significant digits, evaluated at the exact binary64 inputs, with 0·log 0 = 0 at
the edges of the support; each is cross-checked against scipy.stats (an independent implementation) where scipy is
accurate. Adding a distribution: write one function below that returns section(...), and add it to SECTIONS.
Run from the repo root:
    python3 scripts/fixtures_distributions.py
"""
import math
import random
from pathlib import Path

import mpmath as mp
from scipy import stats

from fixture_json import Raw, checks, cross_check, dump, enc  # noqa: F401 (shared JSON encoding and scipy check)

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


def total(terms):
    """The log-density and the scale of its terms (inf when the density is 0 or infinite)."""
    if any(mp.isinf(t) for t in terms):
        return mp.fsum(terms), mp.inf  # the infinite terms never have opposite signs here
    return mp.fsum(terms), mp.fsum(mp.fabs(t) for t in terms)


def section(names, rows, terms, scipy_logpdf=None, scipy_ok=lambda *r: True):
    """
    A fixture section from rows (*params, x): terms(*params, x) gives the log-density's terms as mpf,
    scipy_logpdf(*params, x) the independent value to cross-check where scipy_ok(*params, x).
    """
    out = {"params": {n: [] for n in names}, "x": [], "logProb": [], "scale": []}
    for row in rows:
        *params, x = row
        ref, scale = total(terms(*[mp.mpf(v) for v in row]))
        if scipy_logpdf is not None and scipy_ok(*row):
            cross_check(ref, scale, scipy_logpdf(*row), (names, row))
        for n, v in zip(names, params):
            out["params"][n].append(v)
        out["x"].append(x)
        out["logProb"].append(enc(ref))
        out["scale"].append(enc(scale))
    return out


def log_uniform(lo, hi):
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def beta():
    """Beta(concentration1, concentration0): concentrations 1e-6..1e6, z from 1e-300 to 1 - 2^-53, then the edges."""
    conc = [1e-6, 1e-2, 0.1, 0.7, 1.0, 2.5, 14.0, 16.0, 1e3, 1e4, 1e6]
    zs = [1e-300, 1e-10, 0.03, 0.3, 0.5, 0.7, 0.97, 1 - 1e-10, 1 - 2.0 ** -53]
    rows = [(a, b, z) for a in conc for b in conc for z in zs]
    rows += [(log_uniform(1e-2, 1e4), log_uniform(1e-2, 1e4), rng.random()) for _ in range(200)]
    edge = [0.5, 1.0, 3.0]
    rows += [(a, b, z) for a in edge for b in edge for z in (0.0, 1.0)]
    # scipy's betaln loses digits when both concentrations are large, or one is 1e6; mpmath alone is the reference.
    return section(["concentration1", "concentration0"], rows,
                   lambda a, b, z: [xlogy(a - 1, z), xlog1my(b - 1, z), -mp.log(mp.beta(a, b))],
                   lambda a, b, z: stats.beta.logpdf(z, a, b), lambda a, b, z: not (a >= 1e3 and b >= 1e3) and max(a, b) < 1e6)


def gamma():
    """Gamma(concentration, rate): concentration 1e-6..1e6, rate 1e-3..1e3, x from 1e-300 to 1e5, then x = 0."""
    rows = [(a, r, x) for a in (1e-6, 1e-2, 0.5, 1.0, 2.5, 30.0, 1e4, 1e6) for r in (1e-3, 1.0, 7.5, 1e3)
            for x in (1e-300, 1e-5, 0.5, 3.0, 100.0, 1e5)]
    rows += [(log_uniform(1e-2, 1e4), log_uniform(1e-3, 1e3), log_uniform(1e-5, 1e5)) for _ in range(100)]
    rows += [(a, r, 0.0) for a in (0.5, 1.0, 3.0) for r in (0.5, 2.0)]
    return section(["concentration", "rate"], rows,
                   lambda a, r, x: [a * mp.log(r), xlogy(a - 1, x), -r * x, -mp.loggamma(a)],
                   lambda a, r, x: stats.gamma.logpdf(x, a, scale=1 / r))


def bernoulli_probs():
    """Bernoulli({ probs }): log p for y = 1, log(1 - p) for y = 0, p exactly 0 and 1, next to them, in between."""
    ps = [0.0, 1e-300, 1e-16, 1e-3, 0.3, 0.5, 0.7, 1 - 2.0 ** -30, 1 - 1e-16, 1.0] + [rng.random() for _ in range(20)]
    rows = [(p, y) for p in ps for y in (0.0, 1.0)]
    return section(["probs"], rows, lambda p, y: [xlogy(mp.mpf(1), p) if y == 1 else xlog1my(mp.mpf(1), p)],
                   lambda p, y: stats.bernoulli.logpmf(y, p))


def bernoulli_logits():
    """Bernoulli({ logits }): log σ(θ) for y = 1, log σ(-θ) for y = 0, θ from -800 to 800."""
    ts = [-800.0, -40.0, -5.0, -1.0, -1e-10, 0.0, 1e-10, 1.0, 3.0, 5.0, 10.0, 40.0, 800.0]
    ts += [rng.uniform(-30.0, 30.0) for _ in range(20)]
    rows = [(t, y) for t in ts for y in (0.0, 1.0)]
    return section(["logits"], rows, lambda t, y: [-mp.log1p(mp.exp(-t if y == 1 else t))])


# --- Gradients of log p at a distribution's own draw (Beta and Gamma rsample followed by logProb) ---------------------

def solve(f, lo, hi):
    """The root of an increasing f on [lo, hi] by bisection, to 38 digits (200 halvings cover any bracket here)."""
    lo, hi = mp.mpf(lo), mp.mpf(hi)
    for _ in range(200):
        mid = (lo + hi) / 2
        if f(mid) < 0:
            lo = mid
        else:
            hi = mid
        if hi - lo <= mp.mpf(10) ** -38 * max(1, abs(mid)):
            break
    return (lo + hi) / 2


def betainc_reg(a, b, z):
    return mp.betainc(a, b, 0, z, regularized=True)


def beta_lower(a, b, u):
    """log z for the u-quantile z <= 1/2 of Beta(a, b), and dz/da, dz/db = -(∂I_z/∂θ) / p(z) at fixed u."""
    t = solve(lambda t: mp.log(betainc_reg(a, b, mp.exp(t))) - mp.log(u), -1e9, -mp.log(2))
    z = mp.exp(t)
    pdf = mp.exp((a - 1) * t + (b - 1) * mp.log1p(-z) - mp.log(mp.beta(a, b)))
    return t, -mp.diff(lambda s: betainc_reg(s, b, z), a) / pdf, -mp.diff(lambda s: betainc_reg(a, s, z), b) / pdf


def beta_draw():
    """
    Beta: at the u-quantile z(θ) (u held fixed, as the implicit reparameterization holds it), the total derivative
    d/dθ log p(z(θ); θ) = ∂/∂θ log p + ∂/∂z log p · dz/dθ, with log z and log(1 - z) exact (z may be e^-1e7).
    The quantile is solved on the smaller side: z <= 1/2 directly, else 1 - z ~ Beta(b, a) at 1 - u.
    """
    conc = [1e-6, 1e-3, 0.1, 1.0, 10.0, 1e3]
    out = {"params": {"concentration1": [], "concentration0": []}, "u": [], "logZ": [], "log1mZ": [],
           "dConcentration1": [], "dConcentration0": []}
    for a0, b0 in [(a, b) for a in conc for b in conc]:
        for u0 in (1e-6, 0.3, 0.7, 1 - 1e-6):
            a, b, u = mp.mpf(a0), mp.mpf(b0), mp.mpf(u0)
            if u <= betainc_reg(a, b, mp.mpf(0.5)):
                log_z, dza, dzb = beta_lower(a, b, u)
                z, log1m_z, w = mp.exp(log_z), mp.log1p(-mp.exp(log_z)), -mp.expm1(log_z)
            else:
                log1m_z, dwb, dwa = beta_lower(b, a, 1 - u)
                w, log_z, z = mp.exp(log1m_z), mp.log1p(-mp.exp(log1m_z)), -mp.expm1(log1m_z)
                dza, dzb = -dwa, -dwb
            dlp_dz = (a - 1) / z - (b - 1) / w
            da = log_z - mp.digamma(a) + mp.digamma(a + b) + dlp_dz * dza
            db = log1m_z - mp.digamma(b) + mp.digamma(a + b) + dlp_dz * dzb
            for k, v in (("u", u0), ("logZ", enc(log_z)), ("log1mZ", enc(log1m_z)), ("dConcentration1", enc(da)),
                         ("dConcentration0", enc(db))):
                out[k].append(v)
            out["params"]["concentration1"].append(a0)
            out["params"]["concentration0"].append(b0)
    return out


def gamma_draw():
    """
    Gamma: at the u-quantile G(α) of Gamma(α, 1), the total derivative d/dα log p(x(α); α, λ) for x = G/λ:
    log G - ψ(α) + ((α - 1)/G - 1) dG/dα, dG/dα = -(∂P(α, G)/∂α) / p(G) (independent of λ; d/dλ is 1/λ).
    """
    out = {"params": {"concentration": []}, "u": [], "logG": [], "dConcentration": []}
    for a0 in (1e-6, 1e-3, 0.1, 1.0, 10.0, 1e3, 1e4):
        for u0 in (1e-6, 0.3, 0.7, 1 - 1e-6):
            a, u = mp.mpf(a0), mp.mpf(u0)
            p_reg = lambda s, g: mp.gammainc(s, 0, g, regularized=True)  # noqa: E731
            t = solve(lambda t: mp.log(p_reg(a, mp.exp(t))) - mp.log(u), -1e9, mp.log(a + 50 * mp.sqrt(a) + 50))
            g = mp.exp(t)
            dg = -mp.diff(lambda s: p_reg(s, g), a) / mp.exp((a - 1) * t - g - mp.loggamma(a))
            out["params"]["concentration"].append(a0)
            for k, v in (("u", u0), ("logG", enc(t)), ("dConcentration", enc(t - mp.digamma(a) + ((a - 1) / g - 1) * dg))):
                out[k].append(v)
    return out


# One entry per fixture section, keyed as the contract rows' `fixture` field names it.
SECTIONS = {"beta": beta, "gamma": gamma, "bernoulliProbs": bernoulli_probs, "bernoulliLogits": bernoulli_logits}
# Sections of another layout, read by beta.test.ts and gamma.test.ts (not by the contract table).
EXTRA = {"betaDraw": beta_draw, "gammaDraw": gamma_draw}

if __name__ == "__main__":
    table = {"_": "Generated by scripts/fixtures_distributions.py (mpmath, 40 digits; cross-checked against scipy.stats). "
                  "One section per distribution: params (one column per parameter), x, logProb, scale = sum of |terms|. "
                  "\"inf\"/\"-inf\" stand for values JSON cannot hold."}
    table.update({key: make() for key, make in SECTIONS.items()})
    table.update({key: make() for key, make in EXTRA.items()})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(dump(table) + "\n")
    sizes = ", ".join(f"{len(table[k]['x'])} {k}" for k in SECTIONS) + ", " + ", ".join(f"{len(table[k]['u'])} {k}" for k in EXTRA)
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB: {sizes}; {checks['scipy']} checked against scipy)")
