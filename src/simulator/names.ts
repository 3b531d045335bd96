/** Names for simulated places and people: the demo is an ISP in Nigeria. */
import type { Random } from './random';

export const CITIES = [
  'Awka', 'Lagos', 'Abuja', 'Enugu', 'Onitsha', 'Port Harcourt', 'Ibadan', 'Kano', 'Benin City', 'Owerri',
  'Asaba', 'Calabar', 'Jos', 'Uyo', 'Warri', 'Abeokuta', 'Ilorin', 'Kaduna', 'Nnewi', 'Umuahia',
  'Akure', 'Makurdi', 'Lokoja', 'Sokoto', 'Maiduguri', 'Yola', 'Osogbo', 'Ado Ekiti', 'Abakaliki', 'Bauchi',
];

/** The display name of the n-th router of a fleet (0-based): a city, then `city 2`, `city 3`... */
export function cityName(n: number): string {
  const base = CITIES[n % CITIES.length]!;
  const round = Math.floor(n / CITIES.length);
  return round === 0 ? base : `${base} ${round + 1}`;
}

/** `Port Harcourt` → `port_harcourt`, `Awka 2` → `awka_2`. */
export function idFromName(name: string): string {
  return name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'router';
}

const FIRST = [
  'chidi', 'amaka', 'tunde', 'ngozi', 'emeka', 'bisi', 'ifeanyi', 'kemi', 'obinna', 'funke', 'uche', 'yemi',
  'chioma', 'segun', 'adaeze', 'kelechi', 'tola', 'nkem', 'sola', 'ebuka', 'zainab', 'musa', 'aisha', 'ibrahim',
  'femi', 'blessing', 'chinedu', 'halima', 'ikenna', 'temitope', 'osas', 'efe', 'ada', 'nnamdi', 'bola', 'sade',
];

/** A hotspot user name: a first name and a number, or a voucher code. */
export function personName(rng: Random, voucher: boolean): string {
  if (voucher) {
    const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
    let code = '';
    for (let i = 0; i < 6; i++) code += alphabet[rng.int(0, alphabet.length - 1)];
    return code;
  }
  return `${rng.pick(FIRST)}${rng.int(1, 999)}`;
}

export function macAddress(rng: Random): string {
  const bytes = [rng.int(0, 255) & 0xfe | 0x02, ...Array.from({ length: 5 }, () => rng.int(0, 255))];
  // Locally administered unicast, as phones randomise their MACs today.
  return bytes.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(':');
}
