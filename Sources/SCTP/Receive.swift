import CSCTP

/// sctp_recvmsg(3): receives one message (or the next part of one) into
/// `len` bytes at `msg`; fills `from`/`*fromlen` with the sender's address,
/// `*msg_flags` (in: recvmsg(2) flags; out: MSG_EOR, MSG_NOTIFICATION, ...),
/// and `*sinfo` from the SCTP_SNDRCV message when the kernel sent one (the
/// socket subscribed to sctp_data_io_event), else with zeros: its
/// sinfo_assoc_id 0 tells the caller there was none.
@c @implementation
public func sctp_recvmsg(
  _ s: Int32, _ msg: UnsafeMutableRawPointer?, _ len: Int, _ from: UnsafeMutablePointer<sockaddr>?,
  _ fromlen: UnsafeMutablePointer<socklen_t>?, _ sinfo: UnsafeMutablePointer<sctp_sndrcvinfo>?,
  _ msg_flags: UnsafeMutablePointer<Int32>?
) -> Int32 {
  var data = iovec(iov_base: msg, iov_len: len)
  return receive(s, &data, 1, from, fromlen, msg_flags, onlySendReceiveInfo: true) { control in
    guard let sinfo else { return }
    if let received = control.sendReceiveInfo {
      memcpy(sinfo, received, MemoryLayout<sctp_sndrcvinfo>.size)
    } else {
      memset(sinfo, 0, MemoryLayout<sctp_sndrcvinfo>.size)
    }
  }
}

/// sctp_recvv(3), RFC 6458 section 9.13: receives one message into the
/// scatter buffer `iov`; fills `from`/`*fromlen`, `*flags` (in/out, as
/// sctp_recvmsg's), and `info` with what the kernel sent of SCTP_RCVINFO and
/// SCTP_NXTINFO as far as `*infolen` holds it, setting `*infotype` to what
/// `info` holds (SCTP_RECVV_NOINFO, _RCVINFO, _NXTINFO or _RN) and `*infolen`
/// to its length.
@c @implementation
public func sctp_recvv(
  _ s: Int32, _ iov: UnsafePointer<iovec>?, _ iovlen: Int32, _ from: UnsafeMutablePointer<sockaddr>?,
  _ fromlen: UnsafeMutablePointer<socklen_t>?, _ info: UnsafeMutableRawPointer?,
  _ infolen: UnsafeMutablePointer<socklen_t>?, _ infotype: UnsafeMutablePointer<UInt32>?,
  _ flags: UnsafeMutablePointer<Int32>?
) -> Int32 {
  guard iovlen >= 0 else { return failure(EINVAL) }
  return receive(s, iov, Int(iovlen), from, fromlen, flags, onlySendReceiveInfo: false) {
    control in
    deliverReceiveInfo(control, info, infolen, infotype)
  }
}

/// sctp_recvv's `info`, `*infolen` and `*infotype` from what the kernel sent:
/// NOINFO (and, with an `info`, length 0) when it sent nothing.
@inline(__always)
private func deliverReceiveInfo(
  _ control: ReceivedControlMessages, _ info: UnsafeMutableRawPointer?,
  _ infolen: UnsafeMutablePointer<socklen_t>?, _ infotype: UnsafeMutablePointer<UInt32>?
) {
  guard let infotype else { return }
  var type = UInt32(SCTP_RECVV_NOINFO)
  if let info, let infolen {
    var length = 0
    if control.receiveInfo != nil || control.nextInfo != nil {
      (type, length) = copyReceiveInfo(control, into: info, capacity: Int(infolen.pointee))
    }
    infolen.pointee = socklen_t(truncatingIfNeeded: length)
  }
  infotype.pointee = type
}

/// Copies what fits of the received and next message's attributes into
/// `info`, and returns the info type and length it now holds.
@inline(__always)
private func copyReceiveInfo(
  _ control: ReceivedControlMessages, into info: UnsafeMutableRawPointer, capacity: Int
) -> (UInt32, Int) {
  let receiveInfoSize = MemoryLayout<sctp_rcvinfo>.size
  let nextInfoSize = MemoryLayout<sctp_nxtinfo>.size
  if let received = control.receiveInfo {
    if let next = control.nextInfo, capacity >= MemoryLayout<sctp_recvv_rn>.size {
      memcpy(info + MemoryLayout<sctp_recvv_rn>.offset(of: \.recvv_rcvinfo)!, received, receiveInfoSize)
      memcpy(info + MemoryLayout<sctp_recvv_rn>.offset(of: \.recvv_nxtinfo)!, next, nextInfoSize)
      return (UInt32(SCTP_RECVV_RN), MemoryLayout<sctp_recvv_rn>.size)
    }
    if capacity >= receiveInfoSize {
      memcpy(info, received, receiveInfoSize)
      return (UInt32(SCTP_RECVV_RCVINFO), receiveInfoSize)
    }
  } else if let next = control.nextInfo, capacity >= nextInfoSize {
    memcpy(info, next, nextInfoSize)
    return (UInt32(SCTP_RECVV_NXTINFO), nextInfoSize)
  }
  return (UInt32(SCTP_RECVV_NOINFO), 0)
}

/// One recvmsg(2) with a stack buffer for every ancillary message the kernel
/// can send: fills the sender's address and the flags, and hands the parsed
/// ancillary data to `deliver`. The one receive path of the library.
@inline(__always)
private func receive(
  _ socket: Int32, _ iov: UnsafePointer<iovec>?, _ iovCount: Int,
  _ from: UnsafeMutablePointer<sockaddr>?, _ fromLength: UnsafeMutablePointer<socklen_t>?,
  _ flags: UnsafeMutablePointer<Int32>?, onlySendReceiveInfo: Bool,
  _ deliver: (ReceivedControlMessages) -> Void
) -> Int32 {
  withUnsafeTemporaryAllocation(byteCount: receiveControlSpace, alignment: 8) { buffer in
    let control = buffer.baseAddress!
    // The kernel ignores msg_namelen without msg_name.
    var header = msghdr(
      msg_name: UnsafeMutableRawPointer(from), msg_namelen: fromLength?.pointee ?? 0,
      msg_iov: UnsafeMutablePointer(mutating: iov), msg_iovlen: iovCount,
      msg_control: control, msg_controllen: receiveControlSpace, msg_flags: 0)
    let received = Kernel.receiveMessage(socket, &header, flags?.pointee ?? 0)
    guard received >= 0 else { return -1 }
    // Without msg_name Linux leaves msg_namelen as it was (*fromLength), so
    // this writes it back unconditionally, as lksctp does.
    fromLength?.pointee = header.msg_namelen
    flags?.pointee = header.msg_flags
    let reportedLength = UInt(bitPattern: header.msg_controllen)
    if onlySendReceiveInfo,
      ReceivedControlMessages.startWithSendReceiveInfo(control, reportedLength: reportedLength)
    {
      deliver(ReceivedControlMessages(sendReceiveInfo: control + controlSpace(0)))
    } else if reportedLength < UInt(controlSpace(0)) {
      // No ancillary message (the socket asked for none): delivered without
      // a walk, so that what follows is known to find nothing.
      deliver(ReceivedControlMessages())
    } else {
      // Only what lies in the buffer, whatever length comes back: recvmsg(2)
      // never reports more than it was given, but an interposed one may.
      let controlLength = Int(min(reportedLength, UInt(receiveControlSpace)))
      deliver(
        ReceivedControlMessages(
          control, length: controlLength, onlySendReceiveInfo: onlySendReceiveInfo))
    }
    return Int32(truncatingIfNeeded: received)
  }
}
