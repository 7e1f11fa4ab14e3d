#!/usr/bin/env python3
"""The table SERIES_PAIRS of src/special/gamma-grad.ts: how many pairs of series terms seriesGrad sums before its
first convergence test, by cell (alpha below 0.5, 1, 2, 4, 8, 16, 20; rho = x / (alpha + 1) in [j/16, (j+1)/16)).

Each entry is the pairs the series needs at the cell's upper corner, less one (the test runs on the next pair),
found by running seriesGrad's loop and stopping rule in binary64 (Python floats round as JavaScript's numbers do).
The count grows with alpha and with rho, so the corner bounds the cell; it is only a hint for speed: seriesGrad
keeps testing after it, so a short count costs time, never accuracy (the series also serves rho up to
1 + sqrt(alpha)/(alpha + 1), above the table's last column, whose count it uses there). On bench:torch's draws the
series needs 10.6 pairs on average and the table adds 1.3 (printed below).

Run from the repo root:  python3 scripts/gamma_series_pairs.py
"""
import math
import random

A_EDGES = [0.5, 1, 2, 4, 8, 16, 20]
RHO_CELLS = 16


def pairs_needed(a, x):
    """Pairs of terms seriesGrad's loop sums at (a, x), convergence test included (its h compensation aside)."""
    t, h, d, n = 1.0, 0.0, 0.0, 0
    while n < 2000:
        r, r1 = 1 / (a + n + 1), 1 / (a + n + 2)
        t *= x * r
        h += r
        d += t * h
        t *= x * r1
        h += r1
        dt = t * h
        d += dt
        n += 2
        if dt <= 2.0 ** -53 * d:
            break
    return n // 2


def table():
    return [[max(pairs_needed(a, (j + 1) / RHO_CELLS * (a + 1) * (1 - 1e-12)), 1) - 1 for j in range(RHO_CELLS)]
            for a in A_EDGES]


def check(tab):
    """Mean pairs needed and added on Gamma draws like bench:torch's (alpha log-uniform in [0.1, 1000])."""
    random.seed(3)
    m = need = extra = 0
    for _ in range(100000):
        a = math.exp(math.log(0.1) + random.random() * math.log(1e4))
        x = random.gammavariate(a, 1)
        if (a >= 20 and abs(x - a) <= 0.4 * a) or x >= a + 1 + math.sqrt(a) or a >= 20:
            continue
        i = int(2 * a).bit_length()  # seriesGrad's 32 - Math.clz32(2 * a)
        j = min(RHO_CELLS - 1, int(RHO_CELLS * x / (a + 1)))
        k, p = tab[i][j], pairs_needed(a, x)
        m += 1
        need += p
        extra += max(0, k + 1 - p)
    return m, need / m, extra / m


if __name__ == "__main__":
    tab = table()
    print("const SERIES_PAIRS = [")
    for a, row in zip(A_EDGES, tab):
        print("  " + ", ".join(map(str, row)) + f",  // alpha < {a}")
    print("];")
    print("// points %d, mean pairs needed %.2f, added %.2f" % check(tab))
