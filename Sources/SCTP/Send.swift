import CSCTP

/// sctp_sendmsg(3): sends `len` bytes at `msg` (to `to` when it is not NULL)
/// with one SCTP_SNDRCV message carrying `ppid`, `flags`, `stream_no`,
/// `timetolive` and `context`. `flags` are sinfo_flags (SCTP_UNORDERED,
/// SCTP_EOF, ...): EINVAL for bits beyond its 16.
@c @implementation
public func sctp_sendmsg(
  _ s: Int32, _ msg: UnsafeRawPointer?, _ len: Int, _ to: UnsafeMutablePointer<sockaddr>?,
  _ tolen: socklen_t, _ ppid: UInt32, _ flags: UInt32, _ stream_no: UInt16,
  _ timetolive: UInt32, _ context: UInt32
) -> Int32 {
  guard let sinfoFlags = UInt16(exactly: flags) else { return failure(EINVAL) }
  var control = SendReceiveControl(sctp_sndrcvinfo())
  control.info.sinfo_stream = stream_no
  control.info.sinfo_flags = sinfoFlags
  control.info.sinfo_ppid = ppid
  control.info.sinfo_context = context
  control.info.sinfo_timetolive = timetolive
  return withUnsafeMutableBytes(of: &control) { control in
    sendOne(s, msg, len, to, tolen, control.baseAddress, control.count, 0)
  }
}

/// sctp_send(3): sends `len` bytes at `msg` with `*sinfo` as the SCTP_SNDRCV
/// message (none when `sinfo` is NULL), and `flags` to sendmsg(2).
@c @implementation
public func sctp_send(
  _ s: Int32, _ msg: UnsafeRawPointer?, _ len: Int, _ sinfo: UnsafePointer<sctp_sndrcvinfo>?,
  _ flags: Int32
) -> Int32 {
  guard let sinfo else { return sendOne(s, msg, len, nil, 0, nil, 0, flags) }
  var control = SendReceiveControl(sinfo.pointee)
  return withUnsafeMutableBytes(of: &control) { control in
    sendOne(s, msg, len, nil, 0, control.baseAddress, control.count, flags)
  }
}

/// One SCTP_SNDRCV ancillary message, laid out as CMSG_SPACE(sizeof(struct
/// sctp_sndrcvinfo)) bytes: its header, then the structure (no padding on
/// Linux: the header is 16 bytes, the structure 32).
struct SendReceiveControl {
  var header: cmsghdr
  var info: sctp_sndrcvinfo

  @inline(__always)
  init(_ info: sctp_sndrcvinfo) {
    header = cmsghdr()
    header.cmsg_len = csctp_cmsg_len(MemoryLayout<sctp_sndrcvinfo>.size)
    header.cmsg_level = sctpLevel
    header.cmsg_type = Int32(SCTP_SNDRCV.rawValue)
    self.info = info
  }
}

/// One sendmsg(2) of one buffer.
@inline(__always)
private func sendOne(
  _ socket: Int32, _ bytes: UnsafeRawPointer?, _ count: Int, _ to: UnsafeMutablePointer<sockaddr>?,
  _ toLength: socklen_t, _ control: UnsafeMutableRawPointer?, _ controlLength: Int, _ flags: Int32
) -> Int32 {
  var data = iovec(iov_base: UnsafeMutableRawPointer(mutating: bytes), iov_len: count)
  let sent = sendMessage(
    socket, &data, 1, UnsafeMutableRawPointer(to), toLength, control, controlLength, flags)
  return Int32(truncatingIfNeeded: sent)
}

/// sendmsg(2) of the gather buffer `iov` to `name` with `control` as its
/// ancillary data: the one place the library builds a msghdr to send.
@inline(__always)
func sendMessage(
  _ socket: Int32, _ iov: UnsafePointer<iovec>?, _ iovCount: Int,
  _ name: UnsafeMutableRawPointer?, _ nameLength: socklen_t,
  _ control: UnsafeMutableRawPointer?, _ controlLength: Int, _ flags: Int32
) -> Int {
  var header = msghdr(
    msg_name: name, msg_namelen: nameLength, msg_iov: UnsafeMutablePointer(mutating: iov),
    msg_iovlen: iovCount, msg_control: control, msg_controllen: controlLength, msg_flags: 0)
  return Kernel.sendMessage(socket, &header, flags)
}
