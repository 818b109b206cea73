import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../bench/bench-args.ts';

const KNOWN = ['loopback', 'rtt100'];

describe('parseBenchArgs', () => {
  it('defaults to every profile and client, three runs', () => {
    expect(parseBenchArgs([], KNOWN)).toEqual({ quick: false, profiles: null, runs: 3, clients: ['satchel', 'mpop', 'fetchmail'], satchel: 'app', fetchmailSatellite: false, appTransport: 'wss', cite: false });
  });

  it('makes one run the default with --quick, unless --runs says otherwise', () => {
    expect(parseBenchArgs(['--quick'], KNOWN).runs).toBe(1);
    expect(parseBenchArgs(['--quick', '--runs=2'], KNOWN).runs).toBe(2);
  });

  it('keeps the profiles and clients in the order given', () => {
    const args = parseBenchArgs(['--profiles=rtt100,loopback', '--clients=mpop,satchel'], KNOWN);
    expect(args.profiles).toEqual(['rtt100', 'loopback']);
    expect(args.clients).toEqual(['mpop', 'satchel']);
  });

  it('rejects unknown profiles, clients and options, and bad run counts', () => {
    expect(() => parseBenchArgs(['--profiles=moon'], KNOWN)).toThrow(/unknown profile "moon"/);
    expect(() => parseBenchArgs(['--clients=thunderbird'], KNOWN)).toThrow(/unknown client/);
    expect(() => parseBenchArgs(['--fast'], KNOWN)).toThrow(/unknown option/);
    expect(() => parseBenchArgs(['--runs=0'], KNOWN)).toThrow(/positive integer/);
    expect(() => parseBenchArgs(['--profiles='], KNOWN)).toThrow(/comma-separated/);
    expect(() => parseBenchArgs(['--satchel=chrome'], KNOWN)).toThrow(/app, runsync or pop3/);
    expect(parseBenchArgs(['--satchel=runsync', '--fetchmail-satellite'], KNOWN)).toMatchObject({ satchel: 'runsync', fetchmailSatellite: true });
  });

  it('serves the app slot over https/wss unless --app-plain-ws asks for http/ws', () => {
    expect(parseBenchArgs(['--app-plain-ws'], KNOWN).appTransport).toBe('ws');
    expect(parseBenchArgs([], KNOWN).appTransport).toBe('wss');
  });

  it('cites a run only when --cite asks, so a plain run touches no tracked file', () => {
    expect(parseBenchArgs(['--quick'], KNOWN).cite).toBe(false);
    expect(parseBenchArgs(['--quick', '--cite'], KNOWN).cite).toBe(true);
  });
});
