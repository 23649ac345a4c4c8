// PATH lookup: whether a program name (or path) resolves to an executable file.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** A name with a slash is checked as is; a bare name is searched in the `pathEnv` folders. */
export async function findProgram(
  program: string,
  pathEnv: string = process.env.PATH ?? '',
): Promise<boolean> {
  if (program.includes('/')) return isExecutableFile(program);
  for (const dir of pathEnv.split(path.delimiter)) {
    if (dir !== '' && (await isExecutableFile(path.join(dir, program)))) return true;
  }
  return false;
}
