// Load-time messages that name the fix: a subclass of a registered VIF class, decorators compiled as TC39
// standard decorators (no experimentalDecorators), and @Consumes written above @VifPlugin.
import * as ts from 'typescript';
import {
  Check,
  Collect,
  Consumes,
  DecoratorUsageError,
  ListOwned,
  NoVifDeclaredError,
  Plug,
  Status,
  UnknownObjectClassError,
  UnregisteredSubclassError,
  Unplug,
  VifPlugin,
} from '@osvif/sdk';
import { VIFBridge, VIFGeneric } from '@osvif/objects';

function thrown(f: () => void): Error & { code?: string } {
  try {
    f();
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('did not throw');
}

describe('a subclass of a registered VIF class', () => {
  class MyGeneric extends VIFGeneric {}

  it('in @Consumes is named as a subclass, with the registered class to use instead', () => {
    const err = thrown(() => {
      @VifPlugin({ name: 'sub' })
      @Consumes(MyGeneric, '^1.0')
      class P {
        @Plug(VIFGeneric) p(): void {}
        @Unplug(VIFGeneric) u(): void {}
      }
      void P;
    });
    expect(err).toBeInstanceOf(UnregisteredSubclassError);
    expect(err).toBeInstanceOf(UnknownObjectClassError);
    expect(err).toMatchObject({ code: 'UNREGISTERED_SUBCLASS', objName: 'MyGeneric', registeredName: 'VIFGeneric' });
    expect(err.message).toBe(
      'plugin sub: MyGeneric is a subclass of the VIF class VIFGeneric, not a registered class itself; objects arrive as VIFGeneric, ' +
        'never as a subclass of it: name VIFGeneric itself (e.g. @Consumes(VIFGeneric, ...))',
    );
  });

  it('in a handler is reported the same way', () => {
    const err = thrown(() => {
      @VifPlugin({ name: 'sub' })
      @Consumes(VIFGeneric, '^1.0')
      class P {
        @Plug(MyGeneric) p(): void {}
        @Unplug(VIFGeneric) u(): void {}
      }
      void P;
    });
    expect(err).toBeInstanceOf(UnregisteredSubclassError);
  });
});

describe('decorators compiled without experimentalDecorators (TC39 standard decorators)', () => {
  const fix = /"experimentalDecorators": true and "emitDecoratorMetadata": true/;

  it('a plugin compiled that way fails to load with DecoratorUsageError naming the tsconfig fix', () => {
    const source = `
      import { Consumes, Plug, Unplug, VifPlugin } from '@osvif/sdk';
      import { VIFBridge } from '@osvif/objects';
      @VifPlugin({ name: 'tc39' })
      @Consumes(VIFBridge, '^1.0')
      export class P {
        @Plug(VIFBridge) async plug(): Promise<void> {}
        @Unplug(VIFBridge) async unplug(): Promise<void> {}
      }`;
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, experimentalDecorators: false },
    }).outputText;
    expect(js).toContain('__esDecorate'); // really the standard decorators
    const err = thrown(() => new Function('require', 'exports', js)(require, {}));
    expect(err).toBeInstanceOf(DecoratorUsageError);
    expect(err.message).toMatch(/@Plug was applied as a standard \(TC39\) decorator/);
    expect(err.message).toMatch(fix);
  });

  it('every decorator detects the (value, context) call', () => {
    const method = { kind: 'method', name: 'm', static: false, private: false };
    const cls = { kind: 'class', name: 'P' };
    const calls: Array<[string, () => unknown]> = [
      ['@VifPlugin', () => (VifPlugin({ name: 'x' }) as (...a: unknown[]) => unknown)(class {}, cls)],
      ['@Consumes', () => (Consumes(VIFBridge, '^1.0') as (...a: unknown[]) => unknown)(class {}, cls)],
      ['@Plug', () => (Plug(VIFBridge) as (...a: unknown[]) => unknown)(() => {}, method)],
      ['@Unplug', () => (Unplug(VIFBridge) as (...a: unknown[]) => unknown)(() => {}, method)],
      ['@ListOwned', () => (ListOwned() as (...a: unknown[]) => unknown)(() => {}, method)],
      ['@Check', () => (Check(VIFBridge) as (...a: unknown[]) => unknown)(() => {}, method)],
      ['@Collect', () => (Collect() as (...a: unknown[]) => unknown)(() => {}, method)],
      ['@Status', () => (Status() as (...a: unknown[]) => unknown)(() => {}, method)],
    ];
    for (const [name, call] of calls) {
      const err = thrown(call);
      expect(err).toBeInstanceOf(DecoratorUsageError);
      expect(err.message).toContain(`${name} was applied as a standard (TC39) decorator`);
      expect(err.message).toMatch(fix);
    }
  });
});

describe('@Consumes above @VifPlugin', () => {
  it('is a DecoratorUsageError explaining the order, not "declares no VIF class"', () => {
    const err = thrown(() => {
      @Consumes(VIFBridge, '^1.0')
      @VifPlugin({ name: 'upside_down' })
      class P {
        @Plug(VIFBridge) p(): void {}
        @Unplug(VIFBridge) u(): void {}
      }
      void P;
    });
    expect(err).toBeInstanceOf(DecoratorUsageError);
    expect(err.message).toBe(
      'plugin upside_down: @Consumes is written above @VifPlugin; @VifPlugin must be the top (outermost) decorator, every @Consumes below it',
    );
  });

  it('a @Consumes factory never applied does not blame a later plugin', async () => {
    Consumes(VIFBridge, '^1.0');
    await Promise.resolve();
    const err = thrown(() => {
      @VifPlugin({ name: 'none' })
      class P {}
      void P;
    });
    expect(err).toBeInstanceOf(NoVifDeclaredError);
  });
});
