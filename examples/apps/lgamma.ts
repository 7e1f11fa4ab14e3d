// One special function and nothing else: what `lgamma` from vitape/special costs an embedder (`npm run size`
// bundles this file and checks it carries no tape). Binomial coefficients through log-gamma, which does not
// overflow where n! would: C(52, 5) = 52! / (5! 47!) = 2598960 five-card poker hands.
import { lgamma } from "vitape/special";

console.log(`C(52, 5) = ${Math.round(Math.exp(lgamma(53) - lgamma(6) - lgamma(48)))}`);
