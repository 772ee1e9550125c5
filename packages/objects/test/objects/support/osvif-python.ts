// Runs the real os-vif 3.0.0 (/usr/bin/python3) on a batch of requests in one
// process, so parity tests compare against os-vif itself, not a recording.
import { spawn } from 'node:child_process';

const SCRIPT = String.raw`
import json, sys, warnings
warnings.simplefilter('ignore')
from os_vif import objects
objects.register_all()
from os_vif.objects import base as osv_base
from oslo_versionedobjects import base as ovo_base
from os_vif.objects.vif import *
from os_vif.objects.network import *
from os_vif.objects.subnet import *
from os_vif.objects.fixed_ip import *
from os_vif.objects.route import *
from os_vif.objects.host_info import *
from os_vif.objects.instance_info import *
out = []
for req in json.load(sys.stdin):
    try:
        if req['op'] == 'read':
            obj = osv_base.VersionedObject.obj_from_primitive(req['primitive'])
            out.append({'name': obj.obj_name(), 'version': obj.VERSION, 'primitive': obj.obj_to_primitive(), 'set': sorted(f for f in obj.fields if obj.obj_attr_is_set(f))})
        elif req['op'] == 'eval':
            obj = eval(req['expr'])
            out.append({'primitive': obj.obj_to_primitive(*req.get('args', []))})
    except Exception as e:
        out.append({'error': type(e).__name__, 'message': str(e)})
json.dump(out, sys.stdout)
`;

export type PyRequest = { op: 'read'; primitive: unknown } | { op: 'eval'; expr: string; args?: unknown[] };
export interface PyResult {
  name?: string;
  version?: string;
  primitive?: unknown;
  set?: string[];
  error?: string;
  message?: string;
}

export function osvif(requests: PyRequest[]): Promise<PyResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', ['-c', SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`python exited ${code}: ${err}`));
      else resolve(JSON.parse(out) as PyResult[]);
    });
    child.stdin.end(JSON.stringify(requests));
  });
}

/** JSON text with every `changes` list sorted (os-vif's order is hash-randomised). */
export function stable(p: unknown): string {
  return JSON.stringify(p, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && 'versioned_object.changes' in v) {
      const o = { ...(v as Record<string, unknown>) };
      o['versioned_object.changes'] = [...(o['versioned_object.changes'] as string[])].sort();
      return o;
    }
    return v;
  });
}
