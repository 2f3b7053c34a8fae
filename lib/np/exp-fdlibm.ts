// e^x bit for bit as V8's Math.exp (fdlibm's __ieee754_exp, which V8 ships in src/base/ieee754.cc),
// but inlinable into np.exp's loop: Math.exp is a call into C, ~1.5× slower per element. The
// argument reduction runs one way for every x (k = trunc(x/ln2 ± 1/2), which gives the same k,
// hi and lo as fdlibm's three cases), and the few inputs where fdlibm's cases differ from that,
// or which need care (|x| < 2^-28, |x| ≥ 708, NaN, ±Infinity, a sliver around ½·ln2 where
// fdlibm compares only the high word, and x = 1, for which V8 returns Math.E, a bit off fdlibm),
// are handed to Math.exp itself, behind a branch that is rarely taken. tests/np-elementwise-paths.test.ts checks it against Math.exp bit for bit.
const INV_LN2 = 1.442695040888963387;
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;
const TINY = 2 ** -28;
/** 2^k at [k + 1024] for -1021 ≤ k ≤ 1023: scaling by it is exact where the fast path is used. */
const POW2 = new Float64Array(2048);
for (let k = -1021; k <= 1023; k++) POW2[k + 1024] = 2 ** k;

/** e^x, identical to Math.exp(x) for every x. */
export function expFdlibm(x: number): number {
  const ax = Math.abs(x);
  const k = (INV_LN2 * x + (0.5 - +(x < 0))) | 0;
  const hi = x - k * LN2_HI;
  const lo = k * LN2_LO;
  const r = hi - lo;
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  const y = (1 - (lo - (r * c) / (2 - c) - hi)) * POW2[(k + 1024) & 2047]!;
  // One predictable branch for every exception (bitwise |, &: no short-circuit branches).
  if (+(ax < TINY) | +!(ax < 708) | (+(ax >= 0.3465) & +(ax < 0.3467)) | +(x === 1)) return Math.exp(x);
  return y;
}
