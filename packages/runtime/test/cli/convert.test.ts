// The logic behind `osvif objects convert` (the spawned CLI is tested in
// packages/runtime/test/cli/objects-convert.host.test.ts).
import { PassThrough } from 'node:stream';
import {
  ConvertUsageError,
  convertLine,
  convertLines,
  convertText,
  parseManifestOption,
  checkTargetOption,
  readDocument,
} from '../../src/cli/convert';
import { vifOVS } from '../../../objects/test/objects/support/fixtures';

const VIF = JSON.stringify(vifOVS());

describe('convertText / convertLine', () => {
  it('writes the primitive back unchanged without options, backlevelled with --to/--manifest', () => {
    expect(convertText(VIF)).toEqual(JSON.parse(VIF));
    const p = convertText(VIF, { manifest: { VIFPortProfileOpenVSwitch: '1.0' } });
    expect((p['versioned_object.data'].port_profile as Record<string, unknown>)['versioned_object.version']).toBe('1.0');
  });

  it('an invalid line becomes {"error": "..."} naming what is wrong', () => {
    const r = convertLine(
      '{"versioned_object.name":"VIFFoo","versioned_object.namespace":"os_vif","versioned_object.version":"1.0","versioned_object.data":{}}',
    );
    expect(r.ok).toBe(false);
    expect(JSON.parse(r.output)).toEqual({ error: 'UnsupportedObjectError: Unsupported object type VIFFoo' });
    expect(convertLine(VIF, { to: '9.0' }).output).toMatch(/InvalidTargetVersionError/);
  });
});

describe('options', () => {
  it('--manifest must be a JSON object of versions', () => {
    expect(parseManifestOption('{"Network":"1.0"}')).toEqual({ Network: '1.0' });
    for (const bad of ['[', '[]', '"x"', '{"Network":1}', '{"Network":"one"}', 'null']) {
      expect(() => parseManifestOption(bad)).toThrow(ConvertUsageError);
    }
  });
  it('--to must be a version', () => {
    expect(() => checkTargetOption('1.0')).not.toThrow();
    expect(() => checkTargetOption('latest')).toThrow(ConvertUsageError);
  });
});

describe('convertLines (JSON Lines, streaming)', () => {
  it('answers line for line, skips blank lines, counts failures', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const lines: string[] = [];
    output.setEncoding('utf8').on('data', (d: string) => lines.push(...d.split('\n').filter(Boolean)));
    const done = convertLines(input, output, { to: undefined });
    input.end(`${VIF}\nnot json\n\n${VIF}\r\n{}\n`);
    expect(await done).toEqual({ lines: 4, failed: 2 });
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0])).toEqual(JSON.parse(VIF));
    expect(JSON.parse(lines[1]).error).toMatch(/^MalformedPrimitiveError: .*invalid JSON/);
    expect(JSON.parse(lines[2])).toEqual(JSON.parse(VIF));
    expect(JSON.parse(lines[3]).error).toMatch(/versioned_object.name: missing required key/);
  });

  it('answers a line before the next one arrives', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    output.setEncoding('utf8');
    const done = convertLines(input, output);
    const first = new Promise<string>((resolve) => output.once('data', (d: string) => resolve(d)));
    input.write(`${VIF}\n`);
    expect(JSON.parse(await first)).toEqual(JSON.parse(VIF));
    input.end();
    expect(await done).toEqual({ lines: 1, failed: 0 });
  });
});

describe('readDocument', () => {
  it('reads the whole stream', async () => {
    const input = new PassThrough();
    const text = readDocument(input);
    input.write(VIF.slice(0, 100));
    input.end(VIF.slice(100));
    expect(await text).toBe(VIF);
  });
});
