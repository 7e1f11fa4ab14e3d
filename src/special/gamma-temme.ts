// Temme's uniform asymptotic expansion of the regularized incomplete gamma functions for large a near the
// transition x ≈ a, and of their derivative in a: the fixed-cost branch of gammainc.ts (P, Q) and gamma-grad.ts
// (the implicit gradient of a Gamma sample), where the series and continued fraction need O(sqrt(a)) steps.
// Read gammainc.ts first; the coefficient table comes from scripts/temme_coefficients.py.
import { log1pmx, upperGammaFraction } from "./gammainc.ts";

/** Smallest a for which the expansion is used (with TEMME_TERMS terms it is below 1.2e-15 relative from here on). */
export const TEMME_MIN_A = 20;

/** The expansion serves |x - a| <= TEMME_BAND · a; outside it the series / fraction converge in < ~100 steps. */
export const TEMME_BAND = 0.4;

/** Number of terms c_0 … c_(K-1) of the expansion in 1/a. */
const TEMME_TERMS = 12;
/** Number of Taylor coefficients of each c_k(η) in η; |η| <= 0.48 in the band, radius of convergence 2√π. */
const TEMME_DEGREE = 20;

/**
 * Taylor coefficients of Temme's c_k(η) (DLMF 8.12.9-8.12.11), row k = 0 … 11, entry n the coefficient of η^n:
 * c_0(η) = 1/(λ - 1) - 1/η, c_k(η) = (1/η) c_(k-1)'(η) + (-1)^k g_k / (λ - 1), g_k the coefficients of Γ*(a)
 * (DLMF 5.11.3), where η²/2 = λ - 1 - log λ. Computed in exact rational arithmetic by
 * scripts/temme_coefficients.py (power series of λ - 1 in η from its differential equation) and rounded to double.
 */
const TEMME_C = [
  // c_0
  -0.3333333333333333, 0.08333333333333333, -0.014814814814814815, 0.0011574074074074073, 0.0003527336860670194,
  -0.0001787551440329218, 3.919263178522438e-05, -2.185448510679992e-06, -1.85406221071516e-06,
  8.296711340953087e-07, -1.7665952736826078e-07, 6.707853543401498e-09, 1.0261809784240309e-08,
  -4.382036018453353e-09, 9.14769958223679e-10, -2.5514193994946248e-11, -5.830772132550426e-11,
  2.4361948020667415e-11, -5.0276692801141755e-12, 1.1004392031956135e-13,
  // c_1
  -0.001851851851851852, -0.003472222222222222, 0.0026455026455026454, -0.0009902263374485596,
  0.00020576131687242798, -4.018775720164609e-07, -1.8098550334489977e-05, 7.64916091608111e-06,
  -1.6120900894563446e-06, 4.647127802807434e-09, 1.378633446915721e-07, -5.752545603517705e-08,
  1.1951628599778148e-08, -1.7543241719747647e-11, -1.0091543710600413e-09, 4.162792991842583e-10,
  -8.56390702649298e-11, 6.067215101604758e-14, 7.1624989648114856e-12, -2.933186643771437e-12,
  // c_2
  0.004133597883597883, -0.0026813271604938273, 0.0007716049382716049, 2.0093878600823047e-06,
  -0.0001073665322636516, 5.2923448829120125e-05, -1.2760635188618728e-05, 3.423578734096138e-08,
  1.3721957309062934e-06, -6.298992138380055e-07, 1.4280614206064242e-07, -2.0477098421990866e-10,
  -1.409252991086752e-08, 6.228974084922022e-09, -1.3670488396617114e-09, 9.428356159014678e-13,
  1.2872252400089318e-10, -5.5645956134363323e-11, 1.197593554636698e-11, -4.1689782251838634e-15,
  // c_3
  0.0006494341563786008, 0.00022947209362139917, -0.0004691894943952557, 0.00026772063206283885,
  -7.561801671883977e-05, -2.396505113867297e-07, 1.1082654115347302e-05, -5.6749528269915965e-06,
  1.4230900732435883e-06, -2.7861080291528143e-11, -1.6958404091930278e-07, 8.099464905388083e-08,
  -1.9111168485973655e-08, 2.3928620439808118e-12, 2.0620131815488797e-09, -9.460496661855133e-10,
  2.1541049775774907e-10, -1.388823336813903e-14, -2.1894761681963938e-11, 9.790998951171684e-12,
  // c_4
  -0.0008618882909167117, 0.0007840392217200666, -0.0002990724803031902, -1.4638452578843418e-06,
  6.641498215465122e-05, -3.968365047179435e-05, 1.1375726970678419e-05, 2.507497226237533e-10,
  -1.6954149536558305e-06, 8.907507532205309e-07, -2.292934834000805e-07, 2.956794137544049e-11,
  2.8865829742708783e-08, -1.4189739437803219e-08, 3.4463580499464896e-09, -2.3024517174528067e-13,
  -3.9409233028046403e-10, 1.86023389685045e-10, -4.356323005056618e-11, 1.278600101629623e-15,
  // c_5
  -0.00033679855336635813, -6.972813758365857e-05, 0.0002772753244959392, -0.00019932570516188847,
  6.797780477937208e-05, 1.419062920643967e-07, -1.3594048189768693e-05, 8.018470256334202e-06,
  -2.291481176508095e-06, -3.252473551298454e-10, 3.4652846491085265e-07, -1.8447187191171344e-07,
  4.8240967037894184e-08, -1.7989466721743514e-14, -6.306194500013523e-09, 3.162417628774568e-09,
  -7.840924253697429e-10, 5.192679165254041e-15, 9.358944242306784e-11, -4.513426216163278e-11,
  // c_6
  0.0005313079364639922, -0.0005921664373536939, 0.0002708782096718045, 7.902353232660328e-07,
  -8.153969367561969e-05, 5.61168275310625e-05, -1.8329116582843375e-05, -3.0796134506033047e-09,
  3.465155368803609e-06, -2.0291327396058603e-06, 5.788792863149004e-07, 2.338630673826657e-13,
  -8.828600746330484e-08, 4.7435958880408125e-08, -1.2545415020710383e-08, 8.649648858010293e-14,
  1.6846058979264062e-09, -8.575492823577594e-10, 2.1598224929232125e-10, -7.613230520476153e-16,
  // c_7
  0.00034436760689237765, 5.171790908260592e-05, -0.00033493161081142234, 0.0002812695154763237,
  -0.00010976582244684731, -1.2741009095484485e-07, 2.7744451511563645e-05, -1.8263488805711332e-05,
  5.7876949497350525e-06, 4.93875893393627e-10, -1.0595367014026043e-06, 6.166714376110408e-07,
  -1.7562973359060463e-07, -1.297447328701544e-12, 2.695423606288966e-08, -1.4578352908731272e-08,
  3.887645959386175e-09, -3.881002251019412e-17, -5.327994173877286e-10, 2.7437977643314844e-10,
  // c_8
  -0.0006526239185953094, 0.0008394987206720873, -0.000438297098541721, -6.969091458420552e-07,
  0.00016644846642067547, -0.00012783517679769218, 4.629953263691304e-05, 4.557909867922708e-09,
  -1.0595271125805195e-05, 6.783342904865167e-06, -2.1075476666258803e-06, -1.7213731432817144e-11,
  3.773587741611098e-07, -2.1867506700122867e-07, 6.220228804018927e-08, 6.597703826733e-16, -9.590386497425686e-09,
  5.213214492280807e-09, -1.3991589583935709e-09, 5.382058999060575e-16,
  // c_9
  -0.0005967612901927463, -7.204895416020011e-05, 0.0006782308837667328, -0.0006401475260262758,
  0.00027750107634328704, 1.819700838046515e-07, -8.479507117068503e-05, 6.105192082501531e-05,
  -2.1073920183404862e-05, -8.858589014125599e-10, 4.5284535953805374e-06, -2.8427815022504407e-06,
  8.708234177864641e-07, 3.6886101871706966e-12, -1.534469519070206e-07, 8.862466778790695e-08,
  -2.5184812301826817e-08, -1.0225912098215092e-14, 3.896947075815478e-09, -2.1267304792235634e-09,
  // c_10
  0.0013324454494800656, -0.0019144384985654776, 0.0011089369134596636, 9.9324041226423e-07, -0.0005087450129309319,
  0.00042735056665392886, -0.00016858853767910798, -8.1301893922785e-09, 4.5284402370562144e-05,
  -3.127053674781734e-05, 1.044986828530338e-05, 4.8435226265680926e-11, -2.148256587345626e-06,
  1.329369701097492e-06, -4.029569309210103e-07, -1.756787766632329e-13, 7.014504316366825e-08,
  -4.040787734999483e-08, 1.1474026743371964e-08, 3.964274685356394e-18,
  // c_11
  0.001579727660730835, 0.00016251626278391583, -0.0020633421035543276, 0.00213896861856891, -0.0010108559391263003,
  -3.99127055299192e-07, 0.0003623502508476469, -0.00028143901463712157, 0.00010449513336495887,
  2.12114184918303e-09, -2.5779417251947842e-05, 1.7281818956040464e-05, -5.641377387290428e-06,
  -1.1024320105776174e-11, 1.1223224418895174e-06, -6.869339637952674e-07, 2.0653236975414888e-07,
  4.6714772409838506e-14, -3.5609886164949055e-08, 2.0470855345905963e-08,
];

/**
 * Taylor coefficients in η of e_k(η), k = 0 … 11, the rows of dx/da = λ Σ_k e_k(η) a^-k (see gammaGradTemme), row
 * after row; row k holds the 20, 18, 17, 15, 15, 13, 12, 10, 9, 7, 5, 3 coefficients it needs at a = 20, |η| = 0.472
 * (each row's omitted terms below 4e-18 there). Exact rationals from scripts/temme_coefficients.py --grad, each
 * rounded to the fewest digits that move its term by at most 1e-20 there (|e_k,n - printed| 0.472^n 20^-k; 5 to 10
 * digits for most, which keeps the table 1.1 KB smaller than 17 digits each would); the script also writes them to
 * test/fixtures/temme-grad.json, which temme-generated.test.ts compares with this table and gammaGradTemme's
 * unrolled blocks.
 */
const TEMME_GRAD = [
  // e_0
  1.0, -0.5, 0.16666666666666666, -0.041666666666666664, 0.007407407407407408, -0.000578703703703704,
  -0.00017636684303351, 8.937757201646e-05, -1.959631589261e-05, 1.09272425534e-06, 9.2703110536e-07,
  -4.1483556705e-07, 8.83297637e-08, -3.3539268e-09, -5.130905e-09, 2.191018e-09, -4.57385e-10, 1.276e-11, 2.915e-11,
  -1.218e-11,
  // e_1
  0.16666666666666666, -0.08333333333333333, 0.022222222222222223, -0.002314814814814815, -0.00088183421516755,
  0.00053626543209877, -0.0001371742112483, 8.7417940427e-06, 8.3432799482e-06, -4.1483556705e-06, 9.716274005e-07,
  -4.0247121e-08, -6.6701764e-08, 3.067425e-08, -6.86077e-09, 2.041e-10, 4.956e-10, -2.193e-10,
  // e_2
  0.01666666666666667, 0.0, -0.00476190476190476, 0.0027777777777778, -0.0007936507936508, 4.62962962963e-05,
  7.00122922345e-05, -3.7517321744e-05, 9.56176882e-06, -3.7357907e-07, -8.1514279e-07, 3.9932427e-07, -9.51957e-08,
  2.6965e-09, 8.006e-09, -3.7295e-09, 8.55e-10,
  // e_3
  -0.0095238095238095, 0.0083333333333333, -0.003174603174603, 0.000231481481481, 0.000420073753407,
  -0.000262621252205, 7.649415057e-05, -3.36221165e-06, -8.1514279e-06, 4.3925669e-06, -1.1423483e-06, 3.5055e-08,
  1.12085e-07, -5.5943e-08, 1.368e-08,
  // e_4
  -0.00357142857143, 0.0, 0.00180375180375, -0.00132275132275, 0.000456025456, -2.20458554e-05, -6.55380285e-05,
  3.95513144e-05, -1.1408033e-05, 3.7869e-07, 1.346494e-06, -7.2731e-07, 1.914e-07, -4.8e-09, -2.05e-08,
  // e_5
  0.0036075036075, -0.0039682539683, 0.001824101824, -0.000110229277, -0.000393228171, 0.0002768592, -9.126426e-05,
  3.40821e-06, 1.346494e-05, -8.0004e-06, 2.2969e-06, -6.2e-08, -2.873e-07,
  // e_6
  0.002325452325, 0.0, -0.00163170163, 0.00138888889, -0.00054618584, 2.314815e-05, 0.000107875, -7.20123e-05,
  2.29614e-05, -6.8e-07, -3.448e-06, 2.027e-06,
  // e_7
  -0.00326340326, 0.00416666667, -0.0021847434, 0.0001157407, 0.00064725, -0.000504086, 0.00018369, -6.12e-06,
  -3.448e-05, 2.23e-05,
  // e_8
  -0.002980598, 0.0, 0.00265073, -0.002525253, 0.00110068, -4.209e-05, -0.000276, 0.0002006, -6.96e-05,
  // e_9
  0.00530146, -0.00757576, 0.0044027, -0.0002104, -0.0016561, 0.0014044, -0.0005565,
  // e_10
  0.0062801, 0.0, -0.006737, 0.00703, -0.003336,
  // e_11
  -0.013473, 0.02109, -0.01335,
];

/**
 * Envelope of each row of TEMME_C: |c_k,n| <= M_k · 0.35^n for every n < TEMME_DEGREE (M_k the row maximum of
 * |c_k,n| / 0.35^n over the table above), stored as TEMME_L[k] = log(M_k / TOL), rounded up, TOL = 2e-17: the
 * absolute size below which omitted terms stop counting (S ≈ -1/3; Q's relative error is what counts).
 * It bounds every omitted term, which is what lets the sums stop early.
 */
const TEMME_L = [37.38, 34.68, 33.85, 33.73, 34.03, 34.64, 35.44, 36.42, 37.25, 38.44, 39.29, 40.71];

/**
 * The sum S = Σ_k c_k(η) a^-k of gammaincTemme: Horner in η inside a sum over k, truncated where the envelope
 * says the rest no longer counts. Row k stops at degree D_k, the first n with M_k (0.35 |η|)^(n-1) a^-k < TOL (one
 * term past the bare need, kept from when the derivative sums, whose terms carry one power of η less, shared the
 * degrees). The tails are at most 1.25 times their first term (0.35 |η| <= 0.17 in the band). Rows stop where
 * M_k a^-k < TOL. So the cost follows the accuracy needed: on Gamma draws (η ≈ z / sqrt(a)) ~120 terms at a = 20,
 * ~60 at a = 100, ~35 at a = 1000, a few at a = 1e8, against the table's 240; two logs choose the degrees.
 */
function temmeSum(a: number, eta: number): number {
  const table = TEMME_C, logEnvelope = TEMME_L, deg = TEMME_DEGREE; // see Performance notes
  const r = 1 / a, la = Math.log(a), perTerm = 1 / -Math.log(0.35 * Math.abs(eta)); // 0 at η = 0
  let s = 0, rk = 1; // rk = a^-k
  // rows in pairs (k, k + 1), both cut at row k's degree: two independent Horner chains per step (see notes)
  for (let k = 0; k < TEMME_TERMS; k += 2) {
    const room = logEnvelope[k]! - k * la; // log of (envelope of row k) / TOL
    if (room <= 0) break;
    const d = Math.min(deg, Math.floor(room * perTerm) + 2);
    const row = k * deg;
    let c = 0, c1 = 0;
    for (let n = d - 1; n >= 0; n--) {
      c = c * eta + table[row + n]!;
      c1 = c1 * eta + table[row + deg + n]!;
    }
    const rk1 = rk * r;
    s += c * rk + c1 * rk1;
    rk = rk1 * r;
  }
  return s;
}

/**
 * The scaled complementary error function erfcx(y) = e^(y²) erfc(y) for y >= 0 (≈ 1/(y√π) for large y).
 *
 * **Method**: y² < 1.5: e^(y²) (1 - erf y) with erf from its Maclaurin series (DLMF 7.6.1); otherwise
 * erfc(y) = Q(1/2, y²), so erfcx(y) = y F / √π with F Legendre's continued fraction of gammainc.ts; for
 * y > 2^26, 1/(y√π) (the next term, -1/(2y²), is below 2^-53).
 * **Accuracy**: a few ulp for y² >= 1.5; up to ~6 ulp near y = 1.2 from 1 - erf.
 */
export function erfcx(y: number): number {
  const y2 = y * y;
  if (y2 < 1.5) {
    // erf(y) = (2/√π) Σ (-1)^n y^(2n+1) / (n! (2n + 1))
    let term = y, sum = y;
    for (let n = 1; n < 40; n++) {
      term *= -y2 / n;
      const t = term / (2 * n + 1);
      sum += t;
      if (Math.abs(t) <= 2 ** -53 * sum) break;
    }
    return Math.exp(y2) * (1 - 1.1283791670955126 * sum); // 2/√π
  }
  if (y > 2 ** 26) return 0.5641895835477563 / y; // 1/√π
  return y * upperGammaFraction(0.5, y2) * 0.5641895835477563;
}

/** Whether (a, x) lies where the expansion is used: a >= TEMME_MIN_A and |x - a| <= TEMME_BAND · a. */
export function useTemme(a: number, x: number): boolean {
  return a >= TEMME_MIN_A && Math.abs(x - a) <= TEMME_BAND * a;
}

/**
 * The smaller of P(a, x) and Q(a, x) by Temme's expansion: Q when x >= a (returned with upper = true), else P.
 * Callers use it where `useTemme(a, x)`.
 *
 * **Method**: with λ = x/a, η = sign(λ - 1) sqrt(2(λ - 1 - log λ)) (= sqrt(-2 log1pmx(λ - 1)), no cancellation)
 * and y = η sqrt(a/2), Q(a, x) = erfc(y)/2 + R, P(a, x) = erfc(-y)/2 - R,
 * R = e^(-aη²/2) / sqrt(2πa) · Σ_(k<12) c_k(η) a^-k (DLMF 8.12.8), the common factor e^(-aη²/2) = e^(-y²) taken
 * out: the small side is e^(-y²) (erfcx(|y|)/2 ± S / sqrt(2πa)), both terms of one sign or the second a small
 * correction, and its exponent a log1pmx(λ - 1) carries the only rounding that grows with a (a few ulp of it).
 * Cost: one erfcx and the truncated sum of `temmeSum` (at most 12 x 20 Horner steps, ~60 at a = 100 on a draw).
 * **Accuracy**: truncation below 1.2e-15 relative for a >= 20 in the band (checked against mpmath while choosing
 * the 12 terms and 20 coefficients); measured on the fixtures: see gammainc.
 * **Source**: N. M. Temme, "The asymptotic expansion of the incomplete gamma functions", SIAM J. Math. Anal. 10
 * (1979); DLMF 8.12; DiDonato & Morris, ACM TOMS 12 (1986) and Boost.Math `igamma_temme_large` for the region.
 */
export function gammaincTemme(a: number, x: number): number {
  const t = (x - a) / a;
  const half = -log1pmx(t); // η²/2
  const eta = Math.sign(t) * Math.sqrt(2 * half);
  const y = eta * Math.sqrt(0.5 * a);
  const r = temmeSum(a, eta) / Math.sqrt(2 * Math.PI * a);
  const e = Math.exp(-a * half);
  return t >= 0 ? e * (0.5 * erfcx(y) + r) : e * (0.5 * erfcx(-y) - r);
}

/**
 * dx/da for a Gamma(a, 1) sample x held at its quantile, -(∂P(a, x)/∂a) / p(x; a), by Temme's expansion; callers
 * use it where `useTemme(a, x)`.
 *
 * **Method**: differentiate Q = erfc(y)/2 + R in a at fixed x, with dη/da = -(λ - 1)/(aη) (from η dη = (1 - 1/λ) dλ),
 * and divide by the density p(x; a) = x^(a-1) e^-x / Γ(a) = e^(-aη²/2) / (λ sqrt(2πa) Γ*(a)) (Γ*(a) = e^μ(a), the
 * Stirling factor): the exponentials cancel, leaving
 * dx/da = λ Γ*(a) ((λ-1)/η - η/2 + S (log λ - 1/(2a)) - (λ-1)/(aη) S' - S_k / a)
 * with S = Σ c_k(η) a^-k, S' = Σ c_k'(η) a^-k, S_k = Σ k c_k(η) a^-k. No exp(±large), no erfc. Every factor is a
 * power series in η and 1/a (Γ*(a) = Σ g_j a^-j, (λ-1)/η and log λ analytic at η = 0), so the product is collected
 * once, in exact arithmetic, into dx/da = λ Σ_(k<12) e_k(η) a^-k (scripts/temme_coefficients.py --grad), and
 * evaluated as Horner in η within each row (independent chains) and Horner in 1/a across rows, unrolled: for
 * |η| <= 0.12 each row to the degree it needs there (83 terms), else all 144 (the degrees at a = 20, |η| = 0.472,
 * the band's corner). η = ±sqrt(2 (t - log1p t)), t = x/a - 1, needs no care for small t: the subtraction's
 * rounding, ~ulp(t), moves η by ~ulp(t)/η ≈ 2^-53 absolute, and dx/da moves with η at rate ~1/2.
 * **Cost**: one log1p, one sqrt, two divisions and 83 or 144 multiply-adds, no loop: on bench:torch's points 80%
 * take the 83 terms; 57 ns per call on its Temme points (CPU time, min of 15 passes; 62 against 66 ns with the near
 * block chosen on t rather than η², min of 9 alternating passes, ~735 instructions per call either way, valgrind
 * --tool=callgrind on a bundle timing those points), against 294 ns for the three
 * sums with envelope-chosen degrees and exp(μ(a)) before, and 95-110 ns for this series with a degree per row
 * and cell read from a table in a loop (branch mispredictions).
 * **Accuracy**: truncation below 6e-17 relative (each row's omitted terms below 4e-18 at its variant's worst
 * corner, the rows k >= 12 below 1e-17 together; scripts/temme_coefficients.py asserts it); measured 2.5e-16
 * against mpmath (see standardGammaGrad).
 * **Source**: as `gammaincTemme`; the expansion's parameter derivative as in Temme (1979) differentiated termwise.
 */
export function gammaGradTemme(a: number, x: number): number {
  const t = (x - a) / a; // x - a exact in the band (Sterbenz)
  const eta2 = 2 * (t - Math.log1p(t));
  const e = t < 0 ? -Math.sqrt(eta2) : Math.sqrt(eta2); // η
  const r = 1 / a, c = TEMME_GRAD; // see Performance notes
  let g: number;
  // Generated by scripts/temme_coefficients.py --grad: each row p_k by Horner in η, then Horner in r = 1/a. The
  // near block serves t in [-0.1152, 0.1248], inside |η| <= 0.12 (η is monotone in t), tested on t, which is known
  // before the log1p and sqrt that η waits for (see Performance notes).
  if (Math.abs(t - 0.0048) <= 0.12) {
    // |η| <= 0.12: degrees 12, 11, 10, 9, 8, 7, 7, 6, 5, 3, 3, 2 (83 terms)
    const p0 = c[0] + e * (c[1] + e * (c[2] + e * (c[3] + e * (c[4] + e * (c[5] + e * (c[6] + e * (c[7] +
      e * (c[8] + e * (c[9] + e * (c[10] + e * (c[11])))))))))));
    const p1 = c[20] + e * (c[21] + e * (c[22] + e * (c[23] + e * (c[24] + e * (c[25] + e * (c[26] +
      e * (c[27] + e * (c[28] + e * (c[29] + e * (c[30]))))))))));
    const p2 = c[38] + e * (c[39] + e * (c[40] + e * (c[41] + e * (c[42] + e * (c[43] + e * (c[44] +
      e * (c[45] + e * (c[46] + e * (c[47])))))))));
    const p3 = c[55] + e * (c[56] + e * (c[57] + e * (c[58] + e * (c[59] + e * (c[60] + e * (c[61] +
      e * (c[62] + e * (c[63]))))))));
    const p4 = c[70] + e * (c[71] + e * (c[72] + e * (c[73] + e * (c[74] + e * (c[75] + e * (c[76] +
      e * (c[77])))))));
    const p5 = c[85] + e * (c[86] + e * (c[87] + e * (c[88] + e * (c[89] + e * (c[90] + e * (c[91]))))));
    const p6 = c[98] + e * (c[99] + e * (c[100] + e * (c[101] + e * (c[102] + e * (c[103] + e * (c[104]))))));
    const p7 = c[110] + e * (c[111] + e * (c[112] + e * (c[113] + e * (c[114] + e * (c[115])))));
    const p8 = c[120] + e * (c[121] + e * (c[122] + e * (c[123] + e * (c[124]))));
    const p9 = c[129] + e * (c[130] + e * (c[131]));
    const p10 = c[136] + e * (c[137] + e * (c[138]));
    const p11 = c[141] + e * (c[142]);
    g = p0 + r * (p1 + r * (p2 + r * (p3 + r * (p4 + r * (p5 + r * (p6 + r * (p7 + r * (p8 + r * (p9 +
      r * (p10 + r * (p11)))))))))));
  } else {
    // all 144 terms
    const p0 = c[0] + e * (c[1] + e * (c[2] + e * (c[3] + e * (c[4] + e * (c[5] + e * (c[6] + e * (c[7] +
      e * (c[8] + e * (c[9] + e * (c[10] + e * (c[11] + e * (c[12] + e * (c[13] + e * (c[14] + e * (c[15] +
      e * (c[16] + e * (c[17] + e * (c[18] + e * (c[19])))))))))))))))))));
    const p1 = c[20] + e * (c[21] + e * (c[22] + e * (c[23] + e * (c[24] + e * (c[25] + e * (c[26] +
      e * (c[27] + e * (c[28] + e * (c[29] + e * (c[30] + e * (c[31] + e * (c[32] + e * (c[33] + e * (c[34] +
      e * (c[35] + e * (c[36] + e * (c[37])))))))))))))))));
    const p2 = c[38] + e * (c[39] + e * (c[40] + e * (c[41] + e * (c[42] + e * (c[43] + e * (c[44] +
      e * (c[45] + e * (c[46] + e * (c[47] + e * (c[48] + e * (c[49] + e * (c[50] + e * (c[51] + e * (c[52] +
      e * (c[53] + e * (c[54]))))))))))))))));
    const p3 = c[55] + e * (c[56] + e * (c[57] + e * (c[58] + e * (c[59] + e * (c[60] + e * (c[61] +
      e * (c[62] + e * (c[63] + e * (c[64] + e * (c[65] + e * (c[66] + e * (c[67] + e * (c[68] +
      e * (c[69]))))))))))))));
    const p4 = c[70] + e * (c[71] + e * (c[72] + e * (c[73] + e * (c[74] + e * (c[75] + e * (c[76] +
      e * (c[77] + e * (c[78] + e * (c[79] + e * (c[80] + e * (c[81] + e * (c[82] + e * (c[83] +
      e * (c[84]))))))))))))));
    const p5 = c[85] + e * (c[86] + e * (c[87] + e * (c[88] + e * (c[89] + e * (c[90] + e * (c[91] +
      e * (c[92] + e * (c[93] + e * (c[94] + e * (c[95] + e * (c[96] + e * (c[97]))))))))))));
    const p6 = c[98] + e * (c[99] + e * (c[100] + e * (c[101] + e * (c[102] + e * (c[103] + e * (c[104] +
      e * (c[105] + e * (c[106] + e * (c[107] + e * (c[108] + e * (c[109])))))))))));
    const p7 = c[110] + e * (c[111] + e * (c[112] + e * (c[113] + e * (c[114] + e * (c[115] + e * (c[116] +
      e * (c[117] + e * (c[118] + e * (c[119])))))))));
    const p8 = c[120] + e * (c[121] + e * (c[122] + e * (c[123] + e * (c[124] + e * (c[125] + e * (c[126] +
      e * (c[127] + e * (c[128]))))))));
    const p9 = c[129] + e * (c[130] + e * (c[131] + e * (c[132] + e * (c[133] + e * (c[134] + e * (c[135]))))));
    const p10 = c[136] + e * (c[137] + e * (c[138] + e * (c[139] + e * (c[140]))));
    const p11 = c[141] + e * (c[142] + e * (c[143]));
    g = p0 + r * (p1 + r * (p2 + r * (p3 + r * (p4 + r * (p5 + r * (p6 + r * (p7 + r * (p8 + r * (p9 +
      r * (p10 + r * (p11)))))))))));
  }
  return (1 + t) * g;
}

// Performance notes. temmeSum and gammaGradTemme copy the module-level tables into locals before use (each use of a
// module binding carries a load and a hole check in V8). temmeSum steps two rows per Horner loop: the two chains are
// independent, so the CPU can overlap their multiply-add latencies (8 cycles a term on one chain). gammaGradTemme
// replaced the three sums S, S', S_k (each to the degree the envelope asked, chosen with two logs) and exp(μ(a)) by
// the one collected series: 294 -> 110 ns per call on bench:torch's Temme points with a loop reading each row's
// degree from a (a, |η|) table (~58 terms on average), 94 -> 67 ns unrolled to the full 144 terms (no loop, no
// branch: the varying trip counts had cost more than the terms they saved), 53-57 ns with the second, 83-term
// variant for |η| <= 0.12 (CPU time, min of 15 passes, scratch scripts timing the bench's Temme points alone). A
// third variant for a >= 100 (55 terms) and the coefficients written as literals instead of c[i] measured no faster.
// The choice between the two blocks is unpredictable on random points (one in five takes the 144 terms); tested on
// t = x/a - 1 it is resolved right after the division that makes t, where η² = 2 (t - log1p t) arrives a log1p later,
// so a misprediction discards less: 66 -> 62 ns per call on the mixed Temme points (same instruction count), none on
// either block's points alone. Evaluating each row as even and odd halves in η² (two chains of half the length)
// measured 6% slower on the 83-term points and 19% on the 144-term ones (more instructions, register spills): the
// Horner chains are not what limits it.
