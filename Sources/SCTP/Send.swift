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
  control.info.setStreamAndFlags(stream_no, flags)
  control.info.sinfo_ppid = ppid
  control.info.sinfo_context = context
  control.info.sinfo_timetolive = timetolive
  return withUnsafeMutableBytes(of: &control) { control in
    sendOne(s, msg, len, to, tolen, control.baseAddress, control.count, 0)
  }
}

extension sctp_sndrcvinfo {
  /// Sets sinfo_stream and sinfo_flags, and zeroes sinfo_ssn and the two
  /// bytes of padding after sinfo_flags, in two 32-bit stores: the stores of
  /// sctp_sendmsg then cover the structure's first 20 bytes, and only the 12
  /// after them are zeroed (one instruction a call less than a zeroing of
  /// the whole and a store of each field). Only the low 16 bits of `flags`
  /// are stored: the field has no room for more.
  @inline(__always)
  mutating func setStreamAndFlags(_ stream: UInt16, _ flags: UInt32) {
    // Each word holds its 16-bit field at its lower address and 0 after it.
    let flags = UInt32(UInt16(truncatingIfNeeded: flags))
    #if _endian(little)
      let streamWord = UInt32(stream)
      let flagsWord = flags
    #else
      let streamWord = UInt32(stream) << 16
      let flagsWord = flags << 16
    #endif
    withUnsafeMutableBytes(of: &self) { info in
      info.storeBytes(of: streamWord, toByteOffset: Self.streamWordOffset, as: UInt32.self)
      info.storeBytes(of: flagsWord, toByteOffset: Self.flagsWordOffset, as: UInt32.self)
    }
  }

  /// sinfo_stream, then sinfo_ssn.
  static var streamWordOffset: Int { MemoryLayout<Self>.offset(of: \.sinfo_stream)! }
  /// sinfo_flags, then the padding before sinfo_ppid.
  static var flagsWordOffset: Int { MemoryLayout<Self>.offset(of: \.sinfo_flags)! }
}

/// sctp_send(3): sends `len` bytes at `msg` with `*sinfo` as the SCTP_SNDRCV
/// message (none when `sinfo` is NULL), and `flags` to sendmsg(2).
@c @implementation
public func sctp_send(
  _ s: Int32, _ msg: UnsafeRawPointer?, _ len: Int, _ sinfo: UnsafePointer<sctp_sndrcvinfo>?,
  _ flags: Int32
) -> Int32 {
  guard let sinfo else { return sendOne(s, msg, len, nil, 0, nil, 0, flags) }
  var control = SendReceiveControl(copying: sinfo)
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

  /// Its cmsg_len: CMSG_LEN(sizeof(struct sctp_sndrcvinfo)).
  static var messageLength: Int { csctp_cmsg_len(MemoryLayout<sctp_sndrcvinfo>.size) }

  @inline(__always)
  init(_ info: sctp_sndrcvinfo) {
    header = cmsghdr()
    header.cmsg_len = Self.messageLength
    header.cmsg_level = sctpLevel
    header.cmsg_type = Int32(SCTP_SNDRCV.rawValue)
    self.info = info
  }

  /// The message with the caller's structure copied byte for byte, padding
  /// included, as lksctp's memcpy copies it.
  @inline(__always)
  init(copying info: UnsafePointer<sctp_sndrcvinfo>) {
    self.init(sctp_sndrcvinfo())
    withUnsafeMutableBytes(of: &self.info) {
      _ = memcpy($0.baseAddress!, info, MemoryLayout<sctp_sndrcvinfo>.size)
    }
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
/// ancillary data: the one place the library builds a msghdr to send. Its
/// msg_flags holds `flags` too, as in lksctp's msghdrs (the kernel ignores
/// the field on a send).
@inline(__always)
func sendMessage(
  _ socket: Int32, _ iov: UnsafePointer<iovec>?, _ iovCount: Int,
  _ name: UnsafeMutableRawPointer?, _ nameLength: socklen_t,
  _ control: UnsafeMutableRawPointer?, _ controlLength: Int, _ flags: Int32
) -> Int {
  var header = msghdr(
    msg_name: name, msg_namelen: nameLength, msg_iov: UnsafeMutablePointer(mutating: iov),
    msg_iovlen: iovCount, msg_control: control, msg_controllen: controlLength, msg_flags: flags)
  return Kernel.sendMessage(socket, &header, flags)
}
