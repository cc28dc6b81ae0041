// Row ids: 26-character, ULID-like strings (48-bit millisecond time + 80 random bits, Crockford
// base32) that sort by creation time and can be made anywhere — Worker, Node or browser.

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const timeLength = 10;
const randomLength = 16;
const maxTime = 2 ** 48 - 1;

interface RandomSource {
  getRandomValues<T extends Uint8Array>(array: T): T;
}

function randomSource(): RandomSource {
  // Web Crypto is global in Workers, browsers and Node ≥ 19; the package's lib has no DOM types.
  const source = (globalThis as unknown as { crypto?: RandomSource }).crypto;
  if (!source?.getRandomValues) throw new Error('Web Crypto không có sẵn (Web Crypto is not available)');
  return source;
}

// Ids made within the same millisecond continue from the previous one (+1) instead of drawing new
// random bits, so ids from one process stay in creation order even within a millisecond.
let lastTime = -1;
let lastRandom: number[] = [];

function freshRandom(): number[] {
  // 256 is a multiple of 32, so masking keeps each digit uniform.
  return Array.from(randomSource().getRandomValues(new Uint8Array(randomLength)), (byte) => byte & 31);
}

function increment(digits: readonly number[]): number[] | null {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    const digit = next[i]!;
    if (digit < 31) {
      next[i] = digit + 1;
      return next;
    }
    next[i] = 0;
  }
  return null;
}

/** A new sortable unique id; `now` (default: the current time) sets its time prefix. */
export function newId(now: Date | number = Date.now()): string {
  const time = typeof now === 'number' ? now : now.getTime();
  if (!Number.isInteger(time) || time < 0 || time > maxTime) {
    throw new RangeError(`Thời điểm không hợp lệ cho id (invalid time for an id): ${String(now)}`);
  }
  const random = (time === lastTime && increment(lastRandom)) || freshRandom();
  lastTime = time;
  lastRandom = random;

  let prefix = '';
  let rest = time;
  for (let i = 0; i < timeLength; i++) {
    prefix = alphabet[rest % 32]! + prefix;
    rest = Math.floor(rest / 32);
  }
  return prefix + random.map((digit) => alphabet[digit]!).join('');
}
