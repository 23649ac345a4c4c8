// `run-scenarios`: every scenario (the `all` group) as a parallel VM matrix; same options as run-scenario-group.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from './run-scenario-group.ts';

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv, true);
}
