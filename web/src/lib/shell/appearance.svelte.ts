// How Satchel looks on this device: light, dark or the system's choice, and how tall the list
// rows are. Kept in localStorage (nothing sensitive); shown as attributes on the root element,
// which app.css turns into colours and sizes.

export type ThemeChoice = 'system' | 'light' | 'dark';
export type Density = 'comfortable' | 'compact';

export interface AppearanceValues {
  theme: ThemeChoice;
  density: Density;
}

export const APPEARANCE_KEY = 'satchel.appearance';
const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark'];
const DENSITIES: readonly Density[] = ['comfortable', 'compact'];

function read(storage: Storage | undefined): AppearanceValues {
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(APPEARANCE_KEY) ?? '{}');
    if (typeof parsed === 'object' && parsed !== null) raw = parsed as Record<string, unknown>;
  } catch {
    // A damaged entry means the defaults, not a broken app.
  }
  return {
    theme: THEMES.includes(raw.theme as ThemeChoice) ? (raw.theme as ThemeChoice) : 'system',
    density: DENSITIES.includes(raw.density as Density) ? (raw.density as Density) : 'comfortable',
  };
}

export class Appearance {
  #values = $state<AppearanceValues>({ theme: 'system', density: 'comfortable' });
  readonly #storage: Storage | undefined;
  readonly #root: HTMLElement;

  constructor(storage: Storage | undefined = globalThis.localStorage, root: HTMLElement = document.documentElement) {
    this.#storage = storage;
    this.#root = root;
    this.#values = read(storage);
    this.#apply();
  }

  get theme(): ThemeChoice {
    return this.#values.theme;
  }

  get density(): Density {
    return this.#values.density;
  }

  set(change: Partial<AppearanceValues>): void {
    this.#values = { ...this.#values, ...change };
    try {
      this.#storage?.setItem(APPEARANCE_KEY, JSON.stringify(this.#values));
    } catch {
      // Storage full or blocked: the choice holds for this visit.
    }
    this.#apply();
  }

  #apply(): void {
    // No attribute for "system": app.css then follows prefers-color-scheme.
    if (this.#values.theme === 'system') delete this.#root.dataset.theme;
    else this.#root.dataset.theme = this.#values.theme;
    this.#root.dataset.density = this.#values.density;
  }
}
