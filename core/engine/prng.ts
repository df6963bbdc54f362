/**
 * Deterministic random numbers: xoshiro128** on 32-bit integer arithmetic (Math.imul, shifts),
 * seeded through SplitMix32, plus the transcendental functions the engine needs, written with
 * + − × ÷ only. IEEE-754 basic operations are correctly rounded on every platform, so variates
 * are bit-identical across operating systems and JavaScript engine versions — Math.log and
 * Math.exp are not required to be.
 */
export type RngState = [number, number, number, number];

export function seedRng(seed: number): RngState {
  let x = seed >>> 0;
  const next = () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const s: RngState = [next(), next(), next(), next()];
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  return s;
}

/** Next 32-bit unsigned integer; advances `s` in place. */
export function nextU32(s: RngState): number {
  const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
  const t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return result;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Uniform in [0, 1) with 53 random bits. */
export function nextUnit(s: RngState): number {
  const hi = nextU32(s) >>> 5; // 27 bits
  const lo = nextU32(s) >>> 6; // 26 bits
  return (hi * 67108864 + lo) / 9007199254740992;
}

/** Exponential variate with the given mean. */
export function nextExp(s: RngState, mean: number): number {
  return -mean * ln(1 - nextUnit(s));
}

const LN2 = 0.6931471805599453;
const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;

/** ln(m) for m near 1 by the atanh series; slow but exact to the last bit or two. */
function lnSeries(x: number): number {
  const s = (x - 1) / (x + 1);
  const s2 = s * s;
  let term = s;
  let sum = s;
  for (let k = 3; k < 60; k += 2) {
    term *= s2;
    const add = term / k;
    if (add === 0) break;
    sum += add;
  }
  return 2 * sum;
}

/** ln of the midpoints of [1 + i/128, 1 + (i+1)/128), built once with the series. */
const LN_TABLE_SIZE = 128;
const LN1_5 = lnSeries(1.5);
const LN_MID = new Float64Array(LN_TABLE_SIZE);
const MID = new Float64Array(LN_TABLE_SIZE);
for (let i = 0; i < LN_TABLE_SIZE; i++) {
  const c = 1 + (i + 0.5) / LN_TABLE_SIZE;
  MID[i] = c;
  // keep the series argument near 1: ln c = ln(c/1.5) + ln 1.5 above 1.25
  LN_MID[i] = c < 1.25 ? lnSeries(c) : lnSeries(c / 1.5) + LN1_5;
}

/**
 * Natural logarithm of x > 0 from basic operations only: x = m·2^e with m in [1, 2), then
 * ln m = ln c + ln(m/c) for the nearest table midpoint c, so the series needs 3 terms.
 */
export function ln(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  let e = 0;
  while (x < 1) {
    if (x < 2.3283064365386963e-10) {
      x *= 4294967296;
      e -= 32;
    } else {
      x *= 2;
      e--;
    }
  }
  while (x >= 2) {
    if (x >= 4294967296) {
      x /= 4294967296;
      e += 32;
    } else {
      x /= 2;
      e++;
    }
  }
  const i = Math.floor((x - 1) * LN_TABLE_SIZE);
  const c = MID[i]!;
  const s = (x - c) / (x + c);
  const s2 = s * s;
  // |s| < 1/257: s^9/9 < 1e-22 relative to the result
  const series = 2 * s * (1 + s2 * (1 / 3 + s2 * (1 / 5 + s2 * (1 / 7))));
  return LN_MID[i]! + series + (e * LN2_LO + e * LN2_HI);
}

/** e^x from basic operations only (range reduction by ln 2, Taylor series). */
export function exp(x: number): number {
  if (x !== x) return NaN;
  if (x > 709) return Infinity;
  if (x < -745) return 0;
  // Cody–Waite reduction: ln 2 split so k·LN2_HI is exact for |k| < 2^20
  const k = Math.round(x / LN2);
  const r = x - k * LN2_HI - k * LN2_LO;
  let term = 1;
  let sum = 1;
  for (let n = 1; n < 30; n++) {
    term = (term * r) / n;
    sum += term;
    if (term === 0) break;
  }
  let scale = 1;
  if (k >= 0) for (let i = 0; i < k; i++) scale *= 2;
  else for (let i = 0; i < -k; i++) scale /= 2;
  return sum * scale;
}
