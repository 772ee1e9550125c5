// Each declaration rule of the plugin decorators, and the HostPluginInfo they derive.
import {
  Consumes,
  DecoratorUsageError,
  DuplicateDeclarationError,
  findHandler,
  getPluginDefinition,
  describePlugin,
  InvalidConfigOptionError,
  InvalidPluginNameError,
  InvalidVersionRangeError,
  MissingHandlerError,
  NoVifDeclaredError,
  Plug,
  Unplug,
  UnknownObjectClassError,
  UnusedHandlerError,
  VersionRangeMatchesNothingError,
  VifPlugin,
  defineOptions,
} from '@osvif/sdk';
import {
  Network,
  VIFBase,
  VIFBridge,
  VIFOpenVSwitch,
  VIFVHostUser,
  VIFHostDevice,
  VIFPortProfileOpenVSwitch,
  VIFPortProfileOVSRepresentor,
} from '@osvif/objects';

describe('@VifPlugin declarations', () => {
  it('derives HostPluginInfo from the registry: min/max are the registered versions inside each range', () => {
    @VifPlugin({ name: 'ovs_like' })
    @Consumes(VIFBridge, '^1.0', { profiles: [[VIFPortProfileOpenVSwitch, '1.0 - 1.4']] })
    @Consumes(VIFOpenVSwitch, '1.0', { profiles: [[VIFPortProfileOpenVSwitch, '>=1.1 <1.3']] })
    @Consumes(VIFVHostUser, '1.0 - 1.1', {
      profiles: [
        [VIFPortProfileOpenVSwitch, '^1.0'],
        [VIFPortProfileOVSRepresentor, '1.2 - 1.4'],
      ],
    })
    class P {
      @Plug(VIFBase) plug(): void {}
      @Unplug(VIFBase) unplug(): void {}
    }
    const info = describePlugin(getPluginDefinition(P)!).toPrimitive() as { 'versioned_object.data': unknown };
    const data = info['versioned_object.data'] as {
      plugin_name: string;
      vif_info: Array<{ 'versioned_object.data': Record<string, unknown> }>;
    };
    expect(data.plugin_name).toBe('ovs_like');
    const vifs = data.vif_info.map((v) => v['versioned_object.data']);
    // Source order is kept (class decorators run bottom-up internally).
    expect(vifs.map((v) => v.vif_object_name)).toEqual(['VIFBridge', 'VIFOpenVSwitch', 'VIFVHostUser']);
    expect(VIFBridge.versions[VIFBridge.versions.length - 1]).toBe(vifs[0].max_version);
    expect(vifs[0].min_version).toBe('1.0');
    expect(vifs[1]).toMatchObject({ min_version: '1.0', max_version: '1.0' });
    expect(vifs[2]).toMatchObject({ min_version: '1.0', max_version: '1.1' });
    const profiles = (v: Record<string, unknown>) =>
      (v.supported_port_profiles as Array<{ 'versioned_object.data': Record<string, unknown> }>).map((p) => p['versioned_object.data']);
    expect(profiles(vifs[0])).toEqual([{ profile_object_name: 'VIFPortProfileOpenVSwitch', min_version: '1.0', max_version: '1.4' }]);
    expect(profiles(vifs[1])).toEqual([{ profile_object_name: 'VIFPortProfileOpenVSwitch', min_version: '1.1', max_version: '1.2' }]);
    expect(profiles(vifs[2])[1]).toEqual({ profile_object_name: 'VIFPortProfileOVSRepresentor', min_version: '1.2', max_version: '1.4' });
  });

  it('always sets supported_port_profiles, [] when none are declared', () => {
    @VifPlugin({ name: 'bare' })
    @Consumes(VIFBridge, '1.0 - 1.1')
    class P {
      @Plug(VIFBridge) p(): void {}
      @Unplug(VIFBridge) u(): void {}
    }
    const vif = describePlugin(getPluginDefinition(P)!).vif_info[0];
    expect(vif.isSet('supported_port_profiles')).toBe(true);
    expect(vif.supported_port_profiles).toEqual([]);
  });

  it('rejects a range that matches no registered version, naming plugin, class and range', () => {
    let err: unknown;
    try {
      @VifPlugin({ name: 'futurist' })
      @Consumes(VIFOpenVSwitch, '2.0 - 2.3')
      class P {
        @Plug(VIFOpenVSwitch) p(): void {}
        @Unplug(VIFOpenVSwitch) u(): void {}
      }
      void P;
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VersionRangeMatchesNothingError);
    expect(err).toMatchObject({ plugin: 'futurist', objName: 'VIFOpenVSwitch', range: '2.0 - 2.3' });
    expect((err as Error).message).toContain('futurist');
  });

  it('rejects a profile range that matches nothing too', () => {
    expect(() => {
      @VifPlugin({ name: 'p' })
      @Consumes(VIFOpenVSwitch, '^1.0', { profiles: [[VIFPortProfileOpenVSwitch, '1.5 - 1.9']] })
      class P {
        @Plug(VIFOpenVSwitch) p(): void {}
        @Unplug(VIFOpenVSwitch) u(): void {}
      }
      void P;
    }).toThrow(expect.objectContaining({ name: 'VersionRangeMatchesNothingError', objName: 'VIFPortProfileOpenVSwitch' }));
  });

  it('rejects invalid range syntax', () => {
    expect(() => {
      @VifPlugin({ name: 'p' })
      @Consumes(VIFOpenVSwitch, 'one point oh')
      class P {
        @Plug(VIFOpenVSwitch) p(): void {}
        @Unplug(VIFOpenVSwitch) u(): void {}
      }
      void P;
    }).toThrow(InvalidVersionRangeError);
  });

  it('rejects unknown classes and classes of the wrong kind', () => {
    class NotAnObject {
      static objName = 'NotAnObject';
      static versions = ['1.0'];
    }
    expect(() => {
      @VifPlugin({ name: 'p' })
      @Consumes(NotAnObject, '1.0')
      class P {}
      void P;
    }).toThrow(expect.objectContaining({ name: 'UnknownObjectClassError', plugin: 'p', objName: 'NotAnObject', expectedKind: 'VIF' }));
    // A Network is registered, but it is not a VIF.
    expect(() => {
      @VifPlugin({ name: 'p' })
      @Consumes(Network, '1.0')
      class P {}
      void P;
    }).toThrow(UnknownObjectClassError);
    // A VIF class used as a port profile.
    expect(() => {
      @VifPlugin({ name: 'p' })
      @Consumes(VIFOpenVSwitch, '1.0', { profiles: [[VIFBridge, '1.0']] })
      class P {
        @Plug(VIFOpenVSwitch) p(): void {}
        @Unplug(VIFOpenVSwitch) u(): void {}
      }
      void P;
    }).toThrow(expect.objectContaining({ name: 'UnknownObjectClassError', objName: 'VIFBridge', expectedKind: 'port profile' }));
  });

  it('rejects duplicate VIF classes, duplicate profiles and duplicate handlers', () => {
    expect(() => {
      @VifPlugin({ name: 'dup' })
      @Consumes(VIFBridge, '1.0')
      @Consumes(VIFBridge, '1.1')
      class P {
        @Plug(VIFBridge) p(): void {}
        @Unplug(VIFBridge) u(): void {}
      }
      void P;
    }).toThrow(expect.objectContaining({ name: 'DuplicateDeclarationError', plugin: 'dup', objName: 'VIFBridge' }));
    expect(() => {
      @VifPlugin({ name: 'dup' })
      @Consumes(VIFOpenVSwitch, '1.0', {
        profiles: [
          [VIFPortProfileOpenVSwitch, '1.0'],
          [VIFPortProfileOpenVSwitch, '1.1'],
        ],
      })
      class P {
        @Plug(VIFOpenVSwitch) p(): void {}
        @Unplug(VIFOpenVSwitch) u(): void {}
      }
      void P;
    }).toThrow(DuplicateDeclarationError);
    expect(() => {
      @VifPlugin({ name: 'dup' })
      @Consumes(VIFBridge, '1.0')
      class P {
        @Plug(VIFBridge) p(): void {}
        @Plug(VIFBridge) p2(): void {}
        @Unplug(VIFBridge) u(): void {}
      }
      void P;
    }).toThrow(expect.objectContaining({ name: 'DuplicateDeclarationError', what: '@Plug handler for' }));
  });

  it('requires a plug and an unplug handler for every consumed class', () => {
    expect(() => {
      @VifPlugin({ name: 'half' })
      @Consumes(VIFBridge, '1.0')
      class P {
        @Plug(VIFBridge) p(): void {}
      }
      void P;
    }).toThrow(expect.objectContaining({ name: 'MissingHandlerError', objName: 'VIFBridge', operation: 'unplug' }));
    expect(MissingHandlerError).toBeDefined();
  });

  it('rejects handlers for classes the plugin does not consume', () => {
    expect(() => {
      @VifPlugin({ name: 'extra' })
      @Consumes(VIFBridge, '1.0')
      class P {
        @Plug(VIFBridge) p(): void {}
        @Unplug(VIFBridge) u(): void {}
        @Plug(VIFHostDevice) q(): void {}
      }
      void P;
    }).toThrow(UnusedHandlerError);
  });

  it('rejects bad names, empty plugins, misplaced decorators and bad options', () => {
    expect(() => {
      @VifPlugin({ name: 'Bad Name' })
      @Consumes(VIFBridge, '1.0')
      class P {}
      void P;
    }).toThrow(InvalidPluginNameError);
    expect(() => {
      @VifPlugin({ name: 'empty' })
      class P {}
      void P;
    }).toThrow(NoVifDeclaredError);
    expect(() => {
      @Consumes(VIFBridge, '1.0')
      @VifPlugin({ name: 'upside_down' })
      class P {}
      void P;
    }).toThrow(DecoratorUsageError); // @VifPlugin applies first: it sees the @Consumes above it pending
    expect(() => {
      @VifPlugin({ name: 'empty_again' })
      class P {}
      void P;
    }).toThrow(NoVifDeclaredError); // the upside-down plugin's @Consumes does not blame this one
    expect(() => {
      @VifPlugin({ name: 'opts', options: defineOptions({ mtu: { type: 'int', default: 'big' as unknown as number, help: 'x' } }) })
      @Consumes(VIFBridge, '1.0')
      class P {
        @Plug(VIFBridge) p(): void {}
        @Unplug(VIFBridge) u(): void {}
      }
      void P;
    }).toThrow(expect.objectContaining({ name: 'InvalidConfigOptionError', option: 'mtu' }));
    expect(() => {
      @VifPlugin({ name: 'opts', options: { mode: { type: 'str', default: 'c', choices: ['a', 'b'], help: 'x' } } })
      @Consumes(VIFBridge, '1.0')
      class P {
        @Plug(VIFBridge) p(): void {}
        @Unplug(VIFBridge) u(): void {}
      }
      void P;
    }).toThrow(InvalidConfigOptionError);
  });

  it('detects @Consumes placed above @VifPlugin on an otherwise valid plugin', () => {
    let err: unknown;
    try {
      @Consumes(VIFOpenVSwitch, '1.0')
      @VifPlugin({ name: 'order' })
      @Consumes(VIFBridge, '1.0')
      class P {
        @Plug(VIFBase) p(): void {}
        @Unplug(VIFBase) u(): void {}
      }
      void P;
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DecoratorUsageError);
  });

  it('dispatches to the most specific declared class', () => {
    @VifPlugin({ name: 'dispatch' })
    @Consumes(VIFBridge, '^1.0')
    @Consumes(VIFOpenVSwitch, '^1.0')
    class P {
      @Plug(VIFOpenVSwitch) plugOvs(): void {}
      @Plug(VIFBase) plugAny(): void {}
      @Unplug(VIFBase) unplugAny(): void {}
    }
    const def = getPluginDefinition(P)!;
    expect(findHandler(def, 'plug', new VIFOpenVSwitch({}))).toBe('plugOvs');
    expect(findHandler(def, 'plug', new VIFBridge({}))).toBe('plugAny');
    expect(findHandler(def, 'unplug', new VIFOpenVSwitch({}))).toBe('unplugAny');
  });
});
