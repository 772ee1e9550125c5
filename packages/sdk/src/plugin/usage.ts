// Decorator misuse that would otherwise surface later as a misleading declaration error.
import { DecoratorUsageError } from './errors';

/**
 * Throws when a decorator is called the TC39 way, `(value, context)` with `context.kind`: the plugin was
 * compiled without `experimentalDecorators`, and the handlers would be recorded nowhere ("no @Plug handler").
 */
export function assertLegacyCall(decorator: string, context: unknown): void {
  if (context === null || typeof context !== 'object') return;
  const { kind, name } = context as { kind?: unknown; name?: unknown };
  if (typeof kind !== 'string') return;
  const where = kind === 'class' ? String(name ?? '(anonymous class)') : `(${kind} ${String(name)})`;
  throw new DecoratorUsageError(
    where,
    `${decorator} was applied as a standard (TC39) decorator; the osvif decorators need TypeScript's legacy ones: ` +
      'set "experimentalDecorators": true and "emitDecoratorMetadata": true in the compilerOptions of the tsconfig that builds the plugin',
  );
}

/**
 * @Consumes factories called but not yet applied. Class decorators apply bottom-up right after their factories
 * are called top-down, so one still pending when @VifPlugin applies was written above it. Cleared at the next
 * microtask, so a factory called and never applied cannot blame a later class.
 */
const pendingConsumes = new Set<object>();

export const CONSUMES_ORDER =
  '@Consumes is written above @VifPlugin; @VifPlugin must be the top (outermost) decorator, every @Consumes below it';

/** Registers a @Consumes factory call; the returned function marks it applied. */
export function consumesCalled(): () => void {
  const token = {};
  pendingConsumes.add(token);
  queueMicrotask(() => pendingConsumes.delete(token));
  return () => pendingConsumes.delete(token);
}

/** True when a @Consumes of the class being decorated sits above @VifPlugin; forgets them (they are this class's). */
export function takeConsumesPending(): boolean {
  const pending = pendingConsumes.size > 0;
  pendingConsumes.clear();
  return pending;
}
