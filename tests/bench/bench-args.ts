/**
 * Command-line options of `npm run bench`. Pure, so tests/unit/bench can check it.
 *   --quick            300 generated messages instead of 2,000 (for CI and quick looks)
 *   --profiles=a,b     only these profiles (names in profiles.ts), in the given order
 *   --runs=N           median of N runs per client and profile (default 3, quick 1)
 *   --clients=a,b      only these clients: satchel, mpop, fetchmail (default all)
 *   --satchel=MODE     app (the built PWA in headless Chromium, default), runsync (the
 *                      app's runSync in Node on fake-indexeddb) or pop3 (shared/pop3
 *                      Pop3Session alone, bodies kept in memory)
 *   --fetchmail-satellite  also run fetchmail on the satellite profile (skipped by default:
 *                      it pays several 600 ms round trips per message, ~8 minutes for 300)
 *   --app-plain-ws     the app's slot over http/ws instead of https/wss (the bridge then
 *                      terminates no TLS: for comparison with runs before 2026-11-29)
 *   --cite             also make this run one that docs/BENCHMARKS.md cites: its JSON is
 *                      copied to docs/bench/ and its table replaces the one of the same kind
 *                      (report/cite-runs.ts). Without it a run touches no tracked file.
 */
const CLIENT_NAMES = ['satchel', 'mpop', 'fetchmail'] as const;
export type ClientName = (typeof CLIENT_NAMES)[number];

export interface BenchArgs {
  quick: boolean;
  profiles: string[] | null;
  runs: number;
  clients: ClientName[];
  satchel: 'app' | 'runsync' | 'pop3';
  fetchmailSatellite: boolean;
  /** The app's slot: the bridge serves https/wss (a deployment's shape) or, for comparison, http/ws. */
  appTransport: 'wss' | 'ws';
  cite: boolean;
}

export function parseBenchArgs(argv: readonly string[], knownProfiles: readonly string[]): BenchArgs {
  let quick = false;
  let profiles: string[] | null = null;
  let runs: number | null = null;
  let clients: ClientName[] = [...CLIENT_NAMES];
  let satchel: BenchArgs['satchel'] = 'app';
  let fetchmailSatellite = false;
  let appTransport: BenchArgs['appTransport'] = 'wss';
  let cite = false;
  for (const arg of argv) {
    const [key, value] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    switch (key) {
      case '--quick':
        quick = true;
        break;
      case '--profiles':
        profiles = list(key, value);
        for (const name of profiles) {
          if (!knownProfiles.includes(name)) throw new Error(`unknown profile "${name}"; known: ${knownProfiles.join(', ')}`);
        }
        break;
      case '--runs':
        runs = Number(value);
        if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`--runs needs a positive integer, got "${value}"`);
        break;
      case '--clients':
        clients = list(key, value).map((name) => {
          if (!(CLIENT_NAMES as readonly string[]).includes(name)) throw new Error(`unknown client "${name}"; known: ${CLIENT_NAMES.join(', ')}`);
          return name as ClientName;
        });
        break;
      case '--satchel':
        if (value !== 'app' && value !== 'runsync' && value !== 'pop3') throw new Error(`--satchel is app, runsync or pop3, got "${value}"`);
        satchel = value;
        break;
      case '--fetchmail-satellite':
        fetchmailSatellite = true;
        break;
      case '--app-plain-ws':
        appTransport = 'ws';
        break;
      case '--cite':
        cite = true;
        break;
      default:
        throw new Error(`unknown option "${arg}" (known: --quick, --profiles=a,b, --runs=N, --clients=a,b, --satchel=app|runsync|pop3, --fetchmail-satellite, --app-plain-ws, --cite)`);
    }
  }
  return { quick, profiles, runs: runs ?? (quick ? 1 : 3), clients, satchel, fetchmailSatellite, appTransport, cite };
}

function list(key: string, value: string | undefined): string[] {
  const items = (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (items.length === 0) throw new Error(`${key} needs a comma-separated list`);
  return items;
}
