// `run-scenarios`: every scenario (the `all` group) as a parallel VM matrix; same options as run-scenario-group.
import { runAsEntryPoint } from './run-harness-cli.ts';
import { main } from './run-scenario-group.ts';

await runAsEntryPoint(import.meta.url, (argv) => main(argv, true));
