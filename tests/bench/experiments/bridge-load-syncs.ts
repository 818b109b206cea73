/**
 * The syncs of the bridge load test (bridge-load.ts), in a process of their own:
 * `tsx bridge-load-syncs.ts --clients=N --seconds=S (--direct=PORT --ca=FILE | --tunnel=URL --origin=O --target=T)`
 * prints the SyncLoadResult as one JSON line.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { bridgeChannel, directChannel, runSyncLoad } from '../load/pop3-syncs.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string' },
    seconds: { type: 'string' },
    direct: { type: 'string' },
    ca: { type: 'string' },
    tunnel: { type: 'string' },
    origin: { type: 'string' },
    target: { type: 'string' },
  },
});
const open = values.direct ? directChannel(Number(values.direct), readFileSync(values.ca!, 'utf8')) : bridgeChannel(values.tunnel!, values.origin!, values.target!);
const result = await runSyncLoad(open, Number(values.clients), Number(values.seconds));
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
