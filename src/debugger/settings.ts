// gdb's plain settings that rdb keeps (`set listsize`, `width`, `height`, `confirm`,
// `pagination`) and their `show` lines; settings rdb accepts without keeping are listed too.
import { UserError } from './events';

export interface Settings { listsize: number; width: number; height: number; confirm: boolean; pagination: boolean }

/** gdb's defaults in batch mode (no terminal: no width or height). */
export function defaultSettings(): Settings {
  return { listsize: 10, width: Infinity, height: Infinity, confirm: true, pagination: true };
}

/** Settings accepted and not kept. */
const ACCEPTED = new Set(['print', 'p', 'pr', 'verbose', 'logging', 'startup-with-shell', 'disable-randomization']);

function onOff(value: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === '' || ['on', '1', 'yes', 'enable'].includes(v)) return true;
  if (['off', '0', 'no', 'disable'].includes(v)) return false;
  throw new UserError('"on" or "off" expected.');
}

/** A count where 0 and `unlimited` mean no limit. */
function count(value: string): number {
  const v = value.trim();
  if (v === '') throw new UserError('Argument required (integer to set it to, or "unlimited").');
  if (v === 'unlimited' || v === '0') return Infinity;
  if (/^-\d+$/.test(v)) throw new UserError(`integer ${v} out of range`);
  if (!/^\d+$/.test(v)) throw new UserError(`No symbol "${v}" in current context.`);
  return Number(v);
}

/** Applies `set WORD VALUE`; false if WORD is no setting rdb knows. */
export function applySetting(s: Settings, word: string, value: string): boolean {
  switch (word) {
    case 'listsize': s.listsize = count(value); return true;
    case 'width': s.width = count(value); return true;
    case 'height': s.height = count(value); return true;
    case 'confirm': s.confirm = onOff(value); return true;
    case 'pagination': s.pagination = onOff(value); return true;
    default: return ACCEPTED.has(word);
  }
}

/** `show WORD` for the kept settings, or undefined. */
export function showSetting(s: Settings, word: string): string | undefined {
  const n = (v: number): string => (v === Infinity ? 'unlimited' : String(v));
  const state = (b: boolean): string => (b ? 'on' : 'off');
  switch (word.trim()) {
    case 'listsize': return `Number of source lines gdb will list by default is ${n(s.listsize)}.`;
    case 'width': return `Number of characters gdb thinks are in a line is ${n(s.width)}.`;
    case 'height': return `Number of lines gdb thinks are in a page is ${n(s.height)}.`;
    case 'confirm': return `Whether to confirm potentially dangerous operations is ${state(s.confirm)}.`;
    case 'pagination': return `State of pagination is ${state(s.pagination)}.`;
    default: return undefined;
  }
}
