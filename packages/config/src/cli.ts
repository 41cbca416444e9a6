import { parseArgs } from 'node:util';

/**
 * The one argument parser of every Lianxin command (`npm run token`, `seed`, `schema`,
 * `bench`, `cases:sweep`, `cases:verify-ledger`, `benefits:expire`): node:util parseArgs
 * in strict mode, plus value checks. `--help` prints the usage and exits 0; an unknown
 * flag, a missing value or a bad one is refused with the flag's name and exit 2.
 */

/** Exit status of a refused command line (as getopt tools do); 1 stays for failures at run time. */
export const USAGE_EXIT = 2;

/** A refused command line: the message names the flag. */
export class UsageError extends Error {}

export interface StringOption<T = string> {
  type: 'string';
  /** The value's placeholder in the help, e.g. `<code>`. */
  value: string;
  description: string;
  required?: boolean;
  /** Checks and converts the raw value; throws UsageError (see the helpers below). */
  parse?: (raw: string, flag: string) => T;
}

export interface BooleanOption {
  type: 'boolean';
  description: string;
}

export type OptionSpec = StringOption<unknown> | BooleanOption;
export type OptionsSpec = Record<string, OptionSpec>;

export type Values<S extends OptionsSpec> = {
  [K in keyof S]?: S[K] extends BooleanOption ? boolean : S[K] extends StringOption<infer T> ? (unknown extends T ? string : T) : never;
};

export interface CommandDefinition<S extends OptionsSpec> {
  /** How it is typed, e.g. `npm run -s token -- --role <role> [options]`. */
  usage: string;
  /** What it does, one or two sentences. */
  summary: string;
  options: S;
  /** Printed after the options: environment variables, examples. */
  notes?: string;
}

export interface Command<S extends OptionsSpec> {
  readonly help: string;
  /** Parses argv; `{ help: true }` when --help was asked for. Throws UsageError. */
  parse(argv: readonly string[]): { help: true } | { help: false; values: Values<S> };
  /** For main(): parses process.argv, prints the help and exits 0, or refuses and exits 2. */
  read(argv?: readonly string[]): Values<S>;
  /** A usage problem found after parsing (e.g. a flag another one needs): exit 2 through `exit`. */
  fail(message: string): never;
  /** For main().catch: prints the error without a stack trace and exits 2 for usage errors, 1 otherwise. */
  exit(err: unknown): never;
}

const quote = (raw: string): string => JSON.stringify(raw);

/** One of a fixed set. */
export const oneOf =
  <T extends string>(choices: readonly T[]) =>
  (raw: string, flag: string): T => {
    if (!(choices as readonly string[]).includes(raw)) throw new UsageError(`${flag} must be one of ${choices.join(', ')} (got ${quote(raw)})`);
    return raw as T;
  };

/** A comma-separated list, each item one of a fixed set. */
export const listOf =
  <T extends string>(choices: readonly T[]) =>
  (raw: string, flag: string): T[] => {
    const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = items.filter((i) => !(choices as readonly string[]).includes(i));
    if (!items.length || bad.length) {
      throw new UsageError(`${flag} takes a comma-separated list of ${choices.join(', ')} (got ${quote(raw)}${bad.length ? `: unknown ${bad.map(quote).join(', ')}` : ''})`);
    }
    return [...new Set(items)] as T[];
  };

/** A whole number in [min, max]. */
export const integer =
  (min: number, max: number) =>
  (raw: string, flag: string): number => {
    const n = /^[+-]?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`${flag} needs a whole number from ${min} to ${max} (got ${quote(raw)})`);
    return n === 0 ? 0 : n; // never -0
  };

/** A number (decimals allowed) greater than 0 and at most max. */
export const positiveNumber =
  (max: number) =>
  (raw: string, flag: string): number => {
    const n = /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
    if (!(n > 0 && n <= max)) throw new UsageError(`${flag} needs a number greater than 0 and at most ${max} (got ${quote(raw)})`);
    return n;
  };

/** An ISO 8601 moment such as 2026-11-01T00:00:00Z. */
export const isoDate = (raw: string, flag: string): Date => {
  const d = /^\d{4}-\d{2}-\d{2}/.test(raw) ? new Date(raw) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new UsageError(`${flag} needs a date such as 2026-11-01T00:00:00Z (got ${quote(raw)})`);
  return d;
};

/** A value matching a pattern, described in words for the message. */
export const matching =
  (pattern: RegExp, what: string) =>
  (raw: string, flag: string): string => {
    if (!pattern.test(raw)) throw new UsageError(`${flag} must be ${what} (got ${quote(raw)})`);
    return raw;
  };

/** parseArgs' own messages, reworded to name the flag plainly. */
function reword(err: unknown): UsageError {
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  const flag = /'(-[^' ]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown option ${flag ?? message}`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? message}: options look like --name value`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(message)) return new UsageError(`${flag} takes no value`);
      if (/ambiguous/.test(message)) return new UsageError(`${flag} needs a value (one that starts with a dash goes as ${flag}=-…)`);
      return new UsageError(`${flag} needs a value`);
    default:
      return new UsageError(message);
  }
}

function formatHelp<S extends OptionsSpec>(def: CommandDefinition<S>): string {
  const rows = Object.entries(def.options).map(([name, o]) => [`--${name}${o.type === 'string' ? ` ${o.value}` : ''}`, o.description + (o.type === 'string' && o.required ? ' (required)' : '')]);
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  const lines = rows.map(([l, d]) => `  ${l.padEnd(width)}${d.replace(/\n/g, `\n  ${' '.repeat(width)}`)}`);
  return `Usage: ${def.usage}\n\n${def.summary}\n\nOptions:\n${lines.join('\n')}\n${def.notes ? `\n${def.notes.trimEnd()}\n` : ''}`;
}

export function defineCommand<S extends OptionsSpec>(def: CommandDefinition<S>): Command<S> {
  const help = formatHelp(def);
  const command: Command<S> = {
    help,
    parse(argv) {
      // --help wins over anything else on the line, even an unknown flag.
      if (argv.includes('--help') || argv.includes('-h')) return { help: true };
      const options = Object.fromEntries(Object.entries(def.options).map(([name, o]) => [name, { type: o.type }]));
      let raw: Record<string, string | boolean | undefined>;
      try {
        raw = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
      } catch (err) {
        throw reword(err);
      }
      const values: Record<string, unknown> = {};
      for (const [name, o] of Object.entries(def.options)) {
        const v = raw[name];
        if (v === undefined) {
          if (o.type === 'string' && o.required) throw new UsageError(`--${name} is required`);
          continue;
        }
        if (o.type === 'string') {
          if (v === '') throw new UsageError(`--${name} needs a value`);
          values[name] = o.parse ? o.parse(v as string, `--${name}`) : v;
        } else values[name] = v;
      }
      return { help: false, values: values as Values<S> };
    },
    read(argv = process.argv.slice(2)) {
      let parsed: ReturnType<Command<S>['parse']>;
      try {
        parsed = command.parse(argv);
      } catch (err) {
        return command.exit(err);
      }
      if (parsed.help) {
        process.stdout.write(help);
        process.exit(0);
      }
      return parsed.values;
    },
    fail(message) {
      throw new UsageError(message);
    },
    exit(err) {
      if (err instanceof UsageError) {
        process.stderr.write(`${err.message}\nUsage: ${def.usage}\n(--help for every option)\n`);
        process.exit(USAGE_EXIT);
      }
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  };
  return command;
}
