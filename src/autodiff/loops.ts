// One copy of the same elementwise loop per primitive, passed by ops.ts and special.ts as each op's last argument.
// Why copies: V8 keeps type feedback per function literal, so a single shared loop would see every op's element
// function, call it indirectly and never inline it (a composed log-likelihood over 10^6 elements ran 4.5x slower
// than a hand-written loop). A copy per op sees one f and one df, which V8 inlines. Identical text costs a few
// bytes after gzip. The loops' contract is the Loop1 and Loop2 types of vector.ts; nothing else lives here.
import type { Loop1, Loop2 } from "./vector.ts";

export const addLoop: Loop2 = (f, d1, d2, u, su, v, sv, y, g, ua, au, va, av) => {
  if (!g) for (let i = 0; i < y.length; i++) y[i] = f(u[i * su]!, v[i * sv]!);
  else {
    if (ua) for (let i = 0; i < y.length; i++) ua[i * su] = (au ? ua[i * su]! : 0) + g[i]! * d1(u[i * su]!, v[i * sv]!, y[i]!);
    if (va) for (let i = 0; i < y.length; i++) va[i * sv] = (av ? va[i * sv]! : 0) + g[i]! * d2(u[i * su]!, v[i * sv]!, y[i]!);
  }
};
export const subLoop: Loop2 = (f, d1, d2, u, su, v, sv, y, g, ua, au, va, av) => {
  if (!g) for (let i = 0; i < y.length; i++) y[i] = f(u[i * su]!, v[i * sv]!);
  else {
    if (ua) for (let i = 0; i < y.length; i++) ua[i * su] = (au ? ua[i * su]! : 0) + g[i]! * d1(u[i * su]!, v[i * sv]!, y[i]!);
    if (va) for (let i = 0; i < y.length; i++) va[i * sv] = (av ? va[i * sv]! : 0) + g[i]! * d2(u[i * su]!, v[i * sv]!, y[i]!);
  }
};
export const mulLoop: Loop2 = (f, d1, d2, u, su, v, sv, y, g, ua, au, va, av) => {
  if (!g) for (let i = 0; i < y.length; i++) y[i] = f(u[i * su]!, v[i * sv]!);
  else {
    if (ua) for (let i = 0; i < y.length; i++) ua[i * su] = (au ? ua[i * su]! : 0) + g[i]! * d1(u[i * su]!, v[i * sv]!, y[i]!);
    if (va) for (let i = 0; i < y.length; i++) va[i * sv] = (av ? va[i * sv]! : 0) + g[i]! * d2(u[i * su]!, v[i * sv]!, y[i]!);
  }
};
export const divLoop: Loop2 = (f, d1, d2, u, su, v, sv, y, g, ua, au, va, av) => {
  if (!g) for (let i = 0; i < y.length; i++) y[i] = f(u[i * su]!, v[i * sv]!);
  else {
    if (ua) for (let i = 0; i < y.length; i++) ua[i * su] = (au ? ua[i * su]! : 0) + g[i]! * d1(u[i * su]!, v[i * sv]!, y[i]!);
    if (va) for (let i = 0; i < y.length; i++) va[i * sv] = (av ? va[i * sv]! : 0) + g[i]! * d2(u[i * su]!, v[i * sv]!, y[i]!);
  }
};
export const powLoop: Loop2 = (f, d1, d2, u, su, v, sv, y, g, ua, au, va, av) => {
  if (!g) for (let i = 0; i < y.length; i++) y[i] = f(u[i * su]!, v[i * sv]!);
  else {
    if (ua) for (let i = 0; i < y.length; i++) ua[i * su] = (au ? ua[i * su]! : 0) + g[i]! * d1(u[i * su]!, v[i * sv]!, y[i]!);
    if (va) for (let i = 0; i < y.length; i++) va[i * sv] = (av ? va[i * sv]! : 0) + g[i]! * d2(u[i * su]!, v[i * sv]!, y[i]!);
  }
};
export const xlogyLoop: Loop2 = (f, d1, d2, u, su, v, sv, y, g, ua, au, va, av) => {
  if (!g) for (let i = 0; i < y.length; i++) y[i] = f(u[i * su]!, v[i * sv]!);
  else {
    if (ua) for (let i = 0; i < y.length; i++) ua[i * su] = (au ? ua[i * su]! : 0) + g[i]! * d1(u[i * su]!, v[i * sv]!, y[i]!);
    if (va) for (let i = 0; i < y.length; i++) va[i * sv] = (av ? va[i * sv]! : 0) + g[i]! * d2(u[i * su]!, v[i * sv]!, y[i]!);
  }
};
export const xlog1pyLoop: Loop2 = (f, d1, d2, u, su, v, sv, y, g, ua, au, va, av) => {
  if (!g) for (let i = 0; i < y.length; i++) y[i] = f(u[i * su]!, v[i * sv]!);
  else {
    if (ua) for (let i = 0; i < y.length; i++) ua[i * su] = (au ? ua[i * su]! : 0) + g[i]! * d1(u[i * su]!, v[i * sv]!, y[i]!);
    if (va) for (let i = 0; i < y.length; i++) va[i * sv] = (av ? va[i * sv]! : 0) + g[i]! * d2(u[i * su]!, v[i * sv]!, y[i]!);
  }
};
export const negLoop: Loop1 = (f, df, x, y, g, xa, acc) => {
  if (!g) for (let i = 0; i < y.length; i++) y[i] = f(x[i]!);
  else for (let i = 0; i < y.length; i++) xa![i] = (acc ? xa![i]! : 0) + g[i]! * df(x[i]!, y[i]!);
};
export const squareLoop: Loop1 = (f, df, x, y, g, xa, acc) => {
  if (!g) for (let i = 0; i < y.length; i++) y[i] = f(x[i]!);
  else for (let i = 0; i < y.length; i++) xa![i] = (acc ? xa![i]! : 0) + g[i]! * df(x[i]!, y[i]!);
};
export const sqrtLoop: Loop1 = (f, df, x, y, g, xa, acc) => {
  if (!g) for (let i = 0; i < y.length; i++) y[i] = f(x[i]!);
  else for (let i = 0; i < y.length; i++) xa![i] = (acc ? xa![i]! : 0) + g[i]! * df(x[i]!, y[i]!);
};
export const expLoop: Loop1 = (f, df, x, y, g, xa, acc) => {
  if (!g) for (let i = 0; i < y.length; i++) y[i] = f(x[i]!);
  else for (let i = 0; i < y.length; i++) xa![i] = (acc ? xa![i]! : 0) + g[i]! * df(x[i]!, y[i]!);
};
export const expm1Loop: Loop1 = (f, df, x, y, g, xa, acc) => {
  if (!g) for (let i = 0; i < y.length; i++) y[i] = f(x[i]!);
  else for (let i = 0; i < y.length; i++) xa![i] = (acc ? xa![i]! : 0) + g[i]! * df(x[i]!, y[i]!);
};
export const logLoop: Loop1 = (f, df, x, y, g, xa, acc) => {
  if (!g) for (let i = 0; i < y.length; i++) y[i] = f(x[i]!);
  else for (let i = 0; i < y.length; i++) xa![i] = (acc ? xa![i]! : 0) + g[i]! * df(x[i]!, y[i]!);
};
export const log1pLoop: Loop1 = (f, df, x, y, g, xa, acc) => {
  if (!g) for (let i = 0; i < y.length; i++) y[i] = f(x[i]!);
  else for (let i = 0; i < y.length; i++) xa![i] = (acc ? xa![i]! : 0) + g[i]! * df(x[i]!, y[i]!);
};
export const sigmoidLoop: Loop1 = (f, df, x, y, g, xa, acc) => {
  if (!g) for (let i = 0; i < y.length; i++) y[i] = f(x[i]!);
  else for (let i = 0; i < y.length; i++) xa![i] = (acc ? xa![i]! : 0) + g[i]! * df(x[i]!, y[i]!);
};
export const logSigmoidLoop: Loop1 = (f, df, x, y, g, xa, acc) => {
  if (!g) for (let i = 0; i < y.length; i++) y[i] = f(x[i]!);
  else for (let i = 0; i < y.length; i++) xa![i] = (acc ? xa![i]! : 0) + g[i]! * df(x[i]!, y[i]!);
};
export const softplusLoop: Loop1 = (f, df, x, y, g, xa, acc) => {
  if (!g) for (let i = 0; i < y.length; i++) y[i] = f(x[i]!);
  else for (let i = 0; i < y.length; i++) xa![i] = (acc ? xa![i]! : 0) + g[i]! * df(x[i]!, y[i]!);
};
export const lgammaLoop: Loop1 = (f, df, x, y, g, xa, acc) => {
  if (!g) for (let i = 0; i < y.length; i++) y[i] = f(x[i]!);
  else for (let i = 0; i < y.length; i++) xa![i] = (acc ? xa![i]! : 0) + g[i]! * df(x[i]!, y[i]!);
};
export const digammaLoop: Loop1 = (f, df, x, y, g, xa, acc) => {
  if (!g) for (let i = 0; i < y.length; i++) y[i] = f(x[i]!);
  else for (let i = 0; i < y.length; i++) xa![i] = (acc ? xa![i]! : 0) + g[i]! * df(x[i]!, y[i]!);
};
export const lbetaLoop: Loop2 = (f, d1, d2, u, su, v, sv, y, g, ua, au, va, av) => {
  if (!g) for (let i = 0; i < y.length; i++) y[i] = f(u[i * su]!, v[i * sv]!);
  else {
    if (ua) for (let i = 0; i < y.length; i++) ua[i * su] = (au ? ua[i * su]! : 0) + g[i]! * d1(u[i * su]!, v[i * sv]!, y[i]!);
    if (va) for (let i = 0; i < y.length; i++) va[i * sv] = (av ? va[i * sv]! : 0) + g[i]! * d2(u[i * su]!, v[i * sv]!, y[i]!);
  }
};
