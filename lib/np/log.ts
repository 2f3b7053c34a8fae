// A natural logarithm accurate to about 2^-70 relative, computed in double-double arithmetic and
// rounded once, so it returns the correctly rounded log(x) except in astronomically rare cases.
// Why: numpy's randn calls C's log(), and glibc's log is correctly rounded in practice, while
// V8's Math.log (fdlibm) is off by one ulp for about 3% of arguments. Using this log in the
// polar method makes randn bit-identical to numpy's (see tests/np-random.test.ts).

const SPLIT = 134217729; // 2^27 + 1, Dekker's splitter
const LN2_HI = 0.6931471805599453;
const LN2_LO = 2.3190468138462996e-17;
const TWO_THIRDS_HI = 0.6666666666666666;
const TWO_THIRDS_LO = 3.700743415417188e-17;
const TWO_FIFTHS_HI = 0.4;
const TWO_FIFTHS_LO = -2.2204460492503132e-17;
const SQRT2 = Math.SQRT2;

// Scratch outputs of the error-free transformations (no allocation on the hot path).
let H = 0;
let L = 0;

/** H + L = a · b exactly (Dekker). */
function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  H = p;
  L = ah * bh - p + ah * bl + al * bh + al * bl;
}

/** H + L = (ah + al) · (bh + bl), to double-double precision. */
function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  const lo = L + (ah * bl + al * bh);
  const s = H + lo;
  L = lo - (s - H);
  H = s;
}

/** H + L = (ah + al) + (bh + bl), to double-double precision. */
function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  const s = ah + bh;
  const bb = s - ah;
  const e = ah - (s - bb) + (bh - bb) + al + bl;
  const r = s + e;
  L = e - (r - s);
  H = r;
}

const view = new DataView(new ArrayBuffer(8));

/** log(x), correctly rounded in all but astronomically rare cases; Math.log for non-normal input. */
export function logCorrectlyRounded(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x);
  let e = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54: make subnormals normal
    e = -54;
  }
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  e += ((hi >>> 20) & 0x7ff) - 1023;
  view.setUint32(0, (hi & 0x800fffff) | 0x3ff00000);
  let m = view.getFloat64(0); // x = m · 2^e, 1 <= m < 2
  if (m > SQRT2) {
    m *= 0.5;
    e += 1;
  }
  if (m === 1) {
    ddMul(e, 0, LN2_HI, LN2_LO);
    return H + L;
  }
  // log(m) = 2·atanh(s) = 2s + (2/3)s³ + (2/5)s⁵ + ..., s = (m-1)/(m+1), |s| <= 0.1716.
  const num = m - 1; // exact (Sterbenz)
  const dh = m + 1;
  const dl = m - (dh - 1); // dh + dl = m + 1 exactly, since 1 <= dh <= 3
  const sh = num / dh;
  twoProd(sh, dh);
  const sl = (num - H - L - sh * dl) / dh; // s = sh + sl
  ddMul(sh, sl, sh, sl);
  const th = H;
  const tl = L; // t = s²
  // c = 2/3 + t·(2/5 + t·(2/7 + 2t/9 + ...)); the tail is small enough for plain doubles.
  const tail = th * (2 / 7 + th * (2 / 9 + th * (2 / 11 + th * (2 / 13 + th * (2 / 15 + th * (2 / 17 + th * (2 / 19 + th * (2 / 21 + th * (2 / 23 + th * (2 / 25))))))))));
  ddAdd(TWO_FIFTHS_HI, TWO_FIFTHS_LO, tail, 0);
  ddMul(th, tl, H, L);
  ddAdd(TWO_THIRDS_HI, TWO_THIRDS_LO, H, L);
  ddMul(th, tl, H, L);
  ddMul(sh, sl, H, L); // s³·c
  ddAdd(2 * sh, 2 * sl, H, L); // log(m)
  if (e === 0) return H + L;
  const lh = H;
  const ll = L;
  ddMul(e, 0, LN2_HI, LN2_LO);
  ddAdd(H, L, lh, ll);
  return H + L;
}
