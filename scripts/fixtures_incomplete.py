#!/usr/bin/env python3
"""Reference tables for src/special/{gammainc,betainc,gamma-grad,beta-grad}.ts.

Writes test/fixtures/incomplete-gamma.json and test/fixtures/incomplete-beta.json, read by
test/special/{gammainc,betainc,gamma-grad,beta-grad}.test.ts.

Input points: quantiles of Gamma(alpha, 1) and Beta(a, b) found with scipy's float inverses. Each float so found is
then taken as the EXACT input; every reference is computed at that float with mpmath at mp.dps = 40 (parameter
derivatives by mp.diff, which differentiates at raised working precision; spot checks at dps = 60 agree to ~1e-40;
rows whose exact point is 1 - y get 40 + log10(1/y) digits). Consistency checks: P + Q = 1, I + (1 - I) = 1 with
1 - I from the mirrored integral, and the Beta partials agree with those of the mirrored form.
No float64 finite differences anywhere. Needs: python3, mpmath, scipy, numpy.

Run from the repo root:  python3 scripts/fixtures_incomplete.py
"""
import json
import os
import sys

import mpmath as mp
import numpy as np
import scipy
import scipy.special as sc

from fixture_json import dump as dump_json, enc

mp.mp.dps = 40
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures")

# grid values rounded to 12 digits so that the endpoints are exactly 1e-3, 0.05, 1e4, 1000
GAMMA_ALPHAS = [float(f"{a:.12g}") for a in np.logspace(-3, 4, 25)]
GAMMA_QS = [1e-6, 1e-4, 0.01, 0.1, 0.5, 0.9, 0.99, 1 - 1e-4, 1 - 1e-6]
# beyond the accuracy criterion's range: checks that the iteration budget keeps growing with sqrt(alpha)
GAMMA_LARGE_ALPHAS = [3e4, 1e5, 1e6]
GAMMA_LARGE_QS = [1e-6, 0.01, 0.5, 0.99, 1 - 1e-6]
BETA_PARAMS = [float(f"{a:.12g}") for a in np.logspace(np.log10(0.05), 3, 12)]
BETA_QS = [1e-6, 0.01, 0.1, 0.5, 0.9, 0.99, 1 - 1e-6]
BETA_UPPER_QS = [0.9, 0.99, 1 - 1e-6]


def f(v):
    """mpf -> nearest float64 (JSON keeps it exactly via repr)."""
    return float(v)


def gamma_rows():
    rows, skipped = [], []
    for alpha in GAMMA_ALPHAS:
        A = mp.mpf(alpha)
        for q in GAMMA_QS:
            # the upper tail from the complement so that x is not limited by 1 - q rounding
            x = float(sc.gammaincinv(alpha, q)) if q <= 0.5 else float(sc.gammainccinv(alpha, 1 - q))
            if not (x > 0 and np.isfinite(x)):
                skipped.append([alpha, q, x])
                continue
            X = mp.mpf(x)
            P = mp.gammainc(A, 0, X, regularized=True)
            Q = mp.gammainc(A, X, mp.inf, regularized=True)
            assert abs(P + Q - 1) < mp.mpf(10) ** (8 - mp.mp.dps), (alpha, x)
            dP = mp.diff(lambda s: mp.gammainc(s, 0, X, regularized=True), A)
            logpdf = (A - 1) * mp.log(X) - X - mp.loggamma(A)
            grad = -dP / mp.exp(logpdf)
            rows.append([alpha, q, x, f(P), f(Q), f(dP), f(grad)])
    return rows, skipped


def gamma_large_rows():
    """Large alpha: the grad only. mpmath's lower-gamma series gives up above the mode for alpha ~ 1e6, so there
    dP/dalpha is taken as -dQ/dalpha."""
    rows = []
    for alpha in GAMMA_LARGE_ALPHAS:
        A = mp.mpf(alpha)
        for q in GAMMA_LARGE_QS:
            x = float(sc.gammaincinv(alpha, q)) if q <= 0.5 else float(sc.gammainccinv(alpha, 1 - q))
            X = mp.mpf(x)
            if x < alpha:
                dP = mp.diff(lambda s: mp.gammainc(s, 0, X, regularized=True), A)
            else:
                dP = -mp.diff(lambda s: mp.gammainc(s, X, mp.inf, regularized=True), A)
            logpdf = (A - 1) * mp.log(X) - X - mp.loggamma(A)
            rows.append([alpha, q, x, f(-dP / mp.exp(logpdf))])
    return rows


def gamma_quad(a, x):
    """(P, Q, dP/da, dP/da / pdf(x)) at the exact floats a, x by quadrature of the Gamma(a, 1) density (independent of mpmath's
    incomplete gamma, which gives up for large a): the small side (P below the mode, Q above) is integrated from x
    outward over breakpoints on the density's local scale, the other side is its complement."""
    A, X = mp.mpf(a), mp.mpf(x)
    with mp.workdps(mp.mp.dps + 20):
        lg, psi = mp.loggamma(A), mp.digamma(A)
        logf = lambda t: (A - 1) * mp.log(t) - t - lg
        lfx = logf(X)
        g = lambda t: mp.exp(logf(t) - lfx)          # density / density(x)
        slope = abs((A - 1) / X - 1)                  # d/dt log f at x
        w = min(mp.sqrt(A), 1 / slope) if slope > 0 else mp.sqrt(A)
        steps = [0, 1, 3, 10, 30, 100, 300, 1000]
        lower = X < A
        if lower:
            pts = [X - s * w for s in steps if X - s * w > 0]
            if pts[-1] > 0:
                pts.append(mp.mpf(0))
            pts = pts[::-1]
        else:
            pts = [X + s * w for s in steps]
        I0 = mp.quad(g, pts)
        I1 = mp.quad(lambda t: (mp.log(t) - psi) * g(t), pts)
        fx = mp.exp(lfx)
        small, dsmall = I0 * fx, I1 * fx
        if lower:
            return small, 1 - small, dsmall, dsmall / fx
        return 1 - small, small, -dsmall, -dsmall / fx



# Wide range for standardGammaGrad and gammainc: alpha = 10^(k/3) from 1e-6 to 1e8.
WIDE_ALPHAS = [float(f"{10 ** (k / 3):.12g}") for k in range(-18, 25)]
WIDE_QS = [1e-6, 1e-3, 0.05, 0.3, 0.5, 0.7, 0.95, 0.999, 1 - 1e-6]


def gamma_ref(a, x):
    """(P, Q, dP/dalpha, grad) at the exact floats: mpmath's incomplete gamma up to alpha = 1e3, quadrature above."""
    A, X = mp.mpf(a), mp.mpf(x)
    if a > 1e3:
        P, Q, dP, r = gamma_quad(a, x)
        return P, Q, dP, -r
    P = mp.gammainc(A, 0, X, regularized=True)
    Q = mp.gammainc(A, X, mp.inf, regularized=True)
    if x < a:
        dP = mp.diff(lambda s: mp.gammainc(s, 0, X, regularized=True), A)
    else:
        dP = -mp.diff(lambda s: mp.gammainc(s, X, mp.inf, regularized=True), A)
    logpdf = (A - 1) * mp.log(X) - X - mp.loggamma(A)
    return P, Q, dP, -dP / mp.exp(logpdf)


def wide_gamma_rows():
    rows = []
    for alpha in WIDE_ALPHAS:
        for q in WIDE_QS:
            x = float(sc.gammaincinv(alpha, q)) if q <= 0.5 else float(sc.gammainccinv(alpha, 1 - q))
            if not (x > 0 and np.isfinite(x)):
                continue
            P, Q, dP, grad = gamma_ref(alpha, x)
            rows.append([alpha, q, x, enc(P), enc(Q), enc(grad)])
    # cross-check of the two reference methods where both work
    for a, x in [(500.0, 480.0), (1000.0, 1060.0)]:
        P1, _, dP1, _ = gamma_quad(a, x)
        P2, _, dP2, _ = gamma_ref(a, x)
        assert abs(P1 / P2 - 1) < 1e-35 and abs(dP1 / dP2 - 1) < 1e-35, (a, x)
    return rows


def small_a_rows():
    """Q(a, x) for small a and x <= 1, where Q is small and 1 - P loses digits."""
    rows = []
    for a in [1e-300, 1e-12, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 0.5, 0.9]:
        for x in [1e-300, 1e-100, 1e-20, 1e-8, 1e-4, 0.01, 0.1, 0.24, 0.25, 0.5, 0.9, 1.0]:
            A, X = mp.mpf(a), mp.mpf(x)
            rows.append([a, x, enc(mp.gammainc(A, X, mp.inf, regularized=True)),
                         enc(mp.gammainc(A, 0, X, regularized=True))])
    return rows


# ---- Extremes: every function at 0-adjacent, subnormal, tiny, moderate, huge arguments and pairs of them ----
EXTREME = [5e-324, 1e-300, 1e-8, 0.5, 1.0, 3.0, 1e8, 1e16, 1e308]
EXTREME_X = [5e-324, 1e-300, 0.3, 0.5, 1 - 2 ** -53]
EXTREME_BETA = [5e-324, 1e-300, 1e-8, 0.5, 1.0, 3.0, 1e8, 1e16, 1e308]


class Timeout(Exception):
    pass


def with_alarm(seconds, fn):
    """fn() or None when mpmath takes longer than `seconds` (its hypergeometric series at 1e308 parameters)."""
    import signal

    def handler(signum, frame):
        raise Timeout()
    old = signal.signal(signal.SIGALRM, handler)
    signal.alarm(seconds)
    try:
        return fn()
    except (Timeout, mp.libmp.NoConvergence, ZeroDivisionError, ValueError):
        return None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def gamma_extreme(a, x):
    """(P, Q, grad) at the exact floats, or None where no reference method converges."""
    A, X = mp.mpf(a), mp.mpf(x)
    with mp.workdps(60):
        if a > 1e3:
            r = with_alarm(5, lambda: gamma_quad(a, x))
            if r is None:
                return None
            P, Q, dP, ratio = r
            return P, Q, -ratio
        P = with_alarm(2, lambda: mp.gammainc(A, 0, X, regularized=True))
        Q = with_alarm(2, lambda: mp.gammainc(A, X, mp.inf, regularized=True))
        if P is None or Q is None:
            return None
        # derivative of the smaller side, relative step, so that neither side's rounding swamps it
        h = A * mp.mpf(10) ** -15
        if P <= Q:
            dP = with_alarm(3, lambda: mp.diff(lambda s: mp.gammainc(s, 0, X, regularized=True), A, h=h))
        else:
            dQ = with_alarm(3, lambda: mp.diff(lambda s: mp.gammainc(s, X, mp.inf, regularized=True), A, h=h))
            dP = None if dQ is None else -dQ
        if dP is None:
            return None
        logpdf = (A - 1) * mp.log(X) - X - mp.loggamma(A)
        return P, Q, -dP / mp.exp(logpdf)


def beta_extreme(a, b, x):
    """(I, 1 - I) at the exact floats, or None where mpmath does not converge in time."""
    A, B, X = mp.mpf(a), mp.mpf(b), mp.mpf(x)
    with mp.workdps(60):
        if a == 1:  # closed forms: I = 1 - (1 - x)^b, each side without cancellation
            return -mp.expm1(B * mp.log1p(-X)), mp.exp(B * mp.log1p(-X))
        if b == 1:  # I = x^a
            return mp.exp(A * mp.log(X)), -mp.expm1(A * mp.log(X))
        if min(a, b) >= 1e4:
            r = with_alarm(5, lambda: beta_quad(a, b, x))
            return None if r is None else (r[0], r[1])
        I = with_alarm(2, lambda: mp.betainc(A, B, 0, X, regularized=True))
        if I is None:
            return None
        if I < 0.5:
            return I, 1 - I
        with mp.workdps(80 + max(0, int(-mp.log10(X)))):
            Ic = with_alarm(2, lambda: mp.betainc(B, A, 0, 1 - X, regularized=True))
        return (None if Ic is None else (I, Ic))


def extremes():
    gamma, beta, missing = [], [], []
    for a in EXTREME:
        print("extremes: gamma a =", a, file=sys.stderr)
        for x in EXTREME:
            r = gamma_extreme(a, x)
            if r is None:
                missing.append(["gamma", a, x])
                continue
            gamma.append([a, x] + [enc(v) for v in r])
    for a in EXTREME_BETA:
        print("extremes: beta a =", a, file=sys.stderr)
        for b in EXTREME_BETA:
            for x in EXTREME_X:
                r = beta_extreme(a, b, x)
                if r is None:
                    missing.append(["beta", a, b, x])
                    continue
                beta.append([a, b, x] + [enc(v) for v in r])
    special = []
    for x in EXTREME:
        X = mp.mpf(x)
        special.append([x, enc(mp.loggamma(X)), enc(mp.digamma(X)), enc(mp.psi(1, X))])
    lb = []
    for a in EXTREME:
        for b in EXTREME:
            lb.append([a, b, enc(mp.log(mp.beta(mp.mpf(a), mp.mpf(b))))])
    return {"gamma": gamma, "beta": beta, "special": special, "lbeta": lb, "missing": missing}



def beta_quad(a, b, z):
    """(I, 1 - I, dz/da, dz/db) at the exact floats by quadrature of the Beta(a, b) density on the smaller side
    (for large a and b, where mpmath's hypergeometric betainc is slow): dz/da = -(dI/da) / pdf(z) with
    dI/da = integral of (log t - psi(a) + psi(a+b)) times the density."""
    A, B, Z = mp.mpf(a), mp.mpf(b), mp.mpf(z)
    with mp.workdps(mp.mp.dps + 30):
        lb = mp.log(mp.beta(A, B))
        pa, pb = mp.digamma(A + B) - mp.digamma(A), mp.digamma(A + B) - mp.digamma(B)
        logf = lambda t: (A - 1) * mp.log(t) + (B - 1) * mp.log1p(-t) - lb
        lfz = logf(Z)
        g = lambda t: mp.exp(logf(t) - lfz)
        slope = (A - 1) / Z - (B - 1) / (1 - Z)
        sd = mp.sqrt(A * B / ((A + B) ** 2 * (A + B + 1)))
        w = min(sd, 1 / abs(slope)) if slope != 0 else sd
        lower = Z < A / (A + B)
        steps = [0, 1, 3, 10, 30, 100, 300, 1000]
        if lower:
            pts = [Z - s * w for s in steps if Z - s * w > 0]
            pts.append(mp.mpf(0)) if pts[-1] > 0 else None
            pts = pts[::-1]
        else:
            pts = [Z + s * w for s in steps if Z + s * w < 1]
            pts.append(mp.mpf(1)) if pts[-1] < 1 else None
        I0 = mp.quad(g, pts)
        Ia = mp.quad(lambda t: (mp.log(t) + pa) * g(t), pts)
        Ib = mp.quad(lambda t: (mp.log1p(-t) + pb) * g(t), pts)
        fz = mp.exp(lfz)
        small = I0 * fz
        if lower:
            return small, 1 - small, -Ia, -Ib
        return 1 - small, small, Ia, Ib


# Wide range for betaSampleGrad: a, b = 10^(-6, -4, ..., 8) and pairs with ratios up to 1e11 (one parameter small,
# the other 1e5 ... 1e8, both orders), where psi(a + b) - psi(b) cancels.
BETA_WIDE = [1e-6, 1e-4, 1e-2, 1.0, 1e2, 1e4, 1e6, 1e8]
BETA_WIDE_QS = [1e-4, 0.1, 0.5, 0.9, 1 - 1e-4]
BETA_RATIO_SMALL = [1e-3, 0.01, 0.1, 1.0, 3.0]
BETA_RATIO_LARGE = [1e5, 1e6, 1e7, 1e8]
BETA_RATIO_QS = [0.01, 0.3, 0.5, 0.7, 0.99]


def beta_wide_point(a, b, z):
    """[I, 1 - I, dz/da, dz/db] by quadrature when min(a, b) >= 1e3, else by beta_point (mp.diff of mp.betainc)."""
    if min(a, b) >= 1e3:
        return [enc(v) for v in beta_quad(a, b, z)]
    r = beta_point(a, b, mp.mpf(z))
    return [r[0], r[1], r[4], r[5]]


def beta_wide_rows():
    rows = []
    pairs = [(a, b) for a in BETA_WIDE for b in BETA_WIDE]
    pairs += [(s, l) for s in BETA_RATIO_SMALL for l in BETA_RATIO_LARGE]
    pairs += [(l, s) for s in BETA_RATIO_SMALL for l in BETA_RATIO_LARGE]
    for a, b in pairs:
        qs = BETA_RATIO_QS if (a, b) not in [(x, y) for x in BETA_WIDE for y in BETA_WIDE] else BETA_WIDE_QS
        for q in qs:
            z = float(sc.betaincinv(a, b, q)) if q <= 0.5 else 1.0 - float(sc.betaincinv(b, a, 1 - q))
            if not (0 < z < 1):
                continue
            rows.append([a, b, q, z] + beta_wide_point(a, b, z))
    return rows


def beta_point(a, b, Z):
    A, B = mp.mpf(a), mp.mpf(b)
    I = mp.betainc(A, B, 0, Z, regularized=True)
    # 1 - I: where I >= 1/2, as the mirrored lower integral (with enough digits for 1 - Z to be exact), because
    # mp.betainc(A, B, Z, 1) and 1 - I are differences that return rounding residue (~1e-44 at dps 40) where
    # the upper tail is smaller than that.
    if I < 0.5:
        Ic = 1 - I
    else:
        with mp.workdps(mp.mp.dps + 10 + max(0, int(-mp.log10(Z)))):
            Ic = mp.betainc(B, A, 0, 1 - Z, regularized=True)
    assert abs(I + Ic - 1) < mp.mpf(10) ** (8 - mp.mp.dps), (a, b, Z)
    fn = lambda s, t: mp.betainc(s, t, 0, Z, regularized=True)
    dA = mp.diff(fn, (A, B), (1, 0))
    dB = mp.diff(fn, (A, B), (0, 1))
    if Z > 1e-20:
        # the same partials through the mirror I_z(a, b) = 1 - I_(1-z)(b, a) must agree
        with mp.workdps(mp.mp.dps + 20):
            fm = lambda s, t: mp.betainc(t, s, 0, 1 - Z, regularized=True)
            others = (-mp.diff(fm, (A, B), (1, 0)), -mp.diff(fm, (A, B), (0, 1)))
        for got, other in zip((dA, dB), others):
            assert abs(got - other) <= mp.mpf(10) ** (10 - mp.mp.dps) * abs(got), (a, b, Z)
    logpdf = (A - 1) * mp.log(Z) + (B - 1) * mp.log1p(-Z) - mp.log(mp.beta(A, B))
    pdf = mp.exp(logpdf)
    return [f(I), f(Ic), f(dA), f(dB), f(-dA / pdf), f(-dB / pdf)]


def beta_rows():
    rows, skipped, upper = [], [], []
    for a in BETA_PARAMS:
        for b in BETA_PARAMS:
            for q in BETA_QS:
                z = float(sc.betaincinv(a, b, q)) if q <= 0.5 else 1.0 - float(sc.betaincinv(b, a, 1 - q))
                if not (0 < z < 1):
                    skipped.append([a, b, q, z])
                    continue
                rows.append([a, b, q, z] + beta_point(a, b, mp.mpf(z)))
            for q in BETA_UPPER_QS:
                # exact input is y = 1 - z (a float); the point is z = 1 - y in exact arithmetic, which z's float
                # may not represent (it rounds to 1 when y < 2^-54): exercises the logZ/log1mZ entry points.
                y = float(sc.betaincinv(b, a, 1 - q))
                if not (0 < y < 1):
                    skipped.append([a, b, q, "y", y])
                    continue
                # 1 - y needs -log10(y) more digits to keep 40 significant ones in y
                with mp.workdps(40 + max(0, int(-np.log10(y)) + 1)):
                    upper.append([a, b, q, y] + beta_point(a, b, 1 - mp.mpf(y)))
    return rows, upper, skipped


def dump(name, obj):
    path = os.path.join(OUT, name)
    with open(path, "w") as fh:
        fh.write("{\n")
        items = list(obj.items())
        for i, (k, v) in enumerate(items):
            sep = "," if i < len(items) - 1 else ""
            if isinstance(v, list) and v and isinstance(v[0], list):
                fh.write(f'  {json.dumps(k)}: [\n')
                fh.write(",\n".join("    " + json.dumps(r) for r in v))
                fh.write(f"\n  ]{sep}\n")
            else:
                fh.write(f"  {json.dumps(k)}: {json.dumps(v)}{sep}\n")
        fh.write("}\n")
    print(f"wrote {path}", file=sys.stderr)


def main():
    os.makedirs(OUT, exist_ok=True)
    versions = f"mpmath {mp.__version__}, scipy {scipy.__version__}, mp.dps = {mp.mp.dps}"
    which = set(sys.argv[1:]) or {"gamma", "wide", "extremes", "betawide"}  # "gamma": the two original tables
    if "wide" in which:
        with open(os.path.join(OUT, "incomplete-wide.json"), "w") as fh:
            fh.write(dump_json({
                "about": "gamma: Gamma(alpha,1) quantile points, alpha = 10^(k/3) in [1e-6, 1e8]; P, Q, grad = "
                         "dx/dalpha (mpmath gammainc + mp.diff up to alpha = 1e3, quadrature of the density above). "
                         "smallA: Q(a, x), P(a, x) for small a and x <= 1. " + versions,
                "gammaColumns": ["alpha", "q", "x", "P", "Q", "grad"],
                "gamma": wide_gamma_rows(),
                "smallAColumns": ["a", "x", "Q", "P"],
                "smallA": small_a_rows(),
            }) + "\n")
        print("wrote incomplete-wide.json", file=sys.stderr)
    if "betawide" in which:
        with open(os.path.join(OUT, "beta-wide.json"), "w") as fh:
            fh.write(dump_json({
                "about": "Beta(a,b) quantile points z (exact floats), a, b in 1e-6 ... 1e8 and one-small-one-large "
                         "pairs; I, Ic = 1 - I, dzda, dzdb = -(dI/da, dI/db) / pdf (quadrature of the density when "
                         "min(a, b) >= 1e3, else mp.diff of mp.betainc). " + versions,
                "columns": ["a", "b", "q", "z", "I", "Ic", "dzda", "dzdb"],
                "rows": beta_wide_rows(),
            }) + "\n")
        print("wrote beta-wide.json", file=sys.stderr)
    if "extremes" in which:
        ext = extremes()
        with open(os.path.join(OUT, "extremes.json"), "w") as fh:
            fh.write(dump_json({
                "about": "References at extreme arguments (mp.dps = 60): gamma rows [a, x, P, Q, grad] (grad = "
                         "dx/da of a Gamma(a) sample; quadrature above a = 1e3), beta rows [a, b, x, I, 1 - I], "
                         "special rows [x, lgamma, digamma, trigamma], lbeta rows [a, b, lbeta]; 'missing' lists "
                         "points where no reference converged in time. " + versions,
                **ext,
            }) + "\n")
        print("wrote extremes.json", file=sys.stderr)
    if "gamma" not in which:
        return
    g, gskip = gamma_rows()
    dump("incomplete-gamma.json", {
        "about": "Gamma(alpha,1) quantile points x (exact floats); P, Q = regularized lower/upper incomplete gamma, "
                 "dPda = dP/dalpha, grad = dx/dalpha = -dPda / pdf. " + versions,
        "columns": ["alpha", "q", "x", "P", "Q", "dPda", "grad"],
        "skipped": gskip,
        "rows": g,
        "largeColumns": ["alpha", "q", "x", "grad"],
        "large": gamma_large_rows(),
    })
    b, upper, bskip = beta_rows()
    cols = ["a", "b", "q", "z", "I", "Ic", "dIda", "dIdb", "dzda", "dzdb"]
    dump("incomplete-beta.json", {
        "about": "Beta(a,b) quantile points z (exact floats); I = I_z(a,b), Ic = 1 - I, dIda, dIdb its partials, "
                 "dzda = -dIda / pdf, dzdb = -dIdb / pdf. 'upper' rows give y = 1 - z as the exact float instead "
                 "(column z holds y there). " + versions,
        "columns": cols,
        "skipped": bskip,
        "rows": b,
        "upper": upper,
    })


if __name__ == "__main__":
    main()
