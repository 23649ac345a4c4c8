// Commands as data: what the planner produces and the runner executes.

export interface Command {
  /** argv[0] is the program name, looked up in PATH. */
  argv: string[];
  /** Why this command runs, for logs and error messages (`partition /dev/vda`). */
  purpose: string;
  /** Optional stdin text. */
  input?: string;
}

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs one command. The real one (exec-command.ts) uses node's child_process; tests inject a fake.
 * Resolves with the result whatever the exit code; rejects only when the program cannot be started
 * (with a ZosError TOOL_MISSING).
 */
export interface CommandRunner {
  (command: Command): Promise<CommandResult>;
  /**
   * Whether a program can be started (PATH lookup). The real runner has it and applyPlan uses it to
   * check every tool before the first write; fakes may leave it out (no precheck then).
   */
  findProgram?: (program: string) => Promise<boolean>;
}
