#!/usr/bin/env python3
"""A check of the derivation for src/special/beta-temme.ts (betaSampleGrad's Gaussian-moment expansion near the
mean for min(a, b) >= BETA_TEMME_MIN): the expansion itself, in mpmath at 50 digits, against quadrature (the
derivation in beta-temme.ts's doc comment):
   with t = mu (1 + v), -mu xi^2 / 2 = mu log(t / mu) + nu log((1 - t) / nu), v(xi) from v v' = xi (1 + v)(nu - mu v),
   (dI/dp) / pdf(u) = u (1 - u) e^(p xi^2 / 2) int_{-inf}^{xi} e^(-p s^2 / 2) (s / v)(log(t / mu) + c_p) ds.
   Prints the relative error of the truncated sum at a few (p, q, z) for N = 8 ... 24 terms: the table that chose
   termsFor().

Run from the repo root:  python3 scripts/beta_temme_coefficients.py
"""

import mpmath as mp

mp.mp.dps = 40


def erfcx(y):
    return mp.exp(y * y) * mp.erfc(y)


# ---- the expansion, in mpmath (series by power-series reversion, independent of beta-temme.ts's recurrences) ----
def mul(a, b, n):
    return [mp.fsum(a[i] * b[k - i] for i in range(k + 1)) for k in range(n)]


def expansion(p, q, u, n):
    """[(dI/dp)/pdf, (dI/dq)/pdf] at u from n + 1 terms, with xi below the mean (u <= mu), p <= q."""
    p, q, u = mp.mpf(p), mp.mpf(q), mp.mpf(u)
    r = p + q
    mu, nu = p / r, q / r
    # xi as a series in v: xi^2 = -2 (log(1 + v) + (nu/mu) log(1 - mu v / nu)) = sum c_k v^k, k >= 2
    m = n + 3
    c = [mp.mpf(0)] * (m + 2)
    for k in range(2, m + 2):
        c[k] = -2 * (((-1) ** (k + 1)) / k - (nu / mu) * (mu / nu) ** k / k)
    g2 = [c[k + 2] for k in range(m)]  # (xi / v)^2
    g = [mp.sqrt(g2[0])] + [mp.mpf(0)] * (m - 1)
    for k in range(1, m):
        g[k] = (g2[k] - mp.fsum(g[i] * g[k - i] for i in range(1, k))) / (2 * g[0])
    ginv = [1 / g[0]] + [mp.mpf(0)] * (m - 1)
    for k in range(1, m):
        ginv[k] = -mp.fsum(g[i] * ginv[k - i] for i in range(1, k + 1)) / g[0]
    vs = [mp.mpf(0)] * (n + 1)  # v(xi) by Lagrange inversion: [xi^k] v = (1/k) [v^(k-1)] (v / xi)^k
    pw = [mp.mpf(1)] + [mp.mpf(0)] * (m - 1)
    for k in range(1, n + 1):
        pw = mul(pw, ginv, m)
        vs[k] = pw[k - 1] / k
    powers = [[mp.mpf(1)] + [mp.mpf(0)] * n]
    for k in range(1, n + 1):
        powers.append(mul(powers[-1], vs, n + 1))
    compose = lambda coef: [mp.fsum(coef[k] * powers[k][j] for k in range(n + 1)) for j in range(n + 1)]
    f = compose(g[: n + 1])  # xi / v
    la = compose([mp.mpf(0)] + [(-1) ** (k + 1) / mp.mpf(k) for k in range(1, n + 1)])  # log(1 + v)
    lb = compose([mp.mpf(0)] + [-(mu / nu) ** k / k for k in range(1, n + 1)])  # log(1 - mu v / nu)
    fa, fb = mul(f, la, n + 1), mul(f, lb, n + 1)
    e = u - mu
    xi = -mp.sqrt(-2 * (mp.log1p(e / mu) + (nu / mu) * mp.log1p(-e / nu)))
    j = [mp.sqrt(mp.pi / (2 * p)) * erfcx(-xi * mp.sqrt(p / 2)), -1 / p]
    for k in range(2, n + 1):
        j.append((-xi ** (k - 1) + (k - 1) * j[k - 2]) / p)
    cp = mp.digamma(r) - mp.log(r) - mp.digamma(p) + mp.log(p)
    cq = mp.digamma(r) - mp.log(r) - mp.digamma(q) + mp.log(q)
    s = lambda co: mp.fsum(co[k] * j[k] for k in range(n + 1))
    return u * (1 - u) * (s(fa) + cp * s(f)), u * (1 - u) * (s(fb) + cq * s(f))


def quadrature(p, q, u):
    p, q, u = mp.mpf(p), mp.mpf(q), mp.mpf(u)
    l0 = (p - 1) * mp.log(u) + (q - 1) * mp.log1p(-u)
    w = lambda t: mp.exp((p - 1) * mp.log(t) + (q - 1) * mp.log1p(-t) - l0)
    cp, cq = mp.digamma(p + q) - mp.digamma(p), mp.digamma(p + q) - mp.digamma(q)
    pts = [0, u / 2, u]
    return (mp.quad(lambda t: (mp.log(t) + cp) * w(t), pts), mp.quad(lambda t: (mp.log1p(-t) + cq) * w(t), pts))


def convergence():
    print("// relative error of the truncated expansion against quadrature (mpmath), by terms N")
    for p, q in [(30, 30), (30, 1000), (100, 100), (100, 3000), (300, 700), (1000, 1000)]:
        r = p + q
        mu = mp.mpf(p) / r
        sd = mp.sqrt(mu * (1 - mu) / (r + 1))
        for k in [-4.5, -3, -1, 0]:
            u = mu + k * sd if k else mu * (1 - mp.mpf(10) ** -12)
            ref = quadrature(p, q, u)
            errs = []
            for n in [8, 10, 12, 14, 16, 20, 24]:
                got = expansion(p, q, u, n)
                errs.append(f"N={n}: {float(max(abs(g / w - 1) for g, w in zip(got, ref))):.0e}")
            print(f"//   p = {p}, q = {q}, z = mean {k:+} sd: " + ", ".join(errs))


if __name__ == "__main__":
    convergence()
