// Turns an override's text (CLI or kernel cmdline) into the JSON type its setting expects (pure).
import type { SettingOption } from './options.ts';

const TRUE_WORDS = ['1', 'true', 'yes', 'on'];
const FALSE_WORDS = ['0', 'false', 'no', 'off'];

/**
 * Coerces `text` by the setting's schema type; text that does not fit is returned as is, so schema
 * validation reports it with the override's name. A bare switch (`null`) means true.
 */
export function coerceOverride(setting: SettingOption, text: string | boolean | null): unknown {
  if (typeof text === 'boolean') return text;
  const type = setting.schema.type;
  if (type === 'boolean') {
    if (text === null || TRUE_WORDS.includes(text.toLowerCase())) return true;
    if (FALSE_WORDS.includes(text.toLowerCase())) return false;
    return text;
  }
  if (text === null) return null;
  if (type === 'integer') return /^-?\d+$/.test(text) ? Number(text) : text;
  if (Array.isArray(type) && type.includes('null') && (text === '' || text === 'none')) return null;
  return text;
}
