// Type-level ties between the Config interface (types.ts) and the option table: every setting's path is a
// Config leaf, its default has that leaf's type, and every leaf has a setting (checked when compiling).
import type { Config } from '../types.ts';

/** A value the option table sets as a whole (not a section with settings of its own). */
type Leaf = string | number | boolean | null | readonly unknown[];

/** Every dotted path to a settable leaf of the config file (`safety.scan_samples`); `version` is not a setting. */
export type ConfigPath<T = Omit<Config, 'version'>, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends Leaf ? `${Prefix}${K}` : ConfigPath<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** The type of the leaf at a dotted path. */
export type ConfigValue<P extends string, T = Config> = P extends `${infer Head}.${infer Rest}`
  ? Head extends keyof T
    ? ConfigValue<Rest, T[Head]>
    : never
  : P extends keyof T
    ? T[P]
    : never;

/** Whether `Covered` names every config path (`true`), else the list of missing ones (a type error). */
export type CoversEveryPath<Covered extends string> = [Exclude<ConfigPath, Covered>] extends [never]
  ? true
  : { missingSettings: Exclude<ConfigPath, Covered> };
