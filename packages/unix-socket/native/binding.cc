// The two Linux Unix-socket calls Node has no API for (README.md: why our own): the credentials of the peer of a
// connected socket (SO_PEERCRED, plus its supplementary groups from SO_PEERGROUPS), and one datagram to a
// Unix datagram socket (sd_notify's $NOTIFY_SOCKET). Rebuild with `npm run build:addon`.
#include <sys/socket.h>
#include <sys/un.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <string>
#include <vector>

#include <napi.h>

static Napi::Error ErrnoError(Napi::Env env, int errnum, const char* syscall) {
  auto error = Napi::Error::New(env, std::string(syscall) + ": " + strerror(errnum));
  error.Set("errno", Napi::Number::New(env, errnum));
  error.Set("syscall", Napi::String::New(env, syscall));
  return error;
}

// peerCredentials(fd) -> { pid, uid, gid, groups }: as the kernel recorded them at connect() time.
static Napi::Value PeerCredentials(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsNumber()) {
    Napi::TypeError::New(env, "peerCredentials(fd): fd must be a number").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  int fd = info[0].As<Napi::Number>().Int32Value();
  struct ucred cred;
  socklen_t len = sizeof(cred);
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
    ErrnoError(env, errno, "getsockopt(SO_PEERCRED)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("pid", Napi::Number::New(env, cred.pid));
  out.Set("uid", Napi::Number::New(env, cred.uid));
  out.Set("gid", Napi::Number::New(env, cred.gid));
  // Supplementary groups (Linux 4.13+); ERANGE says the buffer was short and gives the size needed.
  std::vector<gid_t> groups(64);
  socklen_t glen = groups.size() * sizeof(gid_t);
  int rc = getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups.data(), &glen);
  if (rc != 0 && errno == ERANGE) {
    groups.resize(glen / sizeof(gid_t) + 1);
    glen = groups.size() * sizeof(gid_t);
    rc = getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups.data(), &glen);
  }
  Napi::Array list = Napi::Array::New(env);
  if (rc == 0) {
    for (size_t i = 0; i < glen / sizeof(gid_t); i++) list.Set(i, Napi::Number::New(env, groups[i]));
  }
  out.Set("groups", list);
  return out;
}

// sendDatagram(path, data): one datagram to the Unix datagram socket at path ('@name' is an abstract name),
// without blocking (a full receiver is an EAGAIN error, not a stall).
static Napi::Value SendDatagram(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsString() || !info[1].IsBuffer()) {
    Napi::TypeError::New(env, "sendDatagram(path, data): a string and a Buffer").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  std::string path = info[0].As<Napi::String>().Utf8Value();
  Napi::Buffer<char> data = info[1].As<Napi::Buffer<char>>();
  struct sockaddr_un addr;
  memset(&addr, 0, sizeof(addr));
  addr.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof(addr.sun_path)) {
    Napi::RangeError::New(env, "sendDatagram: path empty or longer than sun_path").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  memcpy(addr.sun_path, path.data(), path.size());
  if (path[0] == '@') addr.sun_path[0] = '\0';
  socklen_t alen = offsetof(struct sockaddr_un, sun_path) + path.size();
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    ErrnoError(env, errno, "socket").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  ssize_t sent = sendto(fd, data.Data(), data.Length(), MSG_DONTWAIT | MSG_NOSIGNAL, (struct sockaddr*)&addr, alen);
  int err = errno;
  close(fd);
  if (sent < 0) {
    ErrnoError(env, err, "sendto").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  return env.Undefined();
}

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("peerCredentials", Napi::Function::New(env, PeerCredentials));
  exports.Set("sendDatagram", Napi::Function::New(env, SendDatagram));
  return exports;
}

NODE_API_MODULE(unix_socket_binding, Init)
