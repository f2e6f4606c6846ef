import CWithSCTP

// libwithsctp.so.1, which withsctp(1) preloads: a program's TCP sockets
// become one-to-one SCTP sockets, as lksctp-tools' sctp_socket.c,
// sctp_sockopt.c and sctp_bind.c make them. Each wrapper calls the next
// definition of its function (libc's, or another preloaded library's).

/// The libc functions the wrappers hand on to, looked up on the first call
/// of any wrapper, all three at once, as lksctp's _sctp_load_libs does.
/// Every thread that races here stores the same addresses.
nonisolated(unsafe) private var nextSocket: cwithsctp_socket_fn? = nil
nonisolated(unsafe) private var nextBind: cwithsctp_bind_fn? = nil
nonisolated(unsafe) private var nextSetsockopt: cwithsctp_setsockopt_fn? = nil

private func loadNext() {
  if nextSocket != nil, nextBind != nil, nextSetsockopt != nil { return }
  // lksctp's messages and exit status when libc lacks one of them.
  guard let socket = cwithsctp_next_socket() else { missing("socket() not found in libc!\n") }
  guard let bind = cwithsctp_next_bind() else { missing("bind() not found in libc!\n") }
  guard let setsockopt = cwithsctp_next_setsockopt() else { missing("setsockopt() not found in libc!\n") }
  nextBind = bind
  nextSetsockopt = setsockopt
  nextSocket = socket
}

private func missing(_ message: StaticString) -> Never {
  _ = message.withUTF8Buffer { text in
    fwrite(text.baseAddress, 1, text.count, stderr)
  }
  exit(1)
}

/// socket(2): a stream socket of IPv4 or IPv6, whatever its protocol, is
/// made an SCTP one. lksctp compares the type as a whole: a stream socket
/// asked for with SOCK_NONBLOCK or SOCK_CLOEXEC stays TCP.
@c(socket)
public func withsctpSocket(_ domain: Int32, _ type: Int32, _ proto: Int32) -> Int32 {
  loadNext()
  var proto = proto
  if (domain == PF_INET || domain == PF_INET6) && type == Int32(SOCK_STREAM.rawValue) {
    proto = Int32(IPPROTO_SCTP)
  }
  return nextSocket.unsafelyUnwrapped(domain, type, proto)
}

/// setsockopt(2): TCP_NODELAY at level IPPROTO_TCP is SCTP_NODELAY at level
/// IPPROTO_SCTP; every other option goes on as it is.
@c(setsockopt)
public func withsctpSetsockopt(
  _ fd: Int32, _ level: Int32, _ name: Int32, _ value: UnsafeRawPointer?, _ length: socklen_t
) -> Int32 {
  loadNext()
  var level = level
  var name = name
  if level == Int32(IPPROTO_TCP) && name == TCP_NODELAY {
    level = Int32(IPPROTO_SCTP)
    name = SCTP_NODELAY
  }
  return nextSetsockopt.unsafelyUnwrapped(fd, level, name, value, length)
}

/// bind(2), unchanged: lksctp wraps it as a placeholder (for a bind that
/// would become sctp_bindx) and passes it on.
@c(bind)
public func withsctpBind(_ fd: Int32, _ address: UnsafePointer<sockaddr>?, _ length: socklen_t) -> Int32 {
  loadNext()
  return nextBind.unsafelyUnwrapped(fd, address, length)
}
