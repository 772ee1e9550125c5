#!/usr/bin/python3
"""A long-running JSON Lines bridge to the real os-vif (Debian python3-os-vif 3.0.0).

Protocol (one JSON object per line, UTF-8):

  startup   bridge -> {"ready": true, "os_vif": "3.0.0", "python": "3.11.2", "ops": [...]}
            or       {"ready": false, "error": {"type": ..., "message": ...}} and exit 3
  request   client -> {"id": <any JSON>, "op": "<name>", "params": {...}}
  response  bridge -> {"id": <same>, "result": <any JSON>}
            or        {"id": <same>, "error": {"type": "<exception class>", "message": "...",
                                               "module": "<exception module>"}}
            plus "warnings": ["<Category>: text", ...] when Python warned while serving it.

Requests are served in arrival order; ids let the client keep many in flight. Malformed lines get
an error response with id null (or the id, if it could be read) and never end the bridge.
End of stdin ends the bridge.

Adding ops: write a module with functions decorated by `@op("name")` (import `op` from this
module: `from osvif_bridge import op`) and start the bridge with `--load /path/to/module.py`
(repeatable). See docs/interop.md.
"""

import importlib.util
import json
import os
import random
import sys
import traceback
import uuid
import warnings

# Anything printed by a library must not corrupt the protocol stream: keep the real stdout for
# responses and point sys.stdout at stderr for everybody else.
_OUT = sys.stdout
sys.stdout = sys.stderr

OPS = {}


def op(name):
    """Register an operation: fn(params: dict) -> JSON-serialisable result."""

    def register(fn):
        OPS[name] = fn
        return fn

    return register


class BridgeError(Exception):
    """A request the bridge itself refuses (bad params, unknown op)."""


def _param(params, name, kind=None, default=KeyError):
    if name not in params:
        if default is KeyError:
            raise BridgeError("missing parameter %r" % name)
        return default
    value = params[name]
    if kind is not None and not isinstance(value, kind):
        raise BridgeError("parameter %r must be %s, got %s"
                          % (name, getattr(kind, '__name__', kind), type(value).__name__))
    return value


# --------------------------------------------------------------------------------------------
# os-vif loading (deferred so that a missing os_vif becomes a clean "ready": false line)

os_vif = None
ovo_base = None
ovo_fields = None
ovo_fixture = None


def _load_os_vif():
    global os_vif, ovo_base, ovo_fields, ovo_fixture
    import os_vif as _os_vif
    import os_vif.objects
    from oslo_versionedobjects import base as _base
    from oslo_versionedobjects import fields as _fields
    from oslo_versionedobjects import fixture as _fixture
    os_vif = _os_vif
    ovo_base, ovo_fields, ovo_fixture = _base, _fields, _fixture
    os_vif.objects.register_all()


def _registry():
    """{name: [classes]} of the os_vif namespace only (other projects may share OVO's registry)."""
    return {name: classes
            for name, classes in ovo_base.VersionedObjectRegistry.obj_classes().items()
            if classes and getattr(classes[0], 'OBJ_PROJECT_NAMESPACE', None) == 'os_vif'}


def _cls(name):
    classes = _registry().get(name)
    if not classes:
        raise BridgeError("no os_vif class named %r" % (name,))
    return classes[0]


def _hydrate(primitive):
    if not isinstance(primitive, dict):
        raise BridgeError("primitive must be an object, got %s" % type(primitive).__name__)
    return os_vif.objects.base.VersionedObject.obj_from_primitive(primitive)


# --------------------------------------------------------------------------------------------
# Introspection


def _describe_field_type(ftype):
    """JSON description of an OVO FieldType."""
    out = {'type': type(ftype).__name__}
    if isinstance(ftype, ovo_fields.Object):
        out['object'] = ftype._obj_name
        out['subclasses'] = bool(ftype._subclasses)
    elif isinstance(ftype, ovo_fields.List):
        out['element'] = _describe_field_type(ftype._element_type._type)
    if isinstance(ftype, ovo_fields.Enum):
        out['valid_values'] = list(ftype._valid_values)
    return out


def _has_default(field):
    return field.default is not ovo_fields.UnspecifiedDefault


def _describe_class(cls):
    fields = []
    for name, field in cls.fields.items():
        entry = {'name': name, 'nullable': bool(field.nullable)}
        entry.update(_describe_field_type(field._type))
        if _has_default(field):
            entry['default'] = field.default
        fields.append(entry)
    return {
        'name': cls.obj_name(),
        'version': cls.VERSION,
        'versions': [c.VERSION for c in _registry()[cls.obj_name()]],
        'parents': [c.obj_name() for c in cls.__mro__[1:]
                    if hasattr(c, 'obj_name') and c.obj_name() in _registry()],
        'fields': fields,
        'obj_relationships': {k: [list(p) for p in v]
                              for k, v in getattr(cls, 'obj_relationships', {}).items()},
    }


# --------------------------------------------------------------------------------------------
# Ops


@op('version')
def op_version(params):
    from importlib import metadata
    return {
        'os_vif': metadata.version('os_vif'),
        'oslo.versionedobjects': metadata.version('oslo.versionedobjects'),
        'python': sys.version.split()[0],
        'ops': sorted(OPS),
    }


@op('echo')
def op_echo(params):
    return params


@op('classes')
def op_classes(params):
    """[{name, version}] of every registered os_vif class, sorted by name."""
    return [{'name': name, 'version': classes[0].VERSION}
            for name, classes in sorted(_registry().items())]


@op('describe_class')
def op_describe_class(params):
    return _describe_class(_cls(_param(params, 'name', str)))


@op('hydrate')
def op_hydrate(params):
    """obj_from_primitive, then obj_to_primitive at the instance version."""
    obj = _hydrate(_param(params, 'primitive'))
    return obj.obj_to_primitive()


@op('to_primitive')
def op_to_primitive(params):
    """Hydrate, then obj_to_primitive(target_version, version_manifest)."""
    obj = _hydrate(_param(params, 'primitive'))
    target = _param(params, 'target_version', str, None)
    manifest = _param(params, 'manifest', dict, None)
    return obj.obj_to_primitive(target_version=target, version_manifest=manifest)


@op('fingerprints')
def op_fingerprints(params):
    checker = ovo_fixture.ObjectVersionChecker(_registry())
    return checker.get_hashes()


@op('host_info')
def op_host_info(params):
    permitted = _param(params, 'permitted', list, None)
    os_vif.initialize()
    return os_vif.host_info(permitted).obj_to_primitive()


@op('batch')
def op_batch(params):
    """Serve many requests in one line: [{op, params}] -> [{result}|{error}] in order."""
    out = []
    for req in _param(params, 'requests', list):
        out.append(_serve(req))
    return out


# --------------------------------------------------------------------------------------------
# Random valid objects, built by os-vif itself


class _Generator(object):
    STRINGS = ['', 'tap0', 'br-int', 'qbr-1234', 'vhu0', 'ünïcødé', 'with space', 'q"uote\'s',
               'tab\there', 'line\nbreak', '/var/run/openvswitch/vhu0', 'x' * 64, '0', 'None']
    MAX_DEPTH = 4

    def __init__(self, seed, p_unset, p_null):
        self.rng = random.Random(seed)
        self.p_unset = p_unset
        self.p_null = p_null
        self.enum_counters = {}

    # scalar values, already in os-vif's canonical wire form so that the stored value is the input
    def uuid(self):
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def mac(self):
        return ':'.join('%02x' % self.rng.randrange(256) for _ in range(6))

    def pci(self):
        r = self.rng
        return '%04x:%02x:%x%x.%d' % (r.randrange(0x10000), r.randrange(256), r.randrange(2),
                                      r.randrange(16), r.randrange(8))

    def ipv4(self):
        return '.'.join(str(self.rng.randrange(256)) for _ in range(4))

    def ipv6(self):
        import ipaddress
        return str(ipaddress.IPv6Address((1 + self.rng.randrange(0xffff)) << 112 | self.rng.getrandbits(112)))

    def ip(self):
        return self.ipv4() if self.rng.random() < 0.6 else self.ipv6()

    def ipnet(self):
        if self.rng.random() < 0.6:
            return '%s/%d' % (self.ipv4(), self.rng.randrange(33))
        return '%s/%d' % (self.ipv6(), self.rng.randrange(129))

    def string(self):
        r = self.rng
        return r.choice(self.STRINGS) if r.random() < 0.5 else 'name-%x' % r.getrandbits(24)

    def integer(self):
        r = self.rng
        return r.choice([0, 1, -1, 4095, 1500, 9000, 2 ** 31 - 1, -(2 ** 31)]) \
            if r.random() < 0.4 else r.randrange(-100000, 100000)

    def enum(self, key, valid):
        n = self.enum_counters.get(key, 0)
        self.enum_counters[key] = n + 1
        return valid[n % len(valid)]

    def value(self, owner, fname, ftype, depth):
        r = self.rng
        if isinstance(ftype, ovo_fields.Enum):
            return self.enum((owner, fname), ftype._valid_values)
        if isinstance(ftype, ovo_fields.UUID):
            return self.uuid()
        if isinstance(ftype, ovo_fields.MACAddress):
            return self.mac()
        if isinstance(ftype, ovo_fields.PCIAddress):
            return self.pci()
        if isinstance(ftype, ovo_fields.IPNetwork):
            return self.ipnet()
        if isinstance(ftype, ovo_fields.IPAddress):
            return self.ip()
        if isinstance(ftype, ovo_fields.Integer):
            return self.integer()
        if isinstance(ftype, ovo_fields.Boolean):
            return r.random() < 0.5
        if isinstance(ftype, ovo_fields.String):
            return self.string()
        if isinstance(ftype, ovo_fields.List):
            return [self.value(owner, fname, ftype._element_type._type, depth + 1)
                    for _ in range(r.randrange(4 if depth < self.MAX_DEPTH else 1))]
        if isinstance(ftype, ovo_fields.Object):
            return self.obj(self.concrete(ftype), depth + 1)
        raise BridgeError('no generator for field type %s' % type(ftype).__name__)

    def concrete(self, ftype):
        base = _cls(ftype._obj_name)
        if not ftype._subclasses:
            return base
        choices = sorted((c for c in (cs[0] for cs in _registry().values())
                          if issubclass(c, base)), key=lambda c: c.obj_name())
        return self.rng.choice(choices)

    def obj(self, cls, depth=0, full=False):
        r = self.rng
        kwargs = {}
        for fname, field in cls.fields.items():
            ftype = field._type
            is_object = isinstance(ftype, ovo_fields.Object) or (
                isinstance(ftype, ovo_fields.List)
                and isinstance(ftype._element_type._type, ovo_fields.Object))
            too_deep = is_object and depth >= self.MAX_DEPTH
            if not full and (too_deep or r.random() < self.p_unset):
                continue  # unset
            if field.nullable and (too_deep or (not full and r.random() < self.p_null)):
                kwargs[fname] = None
            elif too_deep and isinstance(ftype, ovo_fields.Object):
                continue
            elif not full and _has_default(field) and r.random() < 0.1:
                kwargs[fname] = None  # non-nullable with default: os-vif stores the default
            else:
                kwargs[fname] = self.value(cls.obj_name(), fname, ftype, depth)
        obj = cls(**kwargs)
        roll = r.random()
        if roll < 0.15:
            obj.obj_reset_changes()
        elif roll < 0.25:
            obj.obj_reset_changes(recursive=True)
        elif roll < 0.4 and kwargs:
            names = sorted(kwargs)
            obj.obj_reset_changes(fields=r.sample(names, r.randrange(len(names) + 1)))
        if r.random() < 0.1:
            obj.obj_set_defaults()
        return obj


@op('generate')
def op_generate(params):
    """N random valid objects of a class, built by os-vif, as primitives at the class version.

    params: class (name), count, seed, p_unset (0.2), p_null (0.2), full_first (2: the first
    objects get every field set, so every field and enum value is exercised).
    """
    cls = _cls(_param(params, 'class', str))
    count = _param(params, 'count', int, 10)
    gen = _Generator(_param(params, 'seed', int, 0), float(_param(params, 'p_unset', (int, float), 0.2)),
                     float(_param(params, 'p_null', (int, float), 0.2)))
    full_first = _param(params, 'full_first', int, 2)
    return [gen.obj(cls, full=i < full_first).obj_to_primitive() for i in range(count)]


# --------------------------------------------------------------------------------------------
# Serving


def _error(exc):
    err = {'type': type(exc).__name__, 'module': type(exc).__module__, 'message': str(exc)}
    if os.environ.get('OSVIF_BRIDGE_TRACEBACK'):
        err['traceback'] = traceback.format_exc()
    return err


def _serve(req):
    """One request dict -> response dict without id."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        try:
            if not isinstance(req, dict):
                raise BridgeError('request must be an object')
            name = req.get('op')
            fn = OPS.get(name) if isinstance(name, str) else None
            if fn is None:
                raise BridgeError('unknown op %r' % (name,))
            params = req.get('params', {})
            if not isinstance(params, dict):
                raise BridgeError('params must be an object')
            resp = {'result': fn(params)}
        except Exception as exc:  # every failure is a response, never the end of the bridge
            resp = {'error': _error(exc)}
    if caught:
        resp['warnings'] = ['%s: %s' % (w.category.__name__, w.message) for w in caught]
    return resp


def _write(obj):
    try:
        line = json.dumps(obj, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        line = json.dumps({'id': obj.get('id'), 'error': {
            'type': 'BridgeError', 'module': __name__,
            'message': 'result is not JSON-serialisable: %s' % exc}})
    _OUT.write(line + '\n')
    _OUT.flush()


def _load_extension(path):
    spec = importlib.util.spec_from_file_location(
        'osvif_bridge_ext_%d' % len(sys.modules), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)


def main(argv):
    # Extensions do `from osvif_bridge import op`: make this very module importable by that name.
    sys.modules.setdefault('osvif_bridge', sys.modules[__name__])
    try:
        _load_os_vif()
        args = list(argv)
        while args:
            flag = args.pop(0)
            if flag == '--load' and args:
                _load_extension(args.pop(0))
            else:
                raise BridgeError('unknown argument %r (usage: osvif_bridge.py [--load FILE]...)'
                                  % flag)
        ready = op_version({})
        ready['ready'] = True
        _write(ready)
    except Exception as exc:
        _write({'ready': False, 'error': _error(exc)})
        return 3
    for raw in sys.stdin.buffer:
        raw = raw.strip()
        if not raw:
            continue
        try:
            req = json.loads(raw.decode('utf-8'))
        except (ValueError, UnicodeDecodeError) as exc:
            _write({'id': None, 'error': {'type': 'MalformedRequest', 'module': __name__,
                                          'message': 'not a JSON line: %s' % exc}})
            continue
        resp = _serve(req)
        resp['id'] = req.get('id') if isinstance(req, dict) else None
        _write(resp)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
