import type { ReaderAddress } from '../message/parse-message.ts';

/** "Ada Lovelace <ada@example.org>", or the bare address when there is no name. */
function formatAddress(address: ReaderAddress): string {
  const name = address.name.trim();
  if (name === '') return address.address;
  return address.address === '' ? name : `${name} <${address.address}>`;
}

export function formatAddressList(addresses: readonly ReaderAddress[]): string {
  return addresses.map(formatAddress).join(', ');
}
