// The agent's request loop: JSON lines in, JSON lines out, requests served
// concurrently. Bad input gets an error response, never a crash.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { LinkApi, Sysctl } from '@osvif/sdk';
import { AgentError, AgentRequest, AgentResponse, METHODS, serializeError, Target } from './protocol';

const MAX_LINE = 1 << 20;

export interface AgentServices {
  readonly links: LinkApi;
  readonly sysctl: Sysctl;
}

/** Serves requests until `input` ends; resolves once every answer is written. */
export async function serveAgent(input: Readable, output: Writable, services: AgentServices): Promise<void> {
  const write = (r: AgentResponse | { ready: true; pid: number }): void => {
    output.write(`${JSON.stringify(r)}\n`);
  };
  write({ ready: true, pid: process.pid });
  const pending = new Set<Promise<void>>();
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const p = handle(line, services).then(write);
    pending.add(p);
    void p.finally(() => pending.delete(p));
  }
  await Promise.all(pending);
}

async function handle(line: string, services: AgentServices): Promise<AgentResponse> {
  let req: AgentRequest;
  try {
    req = parseRequest(line);
  } catch (e) {
    return { id: idOf(line), ok: false, error: serializeError(e) };
  }
  try {
    const target: object = req.target === 'link' ? services.links : services.sysctl;
    // JSON has no undefined: a null top-level argument means "not given".
    const args = req.args.map((a) => (a === null ? undefined : a));
    const fn = (target as Record<string, (...a: unknown[]) => Promise<unknown>>)[req.method];
    const result = await fn.apply(target, args);
    return { id: req.id, ok: true, result };
  } catch (e) {
    return { id: req.id, ok: false, error: serializeError(e) };
  }
}

function parseRequest(line: string): AgentRequest {
  if (line.length > MAX_LINE) throw new AgentError('bad-request', `request longer than ${MAX_LINE} bytes`);
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    throw new AgentError('bad-request', `malformed JSON: ${(e as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new AgentError('bad-request', 'request must be a JSON object');
  const r = v as Record<string, unknown>;
  if (!Number.isSafeInteger(r.id)) throw new AgentError('bad-request', 'request "id" must be an integer');
  if (r.target !== 'link' && r.target !== 'sysctl') throw new AgentError('bad-request', `unknown target ${JSON.stringify(r.target)}`);
  const methods = METHODS[r.target as Target];
  if (typeof r.method !== 'string' || !Object.prototype.hasOwnProperty.call(methods, r.method)) {
    throw new AgentError('bad-request', `unknown method ${JSON.stringify(r.method)} for ${String(r.target)}`);
  }
  const args = r.args === undefined ? [] : r.args;
  if (!Array.isArray(args)) throw new AgentError('bad-request', '"args" must be an array');
  if (args.length > methods[r.method]) throw new AgentError('bad-request', `${r.method} takes at most ${methods[r.method]} arguments`);
  return { id: r.id as number, target: r.target, method: r.method, args };
}

function idOf(line: string): number | null {
  try {
    const v = JSON.parse(line) as { id?: unknown };
    return Number.isSafeInteger(v?.id) ? (v.id as number) : null;
  } catch {
    return null;
  }
}
