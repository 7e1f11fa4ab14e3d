#!/usr/bin/env python3
"""Dense reference points where one Beta parameter dwarfs the other, for betainc / betaSampleGrad: the region where
TOMS 708 switches to its expansion in incomplete gamma functions (bgrat), on both sides of each of its edges and
through its interior. vitape's continued fraction, written through lambda = a - (a + b) x (betainc.ts), and its
series and quadrature serve the whole region; this holds them to mpmath there, and where the quadrature takes over.

Writes test/fixtures/beta-asym.json, read by test/special/beta-asym.test.ts. Each row is
[region, a, b, z, I, Ic, dzda, dzdb] at the exact floats a, b, z: I = I_z(a, b), Ic = 1 - I, dz/da = -(dI/da) / pdf(z),
dz/db likewise. With s = min(a, b), l = max(a, b), x_s the small parameter's variable (z or 1 - z),
lambda = -log(1 - x_s), nu = l + (s - 1)/2, zeta = nu lambda (where the Gamma(s) variable sits), the regions:
- "min": l around 2e3,
- "ratio": l around 100 s,
- "lambda": lambda around 0.5 / sqrt(max(s, 4)) (an expansion's terms would fall like max(s, 4) lambda^2 / 24),
- "quadrature": s around 2e3 (BETA_LARGE_MIN), where beta-large.ts's quadrature takes over again,
- "median": zeta around the Gamma(s) median (where an expansion in P(s, zeta) would switch to Q(s, zeta)),
- "underflow": zeta around where zeta^s e^-zeta / Gamma(s) falls below 2^-1000,
- "sweep": the interior, s in 1e-8 ... 1e3, l in 1e5 ... 1e12, zeta at Gamma(s) quantiles 1e-6 ... 1 - 1e-8,
- "unsupported": z < 2^-53 with z (b + 1) > a + 1 (b > 2^53), where betainc returns NaN (betaincUnsupported); the
  references are there for the method that will serve it.
Each point is taken in both orientations (a = s, z = x_s and a = l, z = 1 - x_s rounded to a float, the reference
then at that float; not where that rounds to 1).

References: mpmath at 40 digits, on the side of the small parameter s (the mirror I_z(a, b) = 1 - I_(1-z)(b, a)
for a > b, 1 - z exact there), by two independent methods: mp.betainc (a hypergeometric series) with mp.diff for
the partials, at 70 digits where 1 - I is the small side (kept down to 1e-25); and scripts/fixtures_incomplete.py's
beta_quad, mp.quad of the density (and of its log-derivatives for the partials) on the smaller side. The series is
taken where it converges (zeta <= 200, mpmath does not raise, 1 - I >= 1e-25), the quadrature where it integrates
[z, 1] or s >= 1 (below the mean with s < 1 it would meet t^(s-1) at 0, and is off by up to 100% at s = 1e-6);
where both hold they must agree to 1e-15 relative in every entry (the point is skipped otherwise). The closing line
counts the points of each kind.
No float64 finite differences anywhere. Needs: python3, mpmath,
scipy, numpy.

Run from the repo root:  python3 scripts/fixtures_beta_asym.py
"""
import math
import os
import sys

import mpmath as mp
import scipy.special as sc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_json import enc  # noqa: E402
from fixtures_beta_regions import DELTAS, write_fixture  # noqa: E402  (DELTAS: relative offsets from an edge, both sides)
from fixtures_incomplete import beta_quad  # noqa: E402

mp.mp.dps = 40
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures")

QS = [0.01, 0.5, 0.99, 0.9999]
COUNTS = {"both": 0, "series": 0, "quadrature": 0}  # which methods gave each reference


def zeta_at(s, q):
    """The Gamma(s) quantile q, the upper ones from the complement."""
    z = float(sc.gammaincinv(s, q)) if q <= 0.5 else float(sc.gammainccinv(s, 1 - q))
    return z if z > 0 and math.isfinite(z) else None


def both(region, s, l, zeta=None, xs=None):
    """The point (s, l, x_s) in both orientations, x_s from zeta = nu lambda unless given."""
    if xs is None:
        if zeta is None:
            return []
        xs = -math.expm1(-zeta / (l + 0.5 * (s - 1)))
    if not 0 < xs < 1:
        return []
    return [(region, s, l, xs)] + ([(region, l, s, 1.0 - xs)] if 1.0 - xs < 1 else [])


def triples():
    out = []
    for s in [1e-6, 1e-3, 0.05, 0.2]:
        for d in DELTAS:
            l = 2e3 * (1 + d)
            out += [p for q in QS for p in both("min", s, l, zeta_at(s, q))]
    for s in [30.0, 300.0, 1000.0, 1900.0]:
        for d in DELTAS:
            l = 100 * s * (1 + d)
            out += [p for q in QS for p in both("ratio", s, l, zeta_at(s, q))]
    for s, l in [(0.01, 1e4), (1.0, 1e5), (30.0, 1e6), (1000.0, 1e8)]:
        lam = 0.5 / math.sqrt(max(s, 4.0))
        out += [p for d in DELTAS for p in both("lambda", s, l, xs=-math.expm1(-lam * (1 + d)))]
    for d in DELTAS:
        s = 2e3 * (1 + d)
        out += [p for q in QS for p in both("quadrature", s, 1e8, zeta_at(s, q))]
    for s, l in [(0.1, 1e6), (1.0, 1e5), (10.0, 1e7), (300.0, 1e8)]:
        m = zeta_at(s, 0.5)
        out += [p for d in DELTAS for p in both("median", s, l, m * (1 + d))]
    for s, l in [(0.01, 1e6), (1.0, 1e5), (10.0, 1e6)]:
        # zeta^s e^-zeta / Gamma(s) = 2^-1000, above the mean
        f = lambda t: s * mp.log(t) - t - mp.loggamma(s) + 1000 * mp.log(2)
        u = float(mp.findroot(f, 700 + s * math.log(700)))
        out += [p for d in DELTAS for p in both("underflow", s, l, u * (1 + d))]
    for s in [1e-8, 1e-4, 0.01, 0.5, 1.0, 3.0, 10.0, 100.0, 1000.0]:
        for l in [1e5, 1e7, 1e9, 1e12]:
            if l < 100 * s:
                continue
            for q in [1e-6, 0.1, 0.5, 0.9, 0.999, 1 - 1e-8]:
                z = zeta_at(s, q)
                if z is not None:
                    out += both("sweep", s, l, z)
    for a, b in [(1.0, 1e17), (1e-3, 1e20), (100.0, 1e18), (1e-300, 1e16 * 2), (3000.0, 1e20)]:
        for k in [1.0, 3.0, 30.0, 300.0]:
            z = k * (a + 1) / b
            if z < 2.0 ** -53:
                out.append(("unsupported", a, b, z))
    return out


def hyp_small(s, l, x):
    """(I, 1 - I, dI/ds, dI/dl) of I_x(s, l), s the small parameter, by mp.betainc (its hypergeometric series) and
    mp.diff, or None where the series gives up, zeta = nu lambda > 200, or 1 - I is below 1e-25 next to I ~ 1."""
    S, L, X = mp.mpf(s), mp.mpf(l), mp.mpf(x)
    if (l + 0.5 * (s - 1)) * -math.log1p(-x) > 200:
        return None  # its terms, ~ zeta^n / n! of both signs, would cancel by ~e^zeta: left to the quadrature
    lower = lambda u, v: mp.betainc(u, v, 0, X, regularized=True)
    try:
        I = lower(S, L)
        if I < 0.5:
            return I, 1 - I, mp.diff(lower, (S, L), (1, 0)), mp.diff(lower, (S, L), (0, 1))
        if 1 - I < 1e-25:
            return None
        with mp.workdps(mp.mp.dps + 30):  # 1 - I keeps 40 digits down to 1e-25
            I = lower(S, L)
            return I, 1 - I, mp.diff(lower, (S, L), (1, 0)), mp.diff(lower, (S, L), (0, 1))
    except (ValueError, mp.libmp.NoConvergence):
        return None


def ref_small(s, l, x):
    """[I, 1 - I, dx/ds, dx/dl] at the exact floats, s <= l; None where the two methods disagree, or neither holds."""
    h = hyp_small(s, l, x)
    # the quadrature holds where it integrates the upper side [x, 1], or for s >= 1 (no t^(s-1) singularity at 0)
    q = beta_quad(s, l, x) if x >= s / (s + l) or s >= 1 else None
    if h is None:
        if q is not None:
            COUNTS["quadrature"] += 1
        return None if q is None else list(q)
    S, L, X = mp.mpf(s), mp.mpf(l), mp.mpf(x)
    pdf = mp.exp((S - 1) * mp.log(X) + (L - 1) * mp.log1p(-X) - mp.log(mp.beta(S, L)))
    r = [h[0], h[1], -h[2] / pdf, -h[3] / pdf]
    if q is None:
        COUNTS["series"] += 1
        return r
    COUNTS["both"] += 1
    for got, other in zip(r, q):
        if abs(got) > 1e-300 and abs(got - other) > mp.mpf(1e-15) * abs(got):
            return None
    return r


def ref(a, b, z):
    """[I, 1 - I, dz/da, dz/db] at the exact floats (the mirror I_z(a, b) = 1 - I_(1-z)(b, a) for a > b)."""
    if a <= b:
        r = ref_small(a, b, z)
        return None if r is None else [enc(v) for v in r]
    r = ref_small(b, a, 1 - z)  # (1 - z exact: z >= 1/2 here)
    return None if r is None else [enc(r[1]), enc(r[0]), enc(-r[3]), enc(-r[2])]


def main():
    write_fixture("beta-asym", "Points where one Beta parameter dwarfs the other, on the edges and in the interior of "
                  "TOMS 708's bgrat region (see scripts/fixtures_beta_asym.py): ", triples(), ref, 100)
    print(f"references: {COUNTS}", file=sys.stderr)


if __name__ == "__main__":
    main()
