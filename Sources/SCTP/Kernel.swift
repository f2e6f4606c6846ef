import CSCTP

/// The kernel boundary: every system call the library makes is one of these,
/// so this file is the whole list of what libsctp asks of the kernel.
///
/// Each returns what the system call returned, or throws the errno it set,
/// read once, right after the call (swift-system's `valueOrErrno`).
enum Kernel {
  /// getsockopt(2) at level SOL_SCTP. Linux's SCTP also uses it for requests
  /// that change state (connectx, peeloff), because it copies a result back.
  @inline(__always)
  static func getSCTPOption(
    _ socket: Int32, _ option: Int32,
    _ value: UnsafeMutableRawPointer?, _ length: UnsafeMutablePointer<socklen_t>?
  ) throws(Errno) -> Int32 {
    try valueOrErrno(getsockopt(socket, SOL_SCTP, option, value, length))
  }

  /// setsockopt(2) at level SOL_SCTP. Linux's SCTP_SOCKOPT_CONNECTX answers
  /// with the new association's id.
  @inline(__always)
  static func setSCTPOption(
    _ socket: Int32, _ option: Int32, _ value: UnsafeRawPointer?, _ length: socklen_t
  ) throws(Errno) -> Int32 {
    try valueOrErrno(setsockopt(socket, SOL_SCTP, option, value, length))
  }

  /// sendmsg(2): one message, with its ancillary data.
  @inline(__always)
  static func sendMessage(
    _ socket: Int32, _ message: UnsafePointer<msghdr>, _ flags: Int32
  ) throws(Errno) -> Int {
    try valueOrErrno(sendmsg(socket, message, flags))
  }

  /// recvmsg(2): one message (or a part of one), with its ancillary data.
  @inline(__always)
  static func receiveMessage(
    _ socket: Int32, _ message: UnsafeMutablePointer<msghdr>, _ flags: Int32
  ) throws(Errno) -> Int {
    try valueOrErrno(recvmsg(socket, message, flags))
  }

  /// fcntl(2) F_GETFL: the file status flags (O_NONBLOCK).
  @inline(__always)
  static func statusFlags(_ descriptor: Int32) throws(Errno) -> Int32 {
    try valueOrErrno(csctp_fcntl_getfl(descriptor))
  }

  /// fcntl(2) F_SETFL.
  @inline(__always)
  static func setStatusFlags(_ descriptor: Int32, _ flags: Int32) throws(Errno) {
    _ = try valueOrErrno(csctp_fcntl_setfl(descriptor, flags))
  }

  /// fcntl(2) F_SETFD.
  @inline(__always)
  static func setDescriptorFlags(_ descriptor: Int32, _ flags: Int32) throws(Errno) {
    _ = try valueOrErrno(csctp_fcntl_setfd(descriptor, flags))
  }

  /// close(2), for a descriptor the library itself opened and must give
  /// back after another call failed: that call's error is the one to report.
  @inline(__always)
  static func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
  }
}

/// A system call's result, or the errno it set when it returned -1.
@inline(__always)
private func valueOrErrno<Result: FixedWidthInteger>(_ result: Result) throws(Errno) -> Result {
  if result == -1 { throw Errno(csctp_errno()) }
  return result
}
