// COG_CA_CERT (build.md §6.5): a file, a directory of *.crt/*.pem, inline PEM, or base64 of a
// PEM. The certificate text is staged as `.cog/build/cog-ca-cert.crt` and installed early in
// the image so every later network step (apt, pip, uv) trusts it.
import path from 'node:path';
import { CogError } from '../cog-error.ts';
import type { PlanReader } from './plan-reader.ts';

export const CA_CERT_FILE = 'cog-ca-cert.crt';
const BEGIN = '-----BEGIN CERTIFICATE-----';
const END = '-----END CERTIFICATE-----';

/** The PEM text to stage, or undefined when COG_CA_CERT is unset/empty. */
export function readCaCertificate(
  value: string | undefined,
  reader: PlanReader,
): string | undefined {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return undefined;
  if (trimmed.startsWith('-----BEGIN')) return checked(trimmed, 'COG_CA_CERT');
  const kind = reader.kind(trimmed);
  if (kind === 'file') return checked(reader.readText(trimmed), trimmed);
  if (kind === 'directory') {
    const files = reader.list(trimmed).filter((n) => /\.(?:crt|pem)$/.test(n));
    if (files.length === 0) {
      throw new CogError(
        'CA_CERT_INVALID',
        `COG_CA_CERT: no .crt or .pem files found in directory ${trimmed}`,
      );
    }
    return files
      .map((n) => checked(reader.readText(path.join(trimmed, n)), path.join(trimmed, n)))
      .join('\n');
  }
  if (/^[A-Za-z0-9+/=\s]+$/.test(trimmed)) {
    const decoded = Buffer.from(trimmed, 'base64').toString('utf8').trim();
    if (decoded.startsWith('-----BEGIN')) return checked(decoded, 'COG_CA_CERT (base64)');
  }
  throw new CogError(
    'CA_CERT_INVALID',
    'COG_CA_CERT: invalid value - must be a file path, directory, PEM certificate, or base64-encoded PEM',
  );
}

function checked(pem: string, source: string): string {
  const text = pem.trim();
  let reason: string | undefined;
  if (!text.startsWith(BEGIN)) reason = `expected it to start with ${BEGIN}`;
  else if (!text.includes(END)) reason = `missing ${END}`;
  if (reason)
    throw new CogError(
      'CA_CERT_INVALID',
      `COG_CA_CERT: invalid certificate in ${source}: ${reason}`,
    );
  return `${text}\n`;
}
