// The JSON log shapes against the real things: pino itself writes the same keys and level numbers as
// StreamLogger's default shape, and oslo.log's JSONFormatter (Debian's python3-oslo.log, /usr/bin/python3) the
// same keys, with the same kinds of values, as its `oslo` shape. (Host project: it runs Python.)
import { execFileSync } from 'node:child_process';
import pino from 'pino';
import { StreamLogger } from '@osvif/runtime';

function lines(format: 'pino' | 'oslo'): Array<Record<string, unknown>> {
  const out: string[] = [];
  const log = new StreamLogger({ level: 'debug', format, sink: { write: (l) => out.push(l) } }).child({ plugin: 'ovs' });
  log.debug('d', { n: 1 });
  log.info('plug succeeded', { vif_id: 'v1', duration_ms: 1.5 });
  log.warn('w');
  log.error('plug failed', { error: new TypeError('bad') });
  return out.map((l) => JSON.parse(l) as Record<string, unknown>);
}

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

describe('JSON log shapes', () => {
  it("default: pino's record (real pino writes the same keys, the same level numbers)", () => {
    const theirs: Array<Record<string, unknown>> = [];
    const p = pino({ level: 'debug' }, { write: (l: string) => void theirs.push(JSON.parse(l) as Record<string, unknown>) }).child({
      plugin: 'ovs',
    });
    p.debug({ n: 1 }, 'd');
    p.info({ vif_id: 'v1', duration_ms: 1.5 }, 'plug succeeded');
    p.warn('w');
    p.error({ error: { name: 'TypeError', message: 'bad' } }, 'plug failed');
    const ours = lines('pino');
    expect(ours.map((r) => Object.keys(r).sort())).toEqual(theirs.map((r) => Object.keys(r).sort()));
    expect(ours.map((r) => r.level)).toEqual(theirs.map((r) => r.level));
    for (const [i, r] of ours.entries()) {
      expect({ ...r, time: 0 }).toEqual({ ...theirs[i], time: 0, error: r.error });
      expect(typeof r.time).toBe('number');
    }
    expect(ours[3].error).toMatchObject({ name: 'TypeError', message: 'bad' });
  });

  it("oslo: oslo.log's JSONFormatter record (same keys and kinds of values; our fields under extra)", () => {
    const PY = `
import json, logging, sys
from oslo_log import formatters
rec = logging.LogRecord('osvif', logging.INFO, '/x.py', 1, 'plug succeeded', (), None)
rec.extra = {'vif_id': 'v1'}
print(json.dumps(json.loads(formatters.JSONFormatter().format(rec))))
`;
    const theirs = JSON.parse(execFileSync('/usr/bin/python3', ['-c', PY], { encoding: 'utf8' })) as Record<string, unknown>;
    const [, info, warn, error] = lines('oslo');
    expect(Object.keys(info).sort()).toEqual(Object.keys(theirs).sort());
    // Python's frame data (pathname, lineno, ...) has no equivalent here: null; every other value is of the same kind.
    const frame = new Set(['pathname', 'filename', 'module', 'lineno', 'funcname']);
    for (const k of Object.keys(theirs).filter((k) => !frame.has(k)))
      expect({ k, kind: typeOf(info[k]) }).toEqual({ k, kind: typeOf(theirs[k]) });
    expect(info).toMatchObject({ message: 'plug succeeded', levelname: 'INFO', levelno: 20, name: 'osvif', process: process.pid });
    expect(info.extra).toEqual({ plugin: 'ovs', vif_id: 'v1', duration_ms: 1.5 });
    expect(String(info.asctime)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}$/);
    expect(String(theirs.asctime)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}$/);
    expect(warn).toMatchObject({ levelname: 'WARNING', levelno: 30 });
    expect(error).toMatchObject({ levelname: 'ERROR', levelno: 40, error_summary: 'TypeError: bad' });
  });
});
