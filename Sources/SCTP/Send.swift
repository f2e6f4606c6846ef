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
  var info = sctp_sndrcvinfo()
  info.sinfo_stream = stream_no
  info.sinfo_flags = sinfoFlags
  info.sinfo_ppid = ppid
  info.sinfo_context = context
  info.sinfo_timetolive = timetolive
  var message = OutgoingMessage(msg, len, to: to, length: tolen)
  return message.send(s, sendReceiveInfo: &info, flags: 0)
}

/// sctp_send(3): sends `len` bytes at `msg` with `*sinfo` as the SCTP_SNDRCV
/// message (none when `sinfo` is NULL), and `flags` to sendmsg(2).
@c @implementation
public func sctp_send(
  _ s: Int32, _ msg: UnsafeRawPointer?, _ len: Int, _ sinfo: UnsafePointer<sctp_sndrcvinfo>?,
  _ flags: Int32
) -> Int32 {
  var message = OutgoingMessage(msg, len, to: nil, length: 0)
  return message.send(s, sendReceiveInfo: sinfo, flags: flags)
}

/// One buffer of data and its destination, as sctp_sendmsg and sctp_send
/// take them.
private struct OutgoingMessage {
  var data: iovec
  var destination: UnsafeMutableRawPointer?
  var destinationLength: socklen_t

  init(_ bytes: UnsafeRawPointer?, _ count: Int, to: UnsafeMutablePointer<sockaddr>?, length: socklen_t) {
    data = iovec(iov_base: UnsafeMutableRawPointer(mutating: bytes), iov_len: count)
    destination = UnsafeMutableRawPointer(to)
    destinationLength = to == nil ? 0 : length
  }

  /// One sendmsg(2), with `info` as its SCTP_SNDRCV message when not nil.
  mutating func send(
    _ socket: Int32, sendReceiveInfo info: UnsafePointer<sctp_sndrcvinfo>?, flags: Int32
  ) -> Int32 {
    withUnsafeTemporaryAllocation(
      byteCount: controlSpace(MemoryLayout<sctp_sndrcvinfo>.size), alignment: 8
    ) { buffer in
      var control = ControlMessageBuilder(buffer.baseAddress!)
      if let info {
        control.append(
          Int32(SCTP_SNDRCV.rawValue), bytes: info, count: MemoryLayout<sctp_sndrcvinfo>.size)
      }
      return withUnsafeMutablePointer(to: &data) { data in
        var header = msghdr(
          msg_name: destination, msg_namelen: destinationLength, msg_iov: data, msg_iovlen: 1,
          msg_control: control.control, msg_controllen: control.length, msg_flags: 0)
        return Int32(truncatingIfNeeded: Kernel.sendMessage(socket, &header, flags))
      }
    }
  }
}
