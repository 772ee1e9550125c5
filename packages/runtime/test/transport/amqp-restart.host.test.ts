/**
 * The broker restarted in the middle of 100 negotiations (a private RabbitMQ started by this file):
 * our service host negotiates with our AMQP network host in 4 lanes while the broker is stopped and
 * started again. Every negotiation settles within its deadline, either with the VIF or with a typed
 * transport error; none hangs; both sides reconnect by themselves and every negotiation started once
 * they are back succeeds. Run for a clean stop (SIGTERM) and for a crash (SIGKILL).
 */
import { HostInfoResponder, NegotiationTransportError, VIFOpenVSwitch } from '@osvif/objects';
import { AmqpNegotiationTransport, AmqpTransportError, negotiateVif, OsVifRuntime, startAmqpNegotiationServer } from '@osvif/runtime';
import { ovsPort } from '@osvif/conformance';
import { RecordingOvsPlugin, silentLogger } from './support/plugins';
import { startPrivateRabbitMq, type PrivateRabbitMq } from './support/private-rabbitmq';

const BINDING = { port_id: '3e1a7f0c-5b2d-4c6e-9f80-1a2b3c4d5e6f', host: 'compute-1' };
const TOTAL = 100;
const LANES = 4;
const TIMEOUT_MS = 3000;
/** The network host takes this long per answer, so calls are in flight when the broker goes. */
const ANSWER_MS = 150;
const PACE_MS = 50;
/** Broker stop starts once this many negotiations have settled. */
const STOP_AFTER = 20;

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

describe.each(['SIGTERM', 'SIGKILL'] as const)('broker restart (%s) during 100 negotiations', (signal) => {
  it('every negotiation succeeds or fails typed within its deadline; all succeed once both sides are back', async () => {
    const topic = `osvif-restart-${signal.toLowerCase()}`;
    const responder = new HostInfoResponder({ bind: async () => [ovsPort()] });
    const server = await startAmqpNegotiationServer(
      { handle: async (req: unknown) => (await sleep(ANSWER_MS), responder.handle(req)) },
      { url: broker.url, topic, server: 'nh-1', reconnect: { initialDelayMs: 100, maxDelayMs: 500 }, logger: silentLogger },
    );
    const transport = new AmqpNegotiationTransport({
      url: `${broker.url}?topic=${topic}`,
      timeoutMs: TIMEOUT_MS,
      reconnect: { initialDelayMs: 100, maxDelayMs: 500 },
      logger: silentLogger,
    });
    try {
      await server.ready();
      const outcomes: Outcome[] = [];
      let next = 0;
      let backAt = Infinity;
      let restart: Promise<void> | undefined;
      const lane = async (): Promise<void> => {
        while (next < TOTAL) {
          next++;
          const startedAt = Date.now();
          try {
            const out = await negotiateVif(rt, transport, BINDING, { maxAttempts: 1 });
            expect(out.vif).toBeInstanceOf(VIFOpenVSwitch);
            outcomes.push({ startedAt, ms: Date.now() - startedAt });
          } catch (error) {
            outcomes.push({ startedAt, ms: Date.now() - startedAt, error });
          }
          if (outcomes.length === STOP_AFTER)
            restart = (async () => {
              await broker.stopBroker(signal);
              await broker.startBroker();
              await server.ready(60_000);
              while (!transport.connected) await sleep(20);
              backAt = Date.now();
            })();
          await sleep(PACE_MS);
        }
      };
      await Promise.all(Array.from({ length: LANES }, lane));
      await restart;

      expect(outcomes).toHaveLength(TOTAL);
      const failures = outcomes.filter((o) => o.error !== undefined);
      // The restart really hit the run: calls in flight and calls made while the broker was away failed...
      expect(failures.length).toBeGreaterThan(0);
      const codes = new Set<string>();
      for (const f of failures) {
        // ...each with a typed transport error, never anything else...
        expect(f.error).toBeInstanceOf(NegotiationTransportError);
        expect(f.error).toBeInstanceOf(AmqpTransportError);
        codes.add((f.error as AmqpTransportError).code);
      }
      expect([...codes].every((c) => ['AMQP_CONNECTION', 'AMQP_TIMEOUT', 'AMQP_NO_ROUTE'].includes(c))).toBe(true);
      // ...and at least one was in flight when the connection went (failed at once, not by its timeout).
      expect(codes.has('AMQP_CONNECTION')).toBe(true);
      // Nothing waited past its deadline.
      for (const o of outcomes) expect(o.ms).toBeLessThanOrEqual(TIMEOUT_MS + 1000);
      // Negotiations started once both sides were back all succeeded (and there were some).
      const after = outcomes.filter((o) => o.startedAt >= backAt);
      if (backAt !== Infinity) for (const o of after) expect(o.error).toBeUndefined();
      // The run may have ended before both sides were back: then every call after that must succeed.
      for (let i = 0; i < 10; i++) expect((await negotiateVif(rt, transport, BINDING)).plugin).toBe('ovs');
      process.stdout.write(
        `${signal}: ${TOTAL - failures.length} ok, ${failures.length} failed (${[...codes].join(', ')}), ${after.length} started after both reconnected\n`,
      );
    } finally {
      await transport.close();
      await server.close();
    }
  }, 180_000);
});
