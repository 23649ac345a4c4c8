// How much input the provisioner reads before it refuses: each limit is far above a real config or command line and
// far below what would cost a boot seconds or flood a serial console (docs/provisioner.md "Input limits").

export const INPUT_LIMITS = {
  /** A config file's bytes: a config with every option and comments is under 8 KiB. */
  configBytes: 64 * 1024,
  /** A config file's lines: a full config is about 100. Parsing is linear, but 30,000 keys took 0.6 s to parse. */
  configLines: 2000,
  /** Nesting of maps and lists: the config's own depth is 4. */
  configDepth: 32,
  /** YAML alias expansions (`*name`): an alias bomb expands billions. */
  configAliases: 100,
  /** Problems printed for one config: the first ones with their lines, then how many more. */
  problemsShown: 20,
  /** The kernel command line file (/proc/cmdline is at most 4 KiB on the architectures Linux runs zos on). */
  cmdlineBytes: 64 * 1024,
  /** One `zosstorage.<name>=` value (a path is at most 4096 bytes). */
  cmdlineValueBytes: 4096,
  /** `zosstorage.*` words on one command line (there are about 30 names). */
  cmdlineSettings: 256,
} as const;

/** The line after the problems shown that says how many more there are. */
export function describeOmitted(count: number): string {
  return `… and ${count} more problem(s) like these (fix the first ones; a config has a few dozen keys)`;
}

/** `problems` cut to the ones shown, and the line that says how many more there are (null when none). */
export function capProblems<T>(problems: readonly T[]): { shown: T[]; more: string | null } {
  const shown = problems.slice(0, INPUT_LIMITS.problemsShown);
  const rest = problems.length - shown.length;
  return { shown, more: rest > 0 ? describeOmitted(rest) : null };
}
