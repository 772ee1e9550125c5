/**
 * The broker restarted in the middle of 100 negotiations (a private RabbitMQ started by this file):
 * our service host negotiates in 4 lanes while the broker is stopped and started again. Every
 * negotiation settles within its deadline, either with the VIF or with a typed transport error; none
 * hangs; both sides reconnect by themselves and negotiations succeed again once they are back. Run
 * for a clean stop (SIGTERM) and a crash (SIGKILL), with our network host and with a Python
 * oslo.messaging network host, whose own reconnect (kombu's) we cannot observe: there the run waits
 * (bounded) for the first success after the restart.
 */
import { HostInfoResponder, NegotiationTransportError, VIFOpenVSwitch } from '@osvif/objects';
import { AmqpNegotiationTransport, AmqpTransportError, negotiateVif, OsVifRuntime, startAmqpNegotiationServer } from '@osvif/runtime';
import { ovsPort } from '@osvif/conformance';
import { RecordingOvsPlugin, silentLogger } from './support/plugins';
import { startOsloNetworkHost } from './support/oslo-peers';
import { startPrivateRabbitMq, type PrivateRabbitMq } from '@osvif/testkit';

const BINDING = { port_id: '3e1a7f0c-5b2d-4c6e-9f80-1a2b3c4d5e6f', host: 'compute-1' };
const TOTAL = 100;
const LANES = 4;
const TIMEOUT_MS = 3000;
/** The network host takes this long per answer, so calls are in flight when the broker goes. */
const ANSWER_MS = 150;
const PACE_MS = 50;
/** The broker is stopped half an answer after this negotiation started: it and its lane mates are in flight. */
const STOP_AT = 21;

let broker: PrivateRabbitMq;
let rt: OsVifRuntime;

beforeAll(async () => {
  broker = await startPrivateRabbitMq();
  rt = new OsVifRuntime({ pluginClasses: [RecordingOvsPlugin], logger: silentLogger });
  await rt.initialize();
}, 120_000);

afterAll(async () => {
  await rt?.close();
  await broker?.stop();
}, 60_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Outcome {
  readonly startedAt: number;
  readonly ms: number;
  readonly error?: unknown;
}

/** A network host under test: `back()` resolves once it serves again after the restart, if that can be observed. */
interface Host {
  readonly back?: () => Promise<void>;
  close(): Promise<void>;
}

async function ourHost(topic: string): Promise<Host> {
  const responder = new HostInfoResponder({ bind: async () => [ovsPort()] });
  const server = await startAmqpNegotiationServer(
    { handle: async (req: unknown) => (await sleep(ANSWER_MS), responder.handle(req)) },
    { url: broker.url, topic, server: 'nh-1', reconnect: { initialDelayMs: 100, maxDelayMs: 500 }, logger: silentLogger },
  );
  await server.ready();
  return { back: () => server.ready(60_000), close: () => server.close() };
}

async function pythonHost(topic: string): Promise<Host> {
  const py = await startOsloNetworkHost(broker.url.replace(/^amqp:/, 'rabbit:'), topic, 'current', ANSWER_MS);
  return { close: () => py.stop() };
}

describe.each([
  ['our network host', 'SIGTERM', ourHost],
  ['our network host', 'SIGKILL', ourHost],
  ['a Python oslo.messaging network host', 'SIGTERM', pythonHost],
  ['a Python oslo.messaging network host', 'SIGKILL', pythonHost],
] as const)('%s, broker restart (%s) during 100 negotiations', (name, signal, startHost) => {
  it('every negotiation succeeds or fails typed within its deadline; negotiations succeed again once both sides are back', async () => {
    const topic = `osvif-restart-${startHost.name}-${signal.toLowerCase()}`;
    const host = await startHost(topic);
    const transport = new AmqpNegotiationTransport({
      url: `${broker.url}?topic=${topic}`,
      timeoutMs: TIMEOUT_MS,
      reconnect: { initialDelayMs: 100, maxDelayMs: 500 },
      logger: silentLogger,
    });
    try {
      const outcomes: Outcome[] = [];
      let next = 0;
      let backAt = Infinity;
      let restart: Promise<void> | undefined;
      const lane = async (): Promise<void> => {
        while (next < TOTAL) {
          next++;
          if (next === STOP_AT)
            restart = (async () => {
              await sleep(ANSWER_MS / 2);
              await broker.stopBroker(signal);
              await broker.startBroker();
              if (!host.back) return;
              await host.back();
              while (!transport.connected) await sleep(20);
              backAt = Date.now();
            })();
          const startedAt = Date.now();
          try {
            const out = await negotiateVif(rt, transport, BINDING, { maxAttempts: 1 });
            expect(out.vif).toBeInstanceOf(VIFOpenVSwitch);
            outcomes.push({ startedAt, ms: Date.now() - startedAt });
          } catch (error) {
            outcomes.push({ startedAt, ms: Date.now() - startedAt, error });
          }
          await sleep(PACE_MS);
        }
      };
      await Promise.all(Array.from({ length: LANES }, lane));
      await restart;

      expect(outcomes).toHaveLength(TOTAL);
      const failures = outcomes.filter((o) => o.error !== undefined);
      const codes = new Set(failures.map((f) => (f.error as { code?: string }).code));
      const after = outcomes.filter((o) => o.startedAt >= backAt);
      process.stdout.write(
        `${name} ${signal}: ${TOTAL - failures.length} ok, ${failures.length} failed (${[...codes].join(', ')}), ${after.length} started after both reconnected\n`,
      );
      // The restart really hit the run: calls in flight and calls made while the broker was away failed...
      expect(failures.length).toBeGreaterThan(0);
      // ...each with a typed transport error, never anything else...
      for (const f of failures) {
        expect(f.error).toBeInstanceOf(NegotiationTransportError);
        expect(f.error).toBeInstanceOf(AmqpTransportError);
      }
      expect([...codes].every((c) => ['AMQP_CONNECTION', 'AMQP_TIMEOUT', 'AMQP_NO_ROUTE'].includes(c!))).toBe(true);
      // ...and, on a crash, at least one was in flight when the connection went (failed at once, not by its
      // timeout). A clean stop may take longer than a call's deadline to close the connections: then the
      // calls in flight end by their timeout instead, still typed and still bounded.
      if (signal === 'SIGKILL') expect(codes.has('AMQP_CONNECTION')).toBe(true);
      // Nothing waited past its deadline.
      for (const o of outcomes) expect(o.ms).toBeLessThanOrEqual(TIMEOUT_MS + 1000);
      // Negotiations started once both sides were back all succeeded.
      for (const o of after) expect(o.error).toBeUndefined();
      // Where the network host's reconnect cannot be observed, wait (bounded) for the first success.
      const deadline = Date.now() + 90_000;
      for (;;) {
        try {
          await negotiateVif(rt, transport, BINDING);
          break;
        } catch (e) {
          expect(e).toBeInstanceOf(AmqpTransportError);
          if (Date.now() > deadline) throw e;
          await sleep(500);
        }
      }
      // Then every negotiation succeeds.
      for (let i = 0; i < 10; i++) expect((await negotiateVif(rt, transport, BINDING)).plugin).toBe('ovs');
    } finally {
      await transport.close();
      await host.close();
    }
  }, 240_000);
});
