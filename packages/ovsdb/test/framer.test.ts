import { FramingError, JsonStreamFramer } from '../src/jsonrpc/framer';

const feed = (f: JsonStreamFramer, ...parts: (string | Buffer)[]): string[] =>
  parts.flatMap((p) => f.push(Buffer.isBuffer(p) ? p : Buffer.from(p)));

describe('JsonStreamFramer', () => {
  it('splits concatenated messages and joins split ones, byte by byte', () => {
    const msgs = [
      { id: 1, result: ['a}', '{b', '"q"', '\\'] },
      { method: 'update', params: [null, { x: { '}': '[' } }], id: null },
      [1, [2, [3]]],
    ];
    const text = msgs.map((m) => JSON.stringify(m)).join(' \n');
    const whole = feed(new JsonStreamFramer(), text);
    expect(whole.map((t) => JSON.parse(t))).toEqual(msgs);
    const f = new JsonStreamFramer();
    const out: string[] = [];
    for (const b of Buffer.from(text)) out.push(...f.push(Buffer.from([b])));
    expect(out.map((t) => JSON.parse(t))).toEqual(msgs);
    expect(f.pending).toBe(0);
  });

  it('keeps a multi-byte UTF-8 character split across chunks intact', () => {
    const buf = Buffer.from(JSON.stringify({ name: 'pört-€-😀' }));
    const f = new JsonStreamFramer();
    const out = [...f.push(buf.subarray(0, 9)), ...f.push(buf.subarray(9, 10)), ...f.push(buf.subarray(10))];
    expect(JSON.parse(out[0])).toEqual({ name: 'pört-€-😀' });
  });

  it('rejects garbage between messages, oversize messages and absurd nesting', () => {
    expect(() => feed(new JsonStreamFramer(), '{"a":1} x')).toThrow(FramingError);
    expect(() => feed(new JsonStreamFramer(), '"bare string"')).toThrow(/unexpected byte/);
    expect(() => feed(new JsonStreamFramer(), '}')).toThrow(/unexpected byte/);
    expect(() => feed(new JsonStreamFramer(1024), `{"a":"${'x'.repeat(2000)}"}`)).toThrow(/larger than 1024/);
    const f = new JsonStreamFramer(1024);
    expect(() => {
      for (let i = 0; i < 100; i++) f.push(Buffer.from(`{"a":"${'x'.repeat(50)}`));
    }).toThrow(/larger than 1024/);
    expect(() => feed(new JsonStreamFramer(), '['.repeat(100000))).toThrow(/nesting deeper/);
    expect(() => feed(new JsonStreamFramer(), '{"a":[1}')).toThrow(/mismatched/);
  });
});
