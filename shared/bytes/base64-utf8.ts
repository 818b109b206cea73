/** SASL payloads are UTF-8 octets (RFC 4422 §3.1); POP3 carries them in base64 (RFC 5034 §4). */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function base64Utf8(text: string): string {
  return encodeBase64(new TextEncoder().encode(text));
}

export function utf8FromBase64(text: string): string {
  return new TextDecoder('utf-8').decode(decodeBase64(text));
}
