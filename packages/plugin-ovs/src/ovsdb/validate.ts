import { OvsdbInvalidArgumentError } from '@osvif/ovsdb';
import { PortSpec, StringMap, VlanMode } from './types';

const VLAN_MODES: readonly VlanMode[] = ['trunk', 'access', 'native-tagged', 'native-untagged', 'dot1q-tunnel'];
// Control characters never belong in a name; a leading '-' or '@' would be read
// by ovs-vsctl as an option or a symbolic row id, so both drivers refuse them.
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const BAD_NAME = /[\x00-\x1f\x7f]/;
// A lone UTF-16 surrogate has no UTF-8 form: ovsdb-server drops the whole
// connection on its \uD800 escape (failing every call in flight), and
// execFile would turn it into U+FFFD (a different name). Paired ones are fine.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
// One cheap test for the common case: no NUL and no surrogate half at all (a paired surrogate matches too,
// and is then looked at by the precise tests). Every port write checks a dozen strings.
const MAYBE_BAD_STRING = /[\0\uD800-\uDFFF]/;

export function checkName(argument: string, value: unknown): string {
  if (typeof value !== 'string') throw new OvsdbInvalidArgumentError(argument, value, 'must be a string');
  if (value.length === 0 || value.length > 255) throw new OvsdbInvalidArgumentError(argument, value, 'must be 1 to 255 characters');
  if (BAD_NAME.test(value)) throw new OvsdbInvalidArgumentError(argument, value, 'contains control characters');
  if (LONE_SURROGATE.test(value)) throw new OvsdbInvalidArgumentError(argument, value, 'is not valid Unicode (lone surrogate)');
  if (value.startsWith('-') || value.startsWith('@'))
    throw new OvsdbInvalidArgumentError(argument, value, "must not start with '-' or '@'");
  return value;
}

export function checkString(argument: string, value: unknown): string {
  if (typeof value !== 'string') throw new OvsdbInvalidArgumentError(argument, value, 'must be a string');
  if (!MAYBE_BAD_STRING.test(value)) return value;
  if (value.includes('\0')) throw new OvsdbInvalidArgumentError(argument, value, 'contains NUL');
  if (LONE_SURROGATE.test(value)) throw new OvsdbInvalidArgumentError(argument, value, 'is not valid Unicode (lone surrogate)');
  return value;
}

/** Returns the entries to write (null/undefined values dropped). */
export function checkMap(argument: string, value: unknown): [string, string][] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value))
    throw new OvsdbInvalidArgumentError(argument, value, 'must be an object of strings');
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(value as StringMap)) {
    if (v === null || v === undefined) continue;
    // The argument names are built only when a check fails (not for every entry of every write).
    if (k.length === 0 || MAYBE_BAD_STRING.test(k)) {
      checkString(`${argument} key`, k);
      if (k.length === 0) throw new OvsdbInvalidArgumentError(`${argument} key`, k, 'must not be empty');
    }
    out.push([k, typeof v === 'string' && !MAYBE_BAD_STRING.test(v) ? v : checkString(`${argument}.${k}`, v)]);
  }
  return out;
}

function checkInt(argument: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new OvsdbInvalidArgumentError(argument, value, `must be an integer in ${min}..${max}`);
  }
  return value;
}

export const checkTag = (v: unknown): number => checkInt('tag', v, 0, 4095);
export const checkMtu = (v: unknown): number => checkInt('mtuRequest', v, 1, 2 ** 31 - 1);

/** Validates a whole PortSpec before anything is sent. */
export function checkPortSpec(spec: PortSpec): void {
  if (typeof spec !== 'object' || spec === null) throw new OvsdbInvalidArgumentError('port spec', spec, 'must be an object');
  checkName('bridge', spec.bridge);
  checkName('port name', spec.name);
  if (spec.interfaceType !== undefined) checkString('interfaceType', spec.interfaceType);
  checkMap('options', spec.options);
  checkMap('externalIds', spec.externalIds);
  checkMap('portExternalIds', spec.portExternalIds);
  if (spec.mtuRequest !== undefined) checkMtu(spec.mtuRequest);
  if (spec.tag !== undefined) checkTag(spec.tag);
  if (spec.vlanMode !== undefined && !VLAN_MODES.includes(spec.vlanMode)) {
    throw new OvsdbInvalidArgumentError('vlanMode', spec.vlanMode, `must be one of ${VLAN_MODES.join(', ')}`);
  }
  if (spec.trunks !== undefined) {
    if (!Array.isArray(spec.trunks)) throw new OvsdbInvalidArgumentError('trunks', spec.trunks, 'must be an array of VLAN ids');
    spec.trunks.forEach((t) => checkInt('trunks', t, 0, 4095));
  }
  if (spec.qos !== undefined) {
    if (typeof spec.qos !== 'object' || spec.qos === null)
      throw new OvsdbInvalidArgumentError('qos', spec.qos, 'must be {type, externalIds}');
    checkString('qos.type', spec.qos.type);
    checkMap('qos.externalIds', spec.qos.externalIds);
  }
  if (spec.bridgeDatapathType !== undefined) checkString('bridgeDatapathType', spec.bridgeDatapathType);
}

/** Whether two datapath_type values name the same datapath (OVS reads an empty one as system). */
export function sameDatapath(actual: string, wanted: string): boolean {
  return (actual || 'system') === (wanted || 'system');
}
