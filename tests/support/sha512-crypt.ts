/**
 * SHA-512 crypt ("$6$salt$hash", the form glibc's crypt() and /etc/shadow use) of a test
 * password, from `openssl passwd -6`: Node's crypto has no crypt(3). The password goes in
 * on stdin, not on the command line.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export function sha512Crypt(password: string): string {
  const salt = randomBytes(12).toString('base64').replace(/[^A-Za-z0-9./]/g, '.');
  return execFileSync('openssl', ['passwd', '-6', '-salt', salt, '-stdin'], { input: password, encoding: 'utf8' }).trim();
}
