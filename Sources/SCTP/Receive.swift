import CSCTP

/// sctp_recvmsg(3): receives one message (or the next part of one) into
/// `len` bytes at `msg`; fills `from`/`*fromlen` with the sender's address,
/// `*msg_flags` (in: recvmsg(2) flags; out: MSG_EOR, MSG_NOTIFICATION, ...),
/// and `*sinfo` from the SCTP_SNDRCV message when the kernel sent one (the
/// socket subscribed to sctp_data_io_event). As lksctp 1.0.21, only
/// sinfo_assoc_id is cleared beforehand: 0 tells the caller none came, and
/// the rest of `*sinfo` is left as it was.
@c @implementation
public func sctp_recvmsg(
  _ s: Int32, _ msg: UnsafeMutableRawPointer?, _ len: Int, _ from: UnsafeMutablePointer<sockaddr>?,
  _ fromlen: UnsafeMutablePointer<socklen_t>?, _ sinfo: UnsafeMutablePointer<sctp_sndrcvinfo>?,
  _ msg_flags: UnsafeMutablePointer<Int32>?
) -> Int32 {
  var data = iovec(iov_base: msg, iov_len: len)
  return receive(
    s, &data, 1, from, fromlen, msg_flags, lksctpControlSpace: controlSpace(MemoryLayout<sctp_sndrcvinfo>.size),
    onlySendReceiveInfo: true
  ) { control in
    guard let sinfo else { return }
    sinfo.pointee.sinfo_assoc_id = 0
    if let received = control.sendReceiveInfo {
      memcpy(sinfo, received, MemoryLayout<sctp_sndrcvinfo>.size)
    }
  }
}

/// sctp_recvv(3), RFC 6458 section 9.13: receives one message into the
/// scatter buffer `iov`; fills `from`/`*fromlen`, `*flags` (in/out, as
/// sctp_recvmsg's) and, when `info`, `infolen` and `infotype` are all given,
/// `info` with what the kernel sent of SCTP_RCVINFO and SCTP_NXTINFO as far
/// as `*infolen` holds it, `*infotype` with what `info` holds
/// (SCTP_RECVV_NOINFO, _RCVINFO, _NXTINFO or _RN) and `*infolen` with its
/// length (left as it was with NOINFO).
@c @implementation
public func sctp_recvv(
  _ s: Int32, _ iov: UnsafePointer<iovec>?, _ iovlen: Int32, _ from: UnsafeMutablePointer<sockaddr>?,
  _ fromlen: UnsafeMutablePointer<socklen_t>?, _ info: UnsafeMutableRawPointer?,
  _ infolen: UnsafeMutablePointer<socklen_t>?, _ infotype: UnsafeMutablePointer<UInt32>?,
  _ flags: UnsafeMutablePointer<Int32>?
) -> Int32 {
  // A negative iovlen goes to the kernel as lksctp passes it, a huge size_t
  // that recvmsg(2) refuses with EMSGSIZE.
  receive(
    s, iov, Int(iovlen), from, fromlen, flags,
    lksctpControlSpace: controlSpace(MemoryLayout<sctp_rcvinfo>.size) + controlSpace(MemoryLayout<sctp_nxtinfo>.size),
    onlySendReceiveInfo: false
  ) { control in
    guard let info, let infolen, let infotype else { return }
    copyAttributes(control, into: info, infolen, infotype)
  }
}

/// lksctp's walk: the attributes in the order the kernel sent them, each
/// kept while `info` has room for it and what came before, stopping at the
/// first that does not fit. `*infolen` is read as lksctp reads it, as an int.
@inline(__always)
private func copyAttributes(
  _ control: ReceivedControlMessages, into info: UnsafeMutableRawPointer,
  _ infolen: UnsafeMutablePointer<socklen_t>, _ infotype: UnsafeMutablePointer<UInt32>
) {
  let capacity = Int(Int32(truncatingIfNeeded: infolen.pointee))
  let receiveInfoSize = MemoryLayout<sctp_rcvinfo>.size
  let nextInfoSize = MemoryLayout<sctp_nxtinfo>.size
  let bothSize = receiveInfoSize + nextInfoSize
  var type = UInt32(SCTP_RECVV_NOINFO)
  func keep(_ attribute: ReceivedControlMessages.Attribute) -> Bool {
    switch (attribute, type) {
    case (.receiveInfo(let received), UInt32(SCTP_RECVV_NOINFO)) where capacity >= receiveInfoSize:
      memcpy(info, received, receiveInfoSize)
      (type, infolen.pointee) = (UInt32(SCTP_RECVV_RCVINFO), socklen_t(receiveInfoSize))
    case (.receiveInfo(let received), UInt32(SCTP_RECVV_NXTINFO)) where capacity >= bothSize:
      // sctp_recvv_rn puts the receive info first: the next info moves up.
      memmove(info + receiveInfoSize, info, nextInfoSize)
      memcpy(info, received, receiveInfoSize)
      (type, infolen.pointee) = (UInt32(SCTP_RECVV_RN), socklen_t(bothSize))
    case (.nextInfo(let next), UInt32(SCTP_RECVV_NOINFO)) where capacity >= nextInfoSize:
      memcpy(info, next, nextInfoSize)
      (type, infolen.pointee) = (UInt32(SCTP_RECVV_NXTINFO), socklen_t(nextInfoSize))
    case (.nextInfo(let next), UInt32(SCTP_RECVV_RCVINFO)) where capacity >= bothSize:
      memcpy(info + receiveInfoSize, next, nextInfoSize)
      (type, infolen.pointee) = (UInt32(SCTP_RECVV_RN), socklen_t(bothSize))
    default:
      return false
    }
    return true
  }
  control.forEachAttribute(keep)
  infotype.pointee = type
}

/// One recvmsg(2) with a stack buffer for every ancillary message the kernel
/// can send: fills the sender's address and the flags, and hands the parsed
/// ancillary data to `deliver`. The one receive path of the library.
@inline(__always)
private func receive(
  _ socket: Int32, _ iov: UnsafePointer<iovec>?, _ iovCount: Int,
  _ from: UnsafeMutablePointer<sockaddr>?, _ fromLength: UnsafeMutablePointer<socklen_t>?,
  _ flags: UnsafeMutablePointer<Int32>?, lksctpControlSpace: Int, onlySendReceiveInfo: Bool,
  _ deliver: (ReceivedControlMessages) -> Void
) -> Int32 {
  withUnsafeTemporaryAllocation(byteCount: receiveControlSpace, alignment: 8) { buffer in
    returningMinusOneOnError { () throws(Errno) in
      let control = buffer.baseAddress!
      // The kernel ignores msg_namelen without msg_name.
      var header = msghdr(
        msg_name: UnsafeMutableRawPointer(from), msg_namelen: fromLength?.pointee ?? 0,
        msg_iov: UnsafeMutablePointer(mutating: iov), msg_iovlen: iovCount,
        msg_control: control, msg_controllen: receiveControlSpace, msg_flags: 0)
      let received = try Kernel.receiveMessage(socket, &header, flags?.pointee ?? 0)
      // Without msg_name Linux leaves msg_namelen as it was (*fromLength), so
      // this writes it back unconditionally, as lksctp does.
      fromLength?.pointee = header.msg_namelen
      let reportedLength = UInt(bitPattern: header.msg_controllen)
      guard reportedLength >= UInt(controlSpace(0)) else {
        // No ancillary message (the socket asked for none): nothing cut, and
        // delivered without a walk, so that what follows is known to find
        // nothing.
        flags?.pointee = header.msg_flags
        deliver(ReceivedControlMessages())
        return Int32(truncatingIfNeeded: received)
      }
      // lksctp's control buffer is smaller than ours: what did not fit there
      // made the kernel set MSG_CTRUNC, and callers see it.
      let cutInLksctpBuffer = reportedLength > UInt(lksctpControlSpace)
      flags?.pointee = header.msg_flags | (cutInLksctpBuffer ? Int32(MSG_CTRUNC) : 0)
      if onlySendReceiveInfo,
        ReceivedControlMessages.startWithSendReceiveInfo(control, reportedLength: reportedLength)
      {
        deliver(ReceivedControlMessages(sendReceiveInfo: control + controlSpace(0)))
      } else {
        // Only what lies in the buffer, whatever length comes back: recvmsg(2)
        // never reports more than it was given, but an interposed one may.
        let controlLength = Int(min(reportedLength, UInt(receiveControlSpace)))
        deliver(ReceivedControlMessages(control, length: controlLength))
      }
      return Int32(truncatingIfNeeded: received)
    }
  }
}
