// glibc's log(), reproduced bit for bit, so np.random.randn draws exactly numpy's numbers.
//
// numpy's legacy Gaussian calls C's log(). On Linux x86-64 with FMA (glibc >= 2.28, the
// __log_fma variant that glibc picks on any CPU with FMA3 and AVX2) that is the table-driven
// algorithm of ARM's optimized-routines (sysdeps/ieee754/dbl-64/e_log.c) with the compiler's
// fused multiply-adds. This file follows that machine code operation by operation (read off
// `objdump -d libm.so.6`, glibc 2.36) with the same 128-entry table, and emulates each fused
// multiply-add exactly. V8's Math.log (fdlibm) differs from it in the last bit for ~7% of the
// polar method's arguments; a correctly rounded log still differs for ~0.08%; this one for none
// of the millions of arguments checked against glibc (see tests/np-random.test.ts).

// __log_data.tab: for i = 0..127, invc ≈ 1/c and logc ≈ log(c) for c near the centre of the
// i-th subinterval of [0x1.6p-1, 0x1.6p0).
const TAB = new Float64Array([
  1.4504249240398293, -0.3718565645633589,
  1.442253508327276, -0.36620682668944937,
  1.4341736174350004, -0.3605888069791945,
  1.426183816329995, -0.3550022171419869,
  1.4182825527052965, -0.34944666968829097,
  1.4104682921759335, -0.3439217713603284,
  1.4027396147468003, -0.3384271921261188,
  1.3950954438932313, -0.332962831494342,
  1.3875338232485754, -0.32752794345742586,
  1.3800539211058593, -0.32212257167088865,
  1.3726542695419708, -0.3167462884799761,
  1.3653332798446802, -0.3113985598928366,
  1.358090204587874, -0.3060794515165526,
  1.3509234892132138, -0.300788424667644,
  1.3438320840699889, -0.2955252968476998,
  1.3368146974742003, -0.29028969275850613,
  1.329870114677736, -0.2850812793277555,
  1.322997339161106, -0.27989987391470095,
  1.316195352741367, -0.27474526621870154,
  1.3094628125672239, -0.2696169863701243,
  1.3027990455471041, -0.26451506180308115,
  1.2962024229438942, -0.2594387762767383,
  1.2896726275815547, -0.2543884090981692,
  1.2832080305745537, -0.24936321635129843,
  1.276807885983376, -0.24436312405975968,
  1.2704714060687552, -0.23938801747897287,
  1.2641976054949482, -0.23443761696705678,
  1.257985357514882, -0.22951151871518505,
  1.2518337750655457, -0.2246094963439873,
  1.2457421919097305, -0.21973149037705753,
  1.2397094966625508, -0.2148770752847895,
  1.2337348463589233, -0.210046029103637,
  1.2278176973028803, -0.20523836373934046,
  1.2219570190618474, -0.20045368751368642,
  1.2161519732977757, -0.1956917537758045,
  1.2104018095009725, -0.19095237845203883,
  1.204705805718973, -0.18623539250290833,
  1.1990631185441964, -0.18154051731551135,
  1.1934733004462308, -0.1768677957431919,
  1.1879350812847385, -0.17221657406412305,
  1.1824481322833125, -0.16758697765942543,
  1.1770114976921955, -0.16297859687290384,
  1.1716248121809465, -0.15839151377804228,
  1.1662869231674715, -0.15382513241456763,
  1.1609977486762766, -0.14927976358922024,
  1.1557563220795803, -0.14475495398119165,
  1.1505619105480347, -0.14025044090817573,
  1.1454138888505974, -0.1357660466685502,
  1.140311877374656, -0.1313018016355727,
  1.1352550225747513, -0.12685731518763532,
  1.1302429094831266, -0.1224325737671279,
  1.1252747693068048, -0.11802724521862729,
  1.1203501571039876, -0.11364127671663482,
  1.1154683327680124, -0.10927434611278386,
  1.1106291463292157, -0.10492665324943573,
  1.1058315813301596, -0.10059761422644442,
  1.1010752177696026, -0.09628717309055901,
  1.0963597137952512, -0.09199534069557558,
  1.0916844827550398, -0.08772190036688698,
  1.0870487291277784, -0.08346643613867855,
  1.082452357388312, -0.07922916827544668,
  1.0778948225025884, -0.0750099004750382,
  1.0733751731601076, -0.07080805133352897,
  1.068893585073351, -0.06662408085151128,
  1.0644491706655506, -0.06245745471915143,
  1.0600414846328305, -0.0583080438042316,
  1.0556701316181605, -0.05417576112313327,
  1.051334750556926, -0.050060547896805474,
  1.0470347288442157, -0.045962101199052086,
  1.0427699229652954, -0.04188056008865715,
  1.0385395013738175, -0.03781540056183985,
  1.034343418940345, -0.03376684757915882,
  1.0301811073173315, -0.029734619131772888,
  1.026052043621297, -0.025718470239212365,
  1.0219561082336197, -0.021718543925430822,
  1.0178926505784922, -0.01773446126981071,
  1.0138614436244586, -0.013766252464051831,
  1.0098620186501341, -0.009813706322574944,
  1.0058938559734134, -0.005876555150052809,
  1.00195696235014, -0.0019550499938532084,
  0.9961089923088509, 0.0038985973556009412,
  0.9884170338185201, 0.011650571286395461,
  0.9808429191005297, 0.019342955478919066,
  0.9733840169987446, 0.0269766014846482,
  0.9660377568876556, 0.034552359728422744,
  0.9588014945307369, 0.04207121767183253,
  0.9516728569073111, 0.049533940950141186,
  0.9446494635965822, 0.056941358295944156,
  0.9377288993026223, 0.06429439168346107,
  0.9309091073790681, 0.0715936354946507,
  0.924187681612722, 0.07884010933776153,
  0.9175626765599192, 0.08603438905970506,
  0.9110320403624034, 0.09317721180013905,
  0.9045935839762024, 0.10026951462748457,
  0.8982456375922825, 0.10731170956330516,
  0.8919860966782501, 0.11430473320717738,
  0.8858131121185129, 0.12124928503033061,
  0.879725075760676, 0.12814583422959913,
  0.8737201372634685, 0.1349951636851756,
  0.8677966405782273, 0.1417978768189414,
  0.8619528050060739, 0.14855476039031146,
  0.8561872354420692, 0.1552661937658968,
  0.8504983927816893, 0.16193275688146969,
  0.8448844572790304, 0.16855539792220497,
  0.8393442741575965, 0.1751343179947753,
  0.8338762249349438, 0.1816702989864325,
  0.8284789320557778, 0.18816387146023317,
  0.8231510800065832, 0.1946155228479256,
  0.8178913903778707, 0.20102572579389744,
  0.8126984007245374, 0.2073952090795501,
  0.8075710029460227, 0.21372429840596396,
  0.8025078881160415, 0.2200135945981856,
  0.7975077379364331, 0.22626374162859975,
  0.792569604966373, 0.23247494747693054,
  0.7876923641254114, 0.23864766620658884,
  0.7828746724940998, 0.24478265647405806,
  0.7781155388790811, 0.25088025827324145,
  0.7734139557869777, 0.2569408552510595,
  0.7687687179914933, 0.26296511155101143,
  0.7641790698041854, 0.2689531327189343,
  0.7596438763692399, 0.27490553924610595,
  0.7551621951078668, 0.2808227248478943,
  0.7507331780216866, 0.286704979267256,
  0.7463557196361751, 0.29255295645509705,
  0.7420289364869653, 0.2983670386142876,
  0.7377521537065876, 0.30414734587282055,
  0.7335242966002608, 0.30989455774829366,
  0.729344777457841, 0.31560871301871884,
]);
const LN2HI = 0.6931471805598903;
const LN2LO = 5.497923018708371e-14;
// poly: log1p(r) - r ≈ A0 r² + A1 r³ + ... for |r| < 1/256
const A0 = -0.5000000000000001;
const A1 = 0.33333333331825593;
const A2 = -0.2499999999622955;
const A3 = 0.20000304511814496;
const A4 = -0.16667054827627667;
// poly1: log(1 + r) near 1 (1 - 2^-4 <= x < 1 + 0x1.09p-4)
const B0 = -0.5;
const B1 = 0.3333333333333352;
const B2 = -0.24999999999998432;
const B3 = 0.19999999999320328;
const B4 = -0.16666666669929706;
const B5 = 0.14285715076560868;
const B6 = -0.12499997863982555;
const B7 = 0.11110712032936046;
const B8 = -0.10000486757818193;
const B9 = 0.09181994006195467;
const B10 = -0.08328363062289341;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LE = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
const HI = LE ? 1 : 0;
const LO = LE ? 0 : 1;
const SPLIT = 134217729; // 2^27 + 1

/** One unit in the last place of |x| (x finite, nonzero). */
function ulp(x: number): number {
  f64[0] = x;
  const e = (u32[HI]! >>> 20) & 0x7ff;
  return e > 52 ? 2 ** (e - 1075) : 5e-324;
}

/** x = m · 2^e with m a signed BigInt (x finite). */
function exact(x: number): [bigint, number] {
  f64[0] = x;
  const hi = u32[HI]!;
  const e = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(u32[LO]!);
  if (e !== 0) m |= 1n << 52n;
  return [hi >>> 31 ? -m : m, (e === 0 ? 1 : e) - 1075];
}

/** Exact fma by integer arithmetic (the rare case where the fast path cannot decide). */
function fmaExact(a: number, b: number, c: number): number {
  const [ma, ea] = exact(a);
  const [mb, eb] = exact(b);
  const [mc, ec] = exact(c);
  const ep = ea + eb;
  const e = Math.min(ep, ec);
  const s = ((ma * mb) << BigInt(ep - e)) + (mc << BigInt(ec - e));
  if (s === 0n) return 0;
  const neg = s < 0n;
  let q = neg ? -s : s;
  // Keep 53 significant bits, rounding to nearest, ties to even.
  const shift = Math.max(0, q.toString(2).length - 53);
  if (shift > 0) {
    const rem = q & ((1n << BigInt(shift)) - 1n);
    const half = 1n << BigInt(shift - 1);
    q >>= BigInt(shift);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  }
  const v = Number(q) * 2 ** (e + shift); // exact for the normal-range values used here
  return neg ? -v : v;
}

/** a·b + c with a single rounding, like the FMA instruction. */
export function fma(a: number, b: number, c: number): number {
  // a·b = ph + pl exactly (Dekker).
  const ph = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pl = ah * bh - ph + ah * bl + al * bh + al * bl;
  // ph + c = s + e exactly (Knuth's TwoSum); then s + (e + pl) with its error tracked.
  const s = ph + c;
  const bb = s - ph;
  const e = ph - (s - bb) + (c - bb);
  const u = e + pl;
  const bu = u - e;
  const eu = e - (u - bu) + (pl - bu); // e + pl = u + eu exactly
  const r = s + u;
  const br = r - s;
  const er = s - (r - br) + (u - br); // s + u = r + er exactly; the true value is r + er + eu
  // With eu = 0 the true value is s + u, and r = RN(s + u) is the answer (ties included).
  if (eu === 0 && Number.isFinite(r)) return r;
  if (r === 0 || !Number.isFinite(r)) return fmaExact(a, b, c);
  // r = RN(s + u) is also RN(r + er + eu) unless |er| is (nearly) half an ulp and eu tips the
  // balance; at a power of two the gap below is half as wide, so be twice as careful there.
  f64[0] = r;
  const half = (u32[LO] === 0 && (u32[HI]! & 0xfffff) === 0 ? 0.25 : 0.5) * ulp(r);
  if (half - Math.abs(er) > Math.abs(eu)) return r;
  return fmaExact(a, b, c);
}

/** glibc's log(x) for normal x > 0 (others: Math.log, which agrees on those). */
export function logGlibc(x: number): number {
  if (!(x >= 2.2250738585072014e-308) || x === Infinity) return Math.log(x);
  f64[0] = x;
  const hi = u32[HI]!;
  if (hi >= 0x3fee0000 && hi < 0x3ff10900) {
    // Close to 1: log(1 + r) by polynomial, r² split for extra precision.
    if (x === 1) return 0;
    const r = x - 1;
    const r2 = r * r;
    const r3 = r * r2;
    let p = fma(r2, B9, fma(r, B8, B7));
    p = fma(r3, B10, p);
    p = fma(p, r3, fma(r2, B6, fma(r, B5, B4)));
    p = fma(p, r3, fma(r2, B3, fma(r, B2, B1)));
    // The next four fused operations have exact products (by 2^27, by -0.5), so plain
    // arithmetic rounds them identically.
    const w = r * 134217728 + r;
    const rhi = w - 134217728 * r;
    const rlo = r - rhi;
    const rhi2 = rhi * rhi;
    const h = rhi2 * B0 + r;
    let lo = rhi2 * B0 + (r - h);
    lo = fma(B0 * rlo, r + rhi, lo);
    return h + fma(p, r3, lo);
  }
  // x = 2^k z with z in [0x1.6p-1, 0x1.6p0); log(x) = k·ln2 + log(c) + log1p(z/c - 1).
  const tmp = (hi - 0x3fe60000) | 0;
  const i = (tmp >>> 13) & 127;
  const k = tmp >> 20;
  u32[HI] = hi - (tmp & 0xfff00000);
  const z = f64[0]!;
  const invc = TAB[2 * i]!;
  const logc = TAB[2 * i + 1]!;
  const r = fma(z, invc, -1);
  const w = k * LN2HI + logc; // k·LN2HI is exact
  const h = r + w;
  const r2 = r * r;
  let lo = fma(k, LN2LO, w - h + r);
  const r3 = r * r2;
  lo = fma(r2, A0, lo);
  const p = fma(fma(r, A4, A3), r2, fma(r, A2, A1));
  return fma(r3, p, lo) + h;
}
