import CSCTP

/// The kernel boundary: every system call the library makes is one of these,
/// so this file is the whole list of what libsctp asks of the kernel.
///
/// Each returns what the system call returned and leaves `errno` as the
/// kernel set it; the exported functions pass both on to their caller.
enum Kernel {
  /// getsockopt(2) at level SOL_SCTP. Linux's SCTP also uses it for requests
  /// that change state (connectx, peeloff), because it copies a result back.
  @inline(__always)
  static func getSCTPOption(
    _ socket: Int32, _ option: Int32,
    _ value: UnsafeMutableRawPointer?, _ length: UnsafeMutablePointer<socklen_t>?
  ) -> Int32 {
    getsockopt(socket, SOL_SCTP, option, value, length)
  }

  /// setsockopt(2) at level SOL_SCTP.
  @inline(__always)
  static func setSCTPOption(
    _ socket: Int32, _ option: Int32, _ value: UnsafeRawPointer?, _ length: socklen_t
  ) -> Int32 {
    setsockopt(socket, SOL_SCTP, option, value, length)
  }

  /// sendmsg(2): one message, with its ancillary data.
  @inline(__always)
  static func sendMessage(
    _ socket: Int32, _ message: UnsafePointer<msghdr>, _ flags: Int32
  ) -> Int {
    sendmsg(socket, message, flags)
  }

  /// recvmsg(2): one message (or a part of one), with its ancillary data.
  @inline(__always)
  static func receiveMessage(
    _ socket: Int32, _ message: UnsafeMutablePointer<msghdr>, _ flags: Int32
  ) -> Int {
    recvmsg(socket, message, flags)
  }

  /// fcntl(2) F_GETFL: the file status flags (O_NONBLOCK).
  @inline(__always)
  static func statusFlags(_ descriptor: Int32) -> Int32 {
    csctp_fcntl_getfl(descriptor)
  }

  /// fcntl(2) F_SETFL.
  @inline(__always)
  static func setStatusFlags(_ descriptor: Int32, _ flags: Int32) -> Int32 {
    csctp_fcntl_setfl(descriptor, flags)
  }

  /// fcntl(2) F_SETFD.
  @inline(__always)
  static func setDescriptorFlags(_ descriptor: Int32, _ flags: Int32) -> Int32 {
    csctp_fcntl_setfd(descriptor, flags)
  }

  /// close(2), for a descriptor the library itself opened and must give back.
  @inline(__always)
  static func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
  }
}

/// The error convention of every exported function: -1, with `errno` set.
@inline(__always)
func failure(_ code: Int32) -> Int32 {
  csctp_set_errno(code)
  return -1
}

/// The `errno` a failed call left behind.
@inline(__always)
var lastError: Int32 { csctp_errno() }
