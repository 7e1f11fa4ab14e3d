#!/usr/bin/env python3
"""Taylor coefficients of Temme's c_k(eta) for the uniform asymptotic expansion of the incomplete gamma function
(DLMF 8.12.8-8.12.11), the table TEMME_C in src/special/gamma-temme.ts.

Exact rational arithmetic (fractions.Fraction): lambda - 1 = sum a_n eta^n from the differential equation
(lambda - 1) d(lambda)/d(eta) = eta lambda, which follows from eta^2/2 = lambda - 1 - log(lambda); then
c_0 = 1/(lambda - 1) - 1/eta and c_k = (1/eta) c_(k-1)' + (-1)^k g_k / (lambda - 1), g_k the coefficients of
Gamma*(a) = exp(sum B_2j / (2j (2j - 1)) a^(1 - 2j)) (DLMF 5.11.3). The pole of each step cancels exactly (asserted).
Prints the rows c_0 ... c_11, 20 coefficients each, rounded to double, as TypeScript.

Run from the repo root:  python3 scripts/temme_coefficients.py
"""
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


if __name__ == "__main__":
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
