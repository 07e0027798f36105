/** What a benchmark table says about where and how it was measured. */
import { availableParallelism, cpus, totalmem } from 'node:os';

export function machineLine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const memory = Math.round(totalmem() / 2 ** 30);
  return `${availableParallelism()} CPUs (${cpu}), ${memory} GB RAM, Node ${process.version}, Linux loopback`;
}

export const today = (): string => new Date().toISOString().slice(0, 10);

/** Median of numbers (the lower middle for an even count, so it is always one measured value). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

export const fmt = (n: number, digits = 0): string =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–';
