import { BridgeError } from '../errors/index.ts';

/**
 * Walks untrusted JSON and throws BridgeError('BRIDGE_ERR_CONFIG') naming the exact path
 * (`targets[1].port`) and the rule that failed, so a typo is fixed in one try.
 */
export class ConfigReader {
  readonly path: string;
  readonly value: unknown;

  constructor(value: unknown, path: string) {
    this.value = value;
    this.path = path;
  }

  fail(rule: string): never {
    throw new BridgeError('BRIDGE_ERR_CONFIG', `config ${this.path || '(root)'}: ${rule}`);
  }

  /** Requires a plain object whose keys are all in `allowed`; unknown keys are typos, so they fail. */
  object(allowed: readonly string[]): Record<string, unknown> {
    const v = this.value;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail('must be an object');
    const record = v as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!allowed.includes(key)) {
        this.child(key).fail(`unknown key (allowed here: ${allowed.join(', ')})`);
      }
    }
    return record;
  }

  child(key: string | number): ConfigReader {
    const path = typeof key === 'number' ? `${this.path}[${key}]` : this.path ? `${this.path}.${key}` : key;
    const parent = this.value as Record<string | number, unknown> | unknown[];
    const value = Array.isArray(parent) ? parent[key as number] : (parent as Record<string, unknown>)[key];
    return new ConfigReader(value, path);
  }

  isAbsent(): boolean {
    return this.value === undefined;
  }

  string(options: { minLength?: number; maxLength?: number } = {}): string {
    const { minLength = 1, maxLength = 4096 } = options;
    if (typeof this.value !== 'string') this.fail('must be a string');
    if (this.value.length < minLength) this.fail(`must be at least ${minLength} characters`);
    if (this.value.length > maxLength) this.fail(`must be at most ${maxLength} characters`);
    return this.value;
  }

  boolean(): boolean {
    if (typeof this.value !== 'boolean') this.fail('must be true or false');
    return this.value;
  }

  integer(min: number, max: number): number {
    const v = this.value;
    if (typeof v !== 'number' || !Number.isInteger(v)) this.fail('must be an integer');
    if (v < min || v > max) this.fail(`must be between ${min} and ${max}`);
    return v;
  }

  oneOf<T extends string>(choices: readonly T[]): T {
    if (typeof this.value !== 'string' || !(choices as readonly string[]).includes(this.value)) {
      this.fail(`must be one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`);
    }
    return this.value as T;
  }

  array(options: { minLength?: number } = {}): ConfigReader[] {
    const { minLength = 0 } = options;
    if (!Array.isArray(this.value)) this.fail('must be an array');
    if (this.value.length < minLength) this.fail(`must have at least ${minLength} entr${minLength === 1 ? 'y' : 'ies'}`);
    return this.value.map((_, i) => this.child(i));
  }
}
