"""osvif_client: os-vif's module API (initialize, host_info, plug, unplug) over the osvif daemon's socket.

A Python compute service switches from in-process os-vif to the osvif daemon by changing an import::

    import osvif_client as os_vif
    os_vif.initialize()            # checks that the daemon answers
    os_vif.plug(vif, instance_info)

The objects are real os-vif objects, sent as their obj_to_primitive(). Standard library only (http.client
over AF_UNIX). Errors the daemon answers are raised as OsVifError with its stable code (docs/daemon.md).
"""
import http.client
import json
import os
import random
import socket
import time

DEFAULT_SOCKET = "/run/osvif/osvif.sock"

_socket_path = None
_timeout = 330.0


class OsVifError(Exception):
    """An error answered by the daemon: code, name, message and cause as the daemon described them."""

    def __init__(self, description, exit_status=1, http_status=None):
        self.code = description.get("code", "UNKNOWN")
        self.name = description.get("name", "Error")
        self.message = description.get("message", "")
        cause = description.get("cause")
        self.cause = OsVifError(cause) if isinstance(cause, dict) else None
        self.exit_status = exit_status
        self.http_status = http_status
        super().__init__("%s: %s" % (self.name, self.message))


class _UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout):
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self._path)
        except OSError:
            sock.close()
            raise
        self.sock = sock


def _call(method, path, body=None):
    """One call; API_BUSY (refused before the request was read: nothing done) is asked again until the timeout."""
    deadline = time.monotonic() + _timeout
    wait = 0.005
    while True:
        try:
            return _call_once(method, path, body, max(0.001, deadline - time.monotonic()))
        except OsVifError as e:
            left = deadline - time.monotonic()
            if e.code != "API_BUSY" or left <= 0:
                raise
            time.sleep(min(left, wait * (0.5 + random.random())))
            wait = min(wait * 2, 0.2)


def _call_once(method, path, body, timeout):
    if _socket_path is None:
        raise OsVifError({"code": "LIBRARY_NOT_INITIALIZED", "name": "LibraryNotInitializedError",
                          "message": "Before using osvif_client, you need to call initialize()"})
    conn = _UnixHTTPConnection(_socket_path, timeout)
    try:
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {} if data is None else {"Content-Type": "application/json"}
        try:
            conn.request(method, path, body=data, headers=headers)
            resp = conn.getresponse()
            text = resp.read()
        except OSError as e:
            raise OsVifError({"code": "DAEMON_UNREACHABLE", "name": "DaemonUnreachableError",
                              "message": "osvif daemon at %s: %s" % (_socket_path, e)})
        try:
            value = json.loads(text.decode("utf-8"))
        except ValueError:
            raise OsVifError({"code": "DAEMON_UNREACHABLE", "name": "DaemonUnreachableError",
                              "message": "HTTP %d: the answer is not JSON" % resp.status})
        if resp.status == 200:
            return value
        error = value.get("error") if isinstance(value, dict) else None
        if not isinstance(error, dict):
            error = {"code": "DAEMON_UNREACHABLE", "name": "DaemonUnreachableError",
                     "message": "HTTP %d without an error" % resp.status}
        raise OsVifError(error, value.get("exit_status", 1) if isinstance(value, dict) else 1, resp.status)
    finally:
        conn.close()


def initialize(reset=False, socket_path=None, timeout=330.0):
    """Points the module at the daemon (socket_path, else $OSVIF_SOCKET, else /run/osvif/osvif.sock) and checks
    that it answers; os_vif.initialize's plugin loading happens in the daemon."""
    global _socket_path, _timeout
    if _socket_path is not None and not reset and socket_path is None:
        return
    _socket_path = socket_path or os.environ.get("OSVIF_SOCKET") or DEFAULT_SOCKET
    _timeout = timeout
    _call("GET", "/v1/status")


def host_info(permitted_vif_type_names=None):
    """The daemon's HostInfo as an os_vif HostInfo object (os_vif.host_info)."""
    body = {} if permitted_vif_type_names is None else {"permitted_vif_types": list(permitted_vif_type_names)}
    primitive = _call("POST", "/v1/host-info", body)
    from os_vif.objects import host_info as host_info_module
    return host_info_module.HostInfo.obj_from_primitive(primitive)


def _primitive(obj):
    return obj.obj_to_primitive() if hasattr(obj, "obj_to_primitive") else obj


def plug(vif, instance_info):
    """Plugs the os-vif VIF for the instance (os_vif.plug)."""
    _call("POST", "/v1/plug", {"vif": _primitive(vif), "instance_info": _primitive(instance_info)})


def unplug(vif, instance_info):
    """Unplugs the os-vif VIF (os_vif.unplug)."""
    _call("POST", "/v1/unplug", {"vif": _primitive(vif), "instance_info": _primitive(instance_info)})
