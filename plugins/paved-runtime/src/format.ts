import { DateTime } from 'luxon';

/** `5 minutes ago`; `never` for a missing time. */
export function formatRelative(iso: string | null): string {
  if (!iso) {
    return 'never';
  }
  const time = DateTime.fromISO(iso);
  return time.isValid ? time.toRelative() ?? iso : iso;
}

/** `1.5 GiB` */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number(value.toFixed(1))} ${units[unit]}`;
}

const SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** A Kubernetes quantity (`652m`, `10k`, `512Mi`) as a number; `undefined` when malformed. */
export function parseQuantity(quantity: string): number | undefined {
  const match = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)([a-zA-Z]*)$/.exec(
    quantity.trim(),
  );
  if (!match || !(match[2] in SUFFIXES)) {
    return undefined;
  }
  return Number(match[1]) * SUFFIXES[match[2]];
}
