#!/usr/bin/env python3
"""Taylor coefficients of Temme's c_k(eta) for the uniform asymptotic expansion of the incomplete gamma function
(DLMF 8.12.8-8.12.11), the table TEMME_C in src/special/gamma-temme.ts.

Exact rational arithmetic (fractions.Fraction): lambda - 1 = sum a_n eta^n from the differential equation
(lambda - 1) d(lambda)/d(eta) = eta lambda, which follows from eta^2/2 = lambda - 1 - log(lambda); then
c_0 = 1/(lambda - 1) - 1/eta and c_k = (1/eta) c_(k-1)' + (-1)^k g_k / (lambda - 1), g_k the coefficients of
Gamma*(a) = exp(sum B_2j / (2j (2j - 1)) a^(1 - 2j)) (DLMF 5.11.3). The pole of each step cancels exactly (asserted).
Prints the rows c_0 ... c_11, 20 coefficients each, rounded to double, as TypeScript.

With --grad it prints instead the tables of gammaGradTemme (the implicit gradient dx/da of a Gamma(a, 1) sample):
dx/da = lambda G(eta, 1/a), G = Gamma*(a) B, B = (lambda-1)/eta - eta/2 + S (log lambda - 1/(2a)) - (lambda-1)/(a eta) S'
- S_k / a with S = sum c_k a^-k, S' = sum c_k' a^-k, S_k = sum k c_k a^-k (gamma-temme.ts). Every piece is a power
series in eta, so G = sum_k e_k(eta) a^-k with
  d_0 = m - eta/2 + c_0 log(lambda),  d_k = c_k log(lambda) - c_(k-1)/2 - m c_(k-1)' - (k-1) c_(k-1)  (k >= 1),
  e_k = sum_(j<=k) g_j d_(k-j),  m = (lambda - 1)/eta,
all in exact rationals. Row k is kept to the degree D_k it needs at a = 20, |eta| = ETA_MAX: the least D_k such that
the omitted terms of that row, sum_(n>=D_k) |e_k,n| |eta|^n a^-k (bounded with the coefficients up to degree 60),
are below ROW_TOL = 4e-18; the rows 12 <= k < 16 together are below 1e-17 (6e-18 at a = 20), which the script
asserts. Each coefficient is printed with the fewest significant digits that move its term, at that corner, by at
most COEF_TOL = 1e-20 (|e_k,n - printed| ETA_MAX^n 20^-k <= COEF_TOL; exact rationals otherwise rounded to double
would carry 17 digits where the term needs 5 to 10). It also prints gammaGradTemme's two unrolled Horner blocks: all
rows to those degrees, and for |eta| <= ETA_NEAR = 0.12 the degrees the same bound gives there, with the interval of
t = x/a - 1 that gammaGradTemme tests instead of eta (|t - NEAR_T[0]| <= NEAR_T[1], inside |eta| <= 0.12: t is known
one log1p and one sqrt before eta, so a mispredicted choice between the blocks is discovered that much earlier). And it writes test/fixtures/temme-grad.json: the rows
(each coefficient as the JSON number of its double, which reads back exactly) and both degree sets, against which
test/special/temme-generated.test.ts checks the committed TEMME_GRAD and unrolled blocks (so a hand edit fails).

Run from the repo root:  python3 scripts/temme_coefficients.py [--grad]
"""
import json
import math
import sys
from fractions import Fraction as F

def bernoulli(n):
    B=[F(0)]*(n+1); B[0]=F(1)
    from math import comb
    for m in range(1,n+1):
        B[m]= -sum(comb(m+1,k)*B[k] for k in range(m))/ (m+1)
    return B
def gstar(K):
    # Gamma*(a) = exp(sum_j B2j/(2j(2j-1)) z^(2j-1)), z = 1/a
    B=bernoulli(2*K+2)
    L=[F(0)]*(K+1)
    for j in range(1,K+1):
        if 2*j-1<=K: L[2*j-1]=B[2*j]/(2*j*(2*j-1))
    # exp of series with zero const
    E=[F(0)]*(K+1); E[0]=F(1)
    # E' = L' E
    for n in range(1,K+1):
        E[n]=sum(k*L[k]*E[n-k] for k in range(1,n+1))/n
    return E
def mu_series(N):
    a=[F(0)]*(N+2); a[1]=F(1)
    for n in range(2,N+2):
        s=sum(a[i]*(n+1-i)*a[n+1-i] for i in range(2,n))
        a[n]=(a[n-1]-s)/(n+1)
    return a
def inv(s,N):
    r=[F(0)]*N; r[0]=1/s[0]
    for n in range(1,N):
        r[n]=-sum(s[k]*r[n-k] for k in range(1,min(n,len(s)-1)+1))/s[0]
    return r


def table(K=12, N=20):
    M = N + 2 * K + 4
    a = mu_series(M + 2)
    m = [a[n + 1] for n in range(M)]  # lambda - 1 = eta * m(eta)
    im = inv(m, M)  # 1/(lambda - 1) = im / eta
    g = gstar(K + 1)
    c = [[im[n + 1] for n in range(M - 1)]]  # c_0 = (im - 1)/eta
    for k in range(1, K):
        prev = c[-1]
        assert prev[1] + (-1) ** k * g[k] * im[0] == 0, k  # the 1/eta terms cancel
        c.append([(j + 2) * prev[j + 2] + (-1) ** k * g[k] * im[j + 1] for j in range(len(prev) - 2)])
    return [[float(x) for x in ck[:N]] for ck in c]


def _mul(p, q, n):
    r = [F(0)] * n
    for i, pi in enumerate(p[:n]):
        if pi:
            for j, qj in enumerate(q[:n - i]):
                r[i + j] += pi * qj
    return r


def grad_rows(K=16, N=60):
    """e_0 ... e_(K-1), N Taylor coefficients each (exact)."""
    M = N + 2 * K + 6
    a = mu_series(M + 2)
    m = [a[n + 1] for n in range(M)]  # lambda - 1 = eta m(eta)
    im = inv(m, M)
    g = gstar(K + 1)
    c = [[im[n + 1] for n in range(M - 1)]]
    for k in range(1, K):
        prev = c[-1]
        assert prev[1] + (-1) ** k * g[k] * im[0] == 0, k
        c.append([(j + 2) * prev[j + 2] + (-1) ** k * g[k] * im[j + 1] for j in range(len(prev) - 2)])
    for row in c:
        assert len(row) >= N, "not enough coefficients"
    lam = [F(1)] + m[:N - 1]
    dlam = [(n + 1) * lam[n + 1] for n in range(N - 1)] + [F(0)]
    dlog = _mul(dlam, inv(lam, N), N)  # (log lambda)' = lambda' / lambda
    loglam = [F(0)] + [dlog[n - 1] / n for n in range(1, N)]
    q = m[:N]
    d = [[q[n] - (F(1, 2) if n == 1 else 0) + v for n, v in enumerate(_mul(c[0][:N], loglam, N))]]
    for k in range(1, K):
        cp = c[k - 1][:N]
        cpd = [(n + 1) * c[k - 1][n + 1] for n in range(N)]
        t1, t3 = _mul(c[k][:N], loglam, N), _mul(q, cpd, N)
        d.append([t1[n] - cp[n] / 2 - t3[n] - (k - 1) * cp[n] for n in range(N)])
    return [[sum(g[j] * d[k - j][n] for j in range(k + 1)) for n in range(N)] for k in range(K)]


GRAD_ROWS = 12
A_MIN = 20
ETA_NEAR = 0.12  # the near variant: |eta| <= 0.12
ETA_MAX = 0.472  # |eta| <= 0.4708 in the band |x/a - 1| <= 0.4
ROW_TOL = 4e-18
COEF_TOL = 1e-20


def grad_degrees(e, emax, amin=A_MIN):
    """Degree of each row for a >= amin, |eta| <= emax; asserts the omitted-row bound."""
    degs, omitted = [], 0.0
    for k, row in enumerate(e):
        mags = [abs(float(v)) * emax ** n * float(amin) ** -k for n, v in enumerate(row)]
        D = len(row)
        while D > 0 and sum(mags[D - 1:]) <= ROW_TOL:
            D -= 1
        if k >= GRAD_ROWS:
            omitted += sum(mags)
        else:
            degs.append(D)
    assert omitted <= 1e-17, (amin, emax, omitted)
    return degs


def horner_block(degs, starts, indent="    "):
    """TypeScript: p_k = row k's Horner sum in e (coefficients c[...] of TEMME_GRAD), then g = Horner in r."""
    out = []
    for k, d in enumerate(degs):
        idx = list(range(starts[k], starts[k] + d))
        expr = f"c[{idx[-1]}]"
        for i in reversed(idx[:-1]):
            expr = f"c[{i}] + e * ({expr})"
        out += wrap(f"{indent}const p{k} = {expr};", " + e * (", indent)
    g = f"p{len(degs) - 1}"
    for k in range(len(degs) - 2, -1, -1):
        g = f"p{k} + r * ({g})"
    return out + wrap(f"{indent}g = {g};", " + r * (", indent)


def wrap(line, at, indent, width=118):
    """Break a long Horner expression before the last `at` that fits."""
    out = []
    while len(line) > width:
        cut = line.rindex(at, 0, width) + 3
        out.append(line[:cut].rstrip())
        line = indent + "  " + line[cut:]
    return out + [line]


def near_t():
    """(center, half-width) with 4 and 2 decimals of a t-interval inside |eta(t)| <= ETA_NEAR, t = lambda - 1."""
    def edge(lo, hi):  # t - log1p(t) = ETA_NEAR^2 / 2 by bisection (eta is monotone in t)
        f = lambda t: t - math.log1p(t) - ETA_NEAR ** 2 / 2
        for _ in range(200):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if (f(mid) > 0) == (f(lo) > 0) else (lo, mid)
        return lo
    t_lo, t_hi = edge(-0.5, 0.0), edge(0.0, 0.5)
    center = round((t_lo + t_hi) / 2, 4)
    half = math.floor(min(center - t_lo, t_hi - center) * 100) / 100
    assert t_lo < center - half and center + half < t_hi
    return center, half


def shortest(v, scale):
    """The double with the fewest significant digits within COEF_TOL / scale of v (v itself at 17 digits)."""
    for digits in range(1, 18):
        w = float(f"{v:.{digits}g}")
        if abs(w - v) * scale <= COEF_TOL:
            return w
    return v


def grad_table(e, degs):
    """Rows e_k to the far variant's degrees, each coefficient shortened by `shortest` at (A_MIN, ETA_MAX)."""
    return [[shortest(float(e[k][n]), ETA_MAX ** n * float(A_MIN) ** -k) for n in range(degs[k])]
            for k in range(GRAD_ROWS)]


def print_rows(rows, width=118):
    for k, row in enumerate(rows):
        print(f"  // c_{k}" if not GRAD else f"  // e_{k}")
        line = "  "
        for v in row:
            piece = repr(v) + ", "
            if len(line) + len(piece) > width:
                print(line.rstrip())
                line = "  "
            line += piece
        print(line.rstrip())


GRAD = "--grad" in sys.argv

if __name__ == "__main__" and GRAD:
    e = grad_rows()
    far, near = grad_degrees(e, ETA_MAX), grad_degrees(e, ETA_NEAR)
    starts = [0]
    for d in far:
        starts.append(starts[-1] + d)
    print(f"// TEMME_GRAD: rows of widths {far} ({sum(far)} coefficients)")
    table = grad_table(e, far)
    print_rows(table)
    center, half = near_t()
    print(f"// |eta| <= {ETA_NEAR}: degrees {near} ({sum(near)} terms), if (Math.abs(t - {center}) <= {half})")
    print("\n".join(horner_block(near, starts)))
    print(f"// otherwise: degrees {far} ({sum(far)} terms)")
    print("\n".join(horner_block(far, starts)))
    fixture = {
        "about": "gammaGradTemme's generated constants (src/special/gamma-temme.ts), written by "
                 "scripts/temme_coefficients.py --grad: rows[k] holds e_k's Taylor coefficients in eta, exact "
                 "rationals rounded to the fewest digits within 1e-20 of the term at a = 20, |eta| = 0.472, as far as the "
                 "|eta| <= 0.472 variant uses them (degrees `far`); "
                 "the |eta| <= nearEta variant (taken where |t - nearT[0]| <= nearT[1], t = x/a - 1, inside |eta| <= nearEta) "
                 "uses the first `near[k]` of row k.",
        "nearEta": ETA_NEAR,
        "nearT": [center, half],
        "far": far,
        "near": near,
        "rows": table,
    }
    with open("test/fixtures/temme-grad.json", "w") as out:
        out.write(json.dumps(fixture, indent=None) + "\n")
elif __name__ == "__main__":
    for k, row in enumerate(table()):
        print(f"  // c_{k}")
        line = "  "
        for v in row:
            piece = repr(v) + ", "
            if len(line) + len(piece) > 118:
                print(line.rstrip())
                line = "  "
            line += piece
        print(line.rstrip())
