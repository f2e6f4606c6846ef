import CSCTP

/// sctp_sendv(3), RFC 6458 section 9.12: sends the gather buffer `iov` as
/// one message with the attributes `info` of `infotype`, to the association
/// with `addrs` (setting it up when there is none: the first address as the
/// destination, the others as SCTP_DSTADDRV4/SCTP_DSTADDRV6 messages), and
/// `flags` to sendmsg(2).
///
/// On a one-to-many socket, after an implicit association setup with a
/// struct sctp_sndinfo whose snd_assoc_id was 0, snd_assoc_id holds the new
/// association's id on return (lksctp never writes it).
@c @implementation
public func sctp_sendv(
  _ s: Int32, _ iov: UnsafePointer<iovec>?, _ iovcnt: Int32, _ addrs: UnsafeMutablePointer<sockaddr>?,
  _ addrcnt: Int32, _ info: UnsafeMutableRawPointer?, _ infolen: socklen_t, _ infotype: UInt32,
  _ flags: Int32
) -> Int32 {
  guard iovcnt >= 0, addrcnt >= 0 else { return failure(EINVAL) }
  guard let attributes = SendAttributes(info, length: Int(infolen), type: infotype) else {
    return failure(EINVAL)
  }
  if addrcnt == 0 {
    // No destination addresses: the attributes alone, in a fixed stack buffer.
    return withUnsafeTemporaryAllocation(byteCount: attributesControlSpace, alignment: 8) { buffer in
      var control = ControlMessageBuilder(buffer.baseAddress!)
      attributes.append(to: &control)
      let sent = sendMessage(s, iov, Int(iovcnt), nil, 0, control.control, control.length, flags)
      return Int32(truncatingIfNeeded: sent)
    }
  }
  guard addrs != nil else { return failure(EINVAL) }
  guard let destinations = PackedAddressList(addrs, count: addrcnt) else { return -1 }
  let sent = sendToAddresses(s, iov, Int(iovcnt), destinations, attributes, flags)
  return Int32(truncatingIfNeeded: sent)
}

/// sctp_sendx, RFC 6458 section 9.11 (deprecated there for sctp_sendv, and
/// absent from lksctp): sends `len` bytes at `msg` to the association with
/// the `addrcnt` addresses at `addrs`, setting it up when there is none, with
/// `*sinfo` as the SCTP_SNDRCV message (none when NULL) and `flags` to
/// sendmsg(2). After an implicit setup, `sinfo->sinfo_assoc_id` (0 on entry)
/// holds the new association's id.
@c @implementation
public func sctp_sendx(
  _ sd: Int32, _ msg: UnsafeRawPointer?, _ len: Int, _ addrs: UnsafeMutablePointer<sockaddr>?,
  _ addrcnt: Int32, _ sinfo: UnsafeMutablePointer<sctp_sndrcvinfo>?, _ flags: Int32
) -> Int {
  guard let destinations = PackedAddressList(addrs, count: addrcnt) else { return -1 }
  let attributes = SendAttributes(sendReceiveInfo: sinfo)
  var data = iovec(iov_base: UnsafeMutableRawPointer(mutating: msg), iov_len: len)
  return sendToAddresses(sd, &data, 1, destinations, attributes, flags)
}

/// The ancillary messages a send carries besides destination addresses: the
/// attributes of sctp_sendv's info types, or sctp_sendx's sctp_sndrcvinfo.
struct SendAttributes {
  var sendInfo: UnsafeMutablePointer<sctp_sndinfo>?
  var partialReliabilityInfo: UnsafeRawPointer?
  var authenticationInfo: UnsafeRawPointer?
  var sendReceiveInfo: UnsafeMutablePointer<sctp_sndrcvinfo>?

  init(sendReceiveInfo: UnsafeMutablePointer<sctp_sndrcvinfo>?) {
    self.sendReceiveInfo = sendReceiveInfo
  }

  /// sctp_sendv's `info`, `infolen` and `infotype`; nil when they do not
  /// agree (NOINFO with an info, a type with no info or too short a one, an
  /// unknown type or sendv_flags bit).
  @inline(__always)
  init?(_ info: UnsafeMutableRawPointer?, length: Int, type: UInt32) {
    // NOINFO and SPA, the types that carry none and several attributes, are
    // told apart first: a switch of all five types merges their checks into
    // one (7 instructions where 4 do) and reaches SPA after 4 comparisons.
    if type == UInt32(SCTP_SENDV_NOINFO) {
      // No info, and a length of 0: both 0, in one test.
      guard UInt(bitPattern: info) | UInt(bitPattern: length) == 0 else { return nil }
      return
    }
    if _fastPath(type == UInt32(SCTP_SENDV_SPA)) {
      guard let info else { return nil }
      if _slowPath(length < MemoryLayout<sctp_sendv_spa>.size) { return nil }
      guard take(validIn: info) else { return nil }
      return
    }
    switch Int(type) {
    case SCTP_SENDV_SNDINFO:
      guard let info, length >= MemoryLayout<sctp_sndinfo>.size else { return nil }
      sendInfo = info.assumingMemoryBound(to: sctp_sndinfo.self)
    case SCTP_SENDV_PRINFO:
      guard let info, length >= MemoryLayout<sctp_prinfo>.size else { return nil }
      partialReliabilityInfo = UnsafeRawPointer(info)
    case SCTP_SENDV_AUTHINFO:
      guard let info, length >= MemoryLayout<sctp_authinfo>.size else { return nil }
      authenticationInfo = UnsafeRawPointer(info)
    default:
      return nil
    }
  }

  /// Takes the attributes of a struct sctp_sendv_spa that its sendv_flags
  /// mark valid; false for an unknown sendv_flags bit.
  @inline(__always)
  private mutating func take(validIn info: UnsafeMutableRawPointer) -> Bool {
    let valid = info.loadUnaligned(
      fromByteOffset: MemoryLayout<sctp_sendv_spa>.offset(of: \.sendv_flags)!, as: UInt32.self)
    let known = UInt32(SCTP_SEND_SNDINFO_VALID | SCTP_SEND_PRINFO_VALID | SCTP_SEND_AUTHINFO_VALID)
    guard valid & ~known == 0 else { return false }
    if valid & UInt32(SCTP_SEND_SNDINFO_VALID) != 0 {
      sendInfo = (info + MemoryLayout<sctp_sendv_spa>.offset(of: \.sendv_sndinfo)!)
        .assumingMemoryBound(to: sctp_sndinfo.self)
    }
    if valid & UInt32(SCTP_SEND_PRINFO_VALID) != 0 {
      partialReliabilityInfo = UnsafeRawPointer(
        info + MemoryLayout<sctp_sendv_spa>.offset(of: \.sendv_prinfo)!)
    }
    if valid & UInt32(SCTP_SEND_AUTHINFO_VALID) != 0 {
      authenticationInfo = UnsafeRawPointer(
        info + MemoryLayout<sctp_sendv_spa>.offset(of: \.sendv_authinfo)!)
    }
    return true
  }

  /// The buffer space of their ancillary messages.
  @inline(__always)
  var controlLength: Int {
    (sendInfo == nil ? 0 : controlSpace(MemoryLayout<sctp_sndinfo>.size))
      + (partialReliabilityInfo == nil ? 0 : controlSpace(MemoryLayout<sctp_prinfo>.size))
      + (authenticationInfo == nil ? 0 : controlSpace(MemoryLayout<sctp_authinfo>.size))
      + (sendReceiveInfo == nil ? 0 : controlSpace(MemoryLayout<sctp_sndrcvinfo>.size))
  }

  @inline(__always)
  func append(to control: inout ControlMessageBuilder) {
    if let sendInfo {
      control.append(
        Int32(SCTP_SNDINFO.rawValue), bytes: sendInfo, count: MemoryLayout<sctp_sndinfo>.size)
    }
    if let partialReliabilityInfo {
      control.append(
        Int32(SCTP_PRINFO.rawValue), bytes: partialReliabilityInfo,
        count: MemoryLayout<sctp_prinfo>.size)
    }
    if let authenticationInfo {
      control.append(
        Int32(SCTP_AUTHINFO.rawValue), bytes: authenticationInfo,
        count: MemoryLayout<sctp_authinfo>.size)
    }
    if let sendReceiveInfo {
      control.append(
        Int32(SCTP_SNDRCV.rawValue), bytes: sendReceiveInfo,
        count: MemoryLayout<sctp_sndrcvinfo>.size)
    }
  }

  /// The caller's association id field, when it asked for an implicit
  /// setup's id by leaving it 0.
  var associationIdToFillIn: UnsafeMutablePointer<sctp_assoc_t>? {
    if let sendInfo, sendInfo.pointee.snd_assoc_id == 0 {
      return UnsafeMutableRawPointer(sendInfo)
        .advanced(by: MemoryLayout<sctp_sndinfo>.offset(of: \.snd_assoc_id)!)
        .assumingMemoryBound(to: sctp_assoc_t.self)
    }
    if let sendReceiveInfo, sendReceiveInfo.pointee.sinfo_assoc_id == 0 {
      return UnsafeMutableRawPointer(sendReceiveInfo)
        .advanced(by: MemoryLayout<sctp_sndrcvinfo>.offset(of: \.sinfo_assoc_id)!)
        .assumingMemoryBound(to: sctp_assoc_t.self)
    }
    return nil
  }
}

/// The most ancillary data a send builds on the stack: well above what the
/// kernel accepts by default (net.core.optmem_max, 20 KiB), which answers
/// more with ENOBUFS too.
let largestSendControl = 1 << 16

/// The most control data SendAttributes appends: one message of each kind.
/// (Computed where used, so that the buffer's size is a constant there and
/// the stack is all it ever takes.)
@inline(__always)
var attributesControlSpace: Int {
  controlSpace(MemoryLayout<sctp_sndinfo>.size) + controlSpace(MemoryLayout<sctp_prinfo>.size)
    + controlSpace(MemoryLayout<sctp_authinfo>.size)
    + controlSpace(MemoryLayout<sctp_sndrcvinfo>.size)
}

/// The control data a send builds without the stack buffer's callback: all
/// of sctp_sendv's attributes (72 bytes) and some addresses.
let smallSendControl = 256

/// A send as sctp_sendv and sctp_sendx make it, through the stack buffer's C
/// callback.
private struct AddressedSend {
  var socket: Int32
  var iov: UnsafePointer<iovec>?
  var iovCount: Int
  var destinations: PackedAddressList
  var attributes: SendAttributes
  var flags: Int32
}

/// One sendmsg(2) with the attributes and every destination address but the
/// first as ancillary data, built on the stack; then, where the caller asked
/// for an implicit setup's association id, the id. (Not inlined: its frame
/// would weigh on every send without addresses.)
@inline(never)
private func sendToAddresses(
  _ socket: Int32, _ iov: UnsafePointer<iovec>?, _ iovCount: Int,
  _ destinations: PackedAddressList, _ attributes: SendAttributes, _ flags: Int32
) -> Int {
  // Room for each address after the first as an SCTP_DSTADDRV6 message,
  // the larger kind (count <= Int32.max: no overflow); near the bound, the
  // exact space, IPv4 addresses taking less.
  var controlLength =
    attributes.controlLength
    &+ (destinations.count &- 1) &* controlSpace(MemoryLayout<in6_addr>.size)
  if controlLength > largestSendControl {
    let firstIsIPv6 = Int32(PackedAddressList.family(at: destinations.start)) == AF_INET6 ? 1 : 0
    let ipv6 = destinations.ipv6Count &- firstIsIPv6
    let ipv4 = destinations.count &- 1 &- ipv6
    controlLength =
      attributes.controlLength &+ ipv4 &* controlSpace(MemoryLayout<in_addr>.size)
      &+ ipv6 &* controlSpace(MemoryLayout<in6_addr>.size)
  }
  guard controlLength <= largestSendControl else { return Int(failure(ENOBUFS)) }
  var send = AddressedSend(
    socket: socket, iov: iov, iovCount: iovCount, destinations: destinations,
    attributes: attributes, flags: flags)
  let sent: Int
  if controlLength <= smallSendControl {
    // Every attribute and a few addresses: a fixed stack buffer, no callback.
    sent = withUnsafeTemporaryAllocation(byteCount: smallSendControl, alignment: 8) { buffer in
      send.send(control: buffer.baseAddress!)
    }
  } else {
    sent = withStackBuffer(byteCount: controlLength, context: &send) { buffer, send in
      AddressedSend.send(send!.assumingMemoryBound(to: AddressedSend.self), control: buffer!)
    }
  }
  if sent >= 0, let field = attributes.associationIdToFillIn {
    field.pointee = associationId(socket, peer: destinations.start)
  }
  return sent
}

extension AddressedSend {
  /// `send(control:)` of the AddressedSend at `send`, without copying it.
  static func send(_ send: UnsafePointer<AddressedSend>, control buffer: UnsafeMutableRawPointer) -> Int {
    send.pointee.send(control: buffer)
  }

  /// The attributes, then each address after the first as an
  /// SCTP_DSTADDRV4 or SCTP_DSTADDRV6 message, and the first as msg_name.
  /// EINVAL, before anything is sent, when an address has another port than
  /// the first: the kernel would ignore it (an association has one peer port).
  @inline(__always)
  func send(control buffer: UnsafeMutableRawPointer) -> Int {
    var control = ControlMessageBuilder(buffer)
    attributes.append(to: &control)
    let portOffset = MemoryLayout<sockaddr_in>.offset(of: \.sin_port)!
    let first = destinations.start
    let port = first.loadUnaligned(fromByteOffset: portOffset, as: UInt16.self)
    var samePort = true
    destinations.forEach { address, length in
      guard address != first else { return }
      samePort = address.loadUnaligned(fromByteOffset: portOffset, as: UInt16.self) == port && samePort
      if length == MemoryLayout<sockaddr_in>.size {
        control.append(
          Int32(SCTP_DSTADDRV4.rawValue),
          bytes: address + MemoryLayout<sockaddr_in>.offset(of: \.sin_addr)!,
          count: MemoryLayout<in_addr>.size)
      } else {
        control.append(
          Int32(SCTP_DSTADDRV6.rawValue),
          bytes: address + MemoryLayout<sockaddr_in6>.offset(of: \.sin6_addr)!,
          count: MemoryLayout<in6_addr>.size)
      }
    }
    guard samePort else { return Int(failure(EINVAL)) }
    let firstLength = socklen_t(
      truncatingIfNeeded: socketAddressLength(family: PackedAddressList.family(at: first)))
    return sendMessage(
      socket, iov, iovCount, UnsafeMutableRawPointer(mutating: first), firstLength,
      control.control, control.length, flags)
  }
}

/// The id of the association that has `peer` as a peer address, asked of the
/// kernel with SCTP_GET_PEER_ADDR_INFO; 0 when it knows none.
private func associationId(_ socket: Int32, peer: UnsafeRawPointer) -> sctp_assoc_t {
  var info = sctp_paddrinfo()
  let length = socketAddressLength(family: PackedAddressList.family(at: peer))
  withUnsafeMutableBytes(of: &info.spinfo_address) { _ = memcpy($0.baseAddress!, peer, length) }
  var infoLength = socklen_t(MemoryLayout<sctp_paddrinfo>.size)
  guard Kernel.getSCTPOption(socket, SCTP_GET_PEER_ADDR_INFO, &info, &infoLength) == 0 else {
    return 0
  }
  return info.spinfo_assoc_id
}
