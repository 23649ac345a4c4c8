// Console patterns in scenario files: a plain substring, or `/regex/flags`.
import type { ConsolePattern } from './scenario-types.ts';

/** Compiles one pattern; throws a plain-language error for a bad regular expression. */
export function compileConsolePattern(source: string): ConsolePattern {
  const regex = /^\/(.+)\/([a-z]*)$/s.exec(source);
  if (!regex) return { source, test: (line) => line.includes(source) };
  let compiled: RegExp;
  try {
    compiled = new RegExp(regex[1] as string, (regex[2] ?? '').replace('g', ''));
  } catch (error) {
    throw new Error(`invalid regular expression ${source}: ${(error as Error).message}`, { cause: error });
  }
  return { source, test: (line) => compiled.test(line) };
}
