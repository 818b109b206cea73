import { describe, expect, it } from 'vitest';
import { StorageStatus, type StorageManagerLike } from '../../../../web/src/lib/settings/storage-status.svelte.ts';

function fakeManager(options: { grant: boolean }): StorageManagerLike & { persistCalls: number } {
  let persisted = false;
  return {
    persistCalls: 0,
    async persist() {
      this.persistCalls += 1;
      persisted = options.grant;
      return persisted;
    },
    async persisted() {
      return persisted;
    },
    async estimate() {
      return { usage: 1234, quota: 10_000 };
    },
  };
}

describe('StorageStatus', () => {
  it('reports not persisted, usage and quota after a refresh', async () => {
    const status = new StorageStatus(fakeManager({ grant: true }));
    expect(status.persisted).toBeNull();
    await status.refresh();
    expect(status.persisted).toBe(false);
    expect(status.usage).toBe(1234);
    expect(status.quota).toBe(10_000);
  });

  it('becomes persisted when the browser grants the request', async () => {
    const manager = fakeManager({ grant: true });
    const status = new StorageStatus(manager);
    expect(await status.requestPersist()).toBe(true);
    expect(status.persisted).toBe(true);
    expect(await status.isPersistent()).toBe(true);
    expect(manager.persistCalls).toBe(1);
  });

  it('stays not persisted when the browser refuses', async () => {
    const status = new StorageStatus(fakeManager({ grant: false }));
    expect(await status.requestPersist()).toBe(false);
    expect(status.persisted).toBe(false);
    expect(await status.isPersistent()).toBe(false);
  });

  it('says not persistent where the browser has no storage manager', async () => {
    const status = new StorageStatus(undefined);
    expect(status.supported).toBe(false);
    expect(await status.requestPersist()).toBe(false);
    expect(await status.isPersistent()).toBe(false);
  });
});
