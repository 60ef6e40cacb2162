import type { IncomingMessage } from 'node:http';

export async function readRaw(req: IncomingMessage, limit = 10 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Web API arguments as Slack reads them: a JSON body, or a form (`application/x-www-form-urlencoded`)
 * whose nested values (blocks, attachments) are JSON strings. Multipart bodies (file uploads)
 * give no arguments here; the upload endpoint reads their size only.
 */
export function parseApiArgs(contentType: string | undefined, raw: Buffer): Record<string, unknown> {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const text = raw.toString('utf8');
  if (type === 'application/json') {
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  }
  if (type === 'application/x-www-form-urlencoded' || type === '') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(text)) out[k] = v;
    return out;
  }
  return {};
}

/** A form value that may be a JSON string (blocks, users lists) or already parsed. */
export function jsonArg<T>(value: unknown): T | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as T;
    } catch {
      return undefined;
    }
  }
  return value as T;
}

export function stringArg(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return String(value);
}
