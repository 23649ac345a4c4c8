// Maps harness errors to the one exit-code table every harness command shares (README "Exit codes of the harness commands").
import { USAGE_EXIT_CODE, VERDICT_CLASSES } from '../verdict/verdict-classes.ts';
import { HarnessError } from './harness-error.ts';

/** The exit code for an error that ended a command: usage 2, anything else harness_error 7 (an interrupted run ends
 * with its summary's verdict, not an error). */
export function exitCodeFor(error: unknown): number {
  if (error instanceof HarnessError) {
    if (error.code === 'USAGE' || error.code === 'SCENARIO_NOT_FOUND' || error.code === 'SCENARIO_INVALID')
      return USAGE_EXIT_CODE;
  }
  return VERDICT_CLASSES.harness_error.exitCode;
}

/** The line printed for an error: HarnessErrors are sentences already; anything else is a bug with its stack. */
export function formatErrorLine(command: string, error: unknown): string {
  if (error instanceof HarnessError) {
    const kind = exitCodeFor(error) === VERDICT_CLASSES.harness_error.exitCode ? 'harness error: ' : '';
    return `${command}: ${kind}${error.message}`;
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `${command}: internal error (a bug, please report it): ${text}`;
}
