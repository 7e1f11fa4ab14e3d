#!/usr/bin/env python3
"""Reference points for betaSampleGrad's Gaussian-moment expansion (src/special/beta-temme.ts): min(a, b) from below
its edge BETA_TEMME_MIN = 150 to 1e5, max(a, b) up to its edge 1e6, the draw from the mean out to and just past the
edge |xi| sqrt(min(a, b)) = BETA_TEMME_SPREAD = 3.5 (and at 4.5), both orders of a and b, and at and just below the
points where the number of terms changes (min(a, b) = 300, 500, 2e3, 1e4).

Writes test/fixtures/beta-temme.json, read by test/special/beta-temme.test.ts. Each row is
[a, b, z, spread, dzda, dzdb, psiA, psiB] at the exact floats a, b, z: spread = |xi| sqrt(min(a, b)) with the sign of
z - a/(a + b) (beta-temme.ts's region variable), psiA = psi(a + b) - psi(a), psiB = psi(a + b) - psi(b), dz/da = -(dI_z/da) / pdf(z) = -integral of (log t - psi(a) + psi(a + b)) pdf(t) / pdf(z)
over (0, z), and dz/db likewise with log(1 - t) - psi(b); above the mean the same for 1 - z ~ Beta(b, a) with the
signs changed, so no reference value is a difference of two large ones. mpmath
quadrature at 40 digits, split at the mean and at z; a sample of points is checked against mp.diff of mp.betainc
(scripts/fixtures_incomplete.py's beta_point; every 7th row with max(a, b) <= 1e3) and must agree to 1e-15 (the
values written are rounded to doubles' 20 digits; beta_point returns doubles). No float64 arithmetic in the reference.

Run from the repo root:  python3 scripts/fixtures_beta_temme.py
"""
import os
import sys

import mpmath as mp
import scipy

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_json import dump as dump_json, enc  # noqa: E402
from fixtures_incomplete import beta_point  # noqa: E402

mp.mp.dps = 40
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "beta-temme.json")
SPREAD = 4.5


def lower_tail(A, B, Y):
    """[dy/dA, dy/dB] for y ~ Beta(A, B) at Y <= the mean, as integrals over (0, Y) (mpmath)."""
    R = A + B
    ca = mp.digamma(R) - mp.digamma(A)
    cb = mp.digamma(R) - mp.digamma(B)
    l0 = (A - 1) * mp.log(Y) + (B - 1) * mp.log1p(-Y)
    w = lambda t: mp.exp((A - 1) * mp.log(t) + (B - 1) * mp.log1p(-t) - l0)
    sd = mp.sqrt(A * B / (R * R * (R + 1)))
    pts = [mp.mpf(0)] + [p for p in (Y - 40 * sd, Y - 10 * sd, Y - 3 * sd) if p > 0] + [Y]
    ia = mp.quad(lambda t: (mp.log(t) + ca) * w(t), pts)
    ib = mp.quad(lambda t: (mp.log1p(-t) + cb) * w(t), pts)
    return -ia, -ib


def reference(a, b, z):
    """[dz/da, dz/db] at the exact floats a, b, z; above the mean through z = 1 - y, y ~ Beta(b, a) (1 - z exact at
    40 digits), so that the quadrature never meets t = 1."""
    A, B, Z = mp.mpf(a), mp.mpf(b), mp.mpf(z)
    if Z <= A / (A + B):
        return lower_tail(A, B, Z)
    dyb, dya = lower_tail(B, A, 1 - Z)
    return -dya, -dyb


def xi_sqrt_p(a, b, z):
    """|xi| sqrt(min(a, b)) as beta-temme.ts defines it (mpmath), with the sign of z - a/(a + b)."""
    A, B, Z = mp.mpf(a), mp.mpf(b), mp.mpf(z)
    side = mp.sign(Z - A / (A + B))
    if A > B:
        A, B, Z = B, A, 1 - Z
    R = A + B
    mu, nu = A / R, B / R
    xi2 = -2 * (mp.log(Z / mu) + (nu / mu) * mp.log((1 - Z) / nu))
    return side * mp.sqrt(max(xi2, 0) * A)


def z_at(a, b, k):
    """The double z where xi sqrt(min(a, b)) = k (k != 0), by mpmath root finding; the mean a/(a+b) for k = 0."""
    A, B = mp.mpf(a), mp.mpf(b)
    mean = A / (A + B)
    if k == 0:
        return float(mean)
    sd = mp.sqrt(A * B / ((A + B) ** 2 * (A + B + 1)))
    lo, hi = (mean, min(mean + 30 * sd, 1 - mp.mpf(10) ** -30)) if k > 0 else (max(mean - 30 * sd, mp.mpf(10) ** -30), mean)
    return float(mp.findroot(lambda z: xi_sqrt_p(a, b, z) - k, (lo, hi), solver="illinois"))


def pairs():
    out = []
    for p in [60.0, 100.0, 149.999, 150.0, 150.001, 200.0, 299.9, 300.0, 499.9, 500.0, 1999.9, 2e3, 9999.9, 1e4, 1e5]:
        for ratio in [1.0, 1.0001, 1.7, 6.0, 40.0, 1e3, 3e4]:
            q = p * ratio
            if q > 1e6 * (1 + 1e-12):
                q = 1e6
            out.append((p, q))
            if ratio != 1.0:
                out.append((q, p))
    out += [(30.0, 1e6), (1e6, 30.0), (1e6, 1e6), (999999.0, 5e5)]
    return sorted(set(out))


KS = [-4.5, -3.5 * (1 + 1e-9), -3.5 * (1 - 1e-9), -3.0, -2.0, -1.0, -0.3, 0.0, 0.3, 1.0, 2.0, 3.0,
      3.5 * (1 - 1e-9), 3.5 * (1 + 1e-9), 4.5]


def main():
    rows = []
    ps = pairs()
    for i, (a, b) in enumerate(ps):
        print(f"beta-temme: {i} / {len(ps)}", file=sys.stderr)
        for k in KS:
            z = z_at(a, b, k)
            if not (0 < z < 1):
                continue
            da, db = reference(a, b, z)
            A, B = mp.mpf(a), mp.mpf(b)
            rows.append([a, b, z, enc(xi_sqrt_p(a, b, z)), enc(da), enc(db),
                         enc(mp.digamma(A + B) - mp.digamma(A)), enc(mp.digamma(A + B) - mp.digamma(B))])
    versions = f"mpmath {mp.__version__}, scipy {scipy.__version__}, dps {mp.mp.dps}"
    obj = {
        "description": "betaSampleGrad where beta-temme.ts's expansion applies and at its edges; "
                       "generated by scripts/fixtures_beta_temme.py (" + versions + ")",
        "columns": ["a", "b", "z", "spread", "dzda", "dzdb", "psiA", "psiB"],
        "rows": rows,
    }
    with open(OUT, "w") as fh:
        fh.write(dump_json(obj) + "\n")
    print(f"wrote {len(rows)} rows to {OUT}", file=sys.stderr)
    # the quadrature against mp.diff of mp.betainc (fixtures_incomplete.py's beta_point) on every 7th row with
    # max(a, b) <= 1e3 (mp.betainc's hypergeometric series gives up on larger parameters)
    checked = 0
    for row in rows[::7]:
        a, b, z = row[:3]
        if max(a, b) > 1e3:
            continue
        d = beta_point(a, b, mp.mpf(z))
        for got, other in zip(reference(a, b, z), (d[4], d[5])):
            assert abs(got - other) <= 1e-15 * abs(got), (a, b, z, got, other)
        checked += 1
    assert checked >= 100, checked
    print(f"checked {checked} rows against mp.diff of mp.betainc", file=sys.stderr)


if __name__ == "__main__":
    main()
