// Console lines that mean the guest kernel crashed; any of them aborts the run at once.
import { compileConsolePattern } from '../scenario/console-pattern.ts';

export const CRASH_PATTERNS = [
  'Kernel panic',
  '/\\bOops\\b/',
  'Call Trace',
  'BUG: unable to handle',
  'general protection fault',
].map(compileConsolePattern);
