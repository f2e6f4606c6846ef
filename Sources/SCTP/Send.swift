import CSCTP

/// sctp_sendmsg(3): sends `len` bytes at `msg` (to `to` when it is not NULL)
/// with one SCTP_SNDRCV message carrying `ppid`, `flags`, `stream_no`,
/// `timetolive` and `context`. `flags` are sinfo_flags (SCTP_UNORDERED,
/// SCTP_EOF, ...), a 16-bit field: bits beyond it are cut off, as lksctp's
/// store into the field cuts them.
@c @implementation
public func sctp_sendmsg(
  _ s: Int32, _ msg: UnsafeRawPointer?, _ len: Int, _ to: UnsafeMutablePointer<sockaddr>?,
  _ tolen: socklen_t, _ ppid: UInt32, _ flags: UInt32, _ stream_no: UInt16,
  _ timetolive: UInt32, _ context: UInt32
) -> Int32 {
  var control = SendReceiveControl(sctp_sndrcvinfo())
  control.info.sinfo_ppid = ppid
  control.info.sinfo_flags = UInt16(truncatingIfNeeded: flags)
  control.info.sinfo_stream = stream_no
  control.info.sinfo_timetolive = timetolive
  control.info.sinfo_context = context
  return returningMinusOneOnError { () throws(Errno) in
    try sendBuffer(s, msg, len, to, tolen, &control, MemoryLayout<SendReceiveControl>.size, 0)
  }
}

/// sctp_send(3): sends `len` bytes at `msg` with `*sinfo` as the SCTP_SNDRCV
/// message (none when `sinfo` is NULL), and `flags` to sendmsg(2).
@c @implementation
public func sctp_send(
  _ s: Int32, _ msg: UnsafeRawPointer?, _ len: Int, _ sinfo: UnsafePointer<sctp_sndrcvinfo>?,
  _ flags: Int32
) -> Int32 {
  returningMinusOneOnError { () throws(Errno) in
    guard let sinfo else { return try sendBuffer(s, msg, len, nil, 0, nil, 0, flags) }
    var control = SendReceiveControl(copying: sinfo)
    return try sendBuffer(s, msg, len, nil, 0, &control, MemoryLayout<SendReceiveControl>.size, flags)
  }
}

/// A send of one buffer.
@inline(__always)
private func sendBuffer(
  _ socket: Int32, _ bytes: UnsafeRawPointer?, _ count: Int, _ to: UnsafeMutablePointer<sockaddr>?,
  _ toLength: socklen_t, _ control: UnsafeMutableRawPointer?, _ controlLength: Int, _ flags: Int32
) throws(Errno) -> Int32 {
  var data = iovec(iov_base: UnsafeMutableRawPointer(mutating: bytes), iov_len: count)
  let sent = try sendGathered(
    socket, &data, 1, UnsafeMutableRawPointer(to), toLength, control, controlLength, flags)
  return Int32(truncatingIfNeeded: sent)
}

/// A send of the gather buffer `iov` to `name` with `control` as its
/// ancillary data: the one place the library builds a msghdr to send. Its
/// msg_flags holds `flags` too, as in lksctp's msghdrs (the kernel ignores
/// the field on a send).
@inline(__always)
func sendGathered(
  _ socket: Int32, _ iov: UnsafePointer<iovec>?, _ iovCount: Int,
  _ name: UnsafeMutableRawPointer?, _ nameLength: socklen_t,
  _ control: UnsafeMutableRawPointer?, _ controlLength: Int, _ flags: Int32
) throws(Errno) -> Int {
  var header = msghdr(
    msg_name: name, msg_namelen: nameLength, msg_iov: UnsafeMutablePointer(mutating: iov),
    msg_iovlen: iovCount, msg_control: control, msg_controllen: controlLength, msg_flags: flags)
  return try Kernel.sendMessage(socket, &header, flags)
}
