import CSCTP

/// sctp_sendv(3), RFC 6458 section 9.12: sends the gather buffer `iov` as
/// one message with the attributes `info` of `infotype`, to the association
/// with `addrs` (setting it up when there is none: the first address as the
/// destination, the others as SCTP_DSTADDRV4/SCTP_DSTADDRV6 messages, which
/// carry no port), and `flags` to sendmsg(2).
///
/// As lksctp: `info` is not read for SCTP_SENDV_NOINFO or an unknown type,
/// nor sendv_flags' unknown bits; `addrs` is not read when `addrcnt` is 0;
/// snd_assoc_id is never written. -1 with EINVAL where lksctp would read
/// what the caller did not pass or return -errno (DIVERGENCES.md, "Send").
@c @implementation
public func sctp_sendv(
  _ s: Int32, _ iov: UnsafePointer<iovec>?, _ iovcnt: Int32, _ addrs: UnsafeMutablePointer<sockaddr>?,
  _ addrcnt: Int32, _ info: UnsafeMutableRawPointer?, _ infolen: socklen_t, _ infotype: UInt32,
  _ flags: Int32
) -> Int32 {
  guard let attributes = SendAttributes(info, length: Int(clamping: infolen), type: infotype) else {
    return failure(EINVAL)
  }
  // A negative iovcnt goes to the kernel as lksctp passes it (EMSGSIZE).
  let iovCount = Int(iovcnt)
  if addrcnt == 0 {
    // No destination addresses: the attributes alone, in a fixed stack buffer.
    return withUnsafeTemporaryAllocation(byteCount: attributesControlSpace, alignment: 8) { buffer in
      var control = ControlMessageBuilder(buffer.baseAddress!)
      attributes.append(to: &control)
      let sent = sendMessage(s, iov, iovCount, nil, 0, control.control, control.length, flags)
      return Int32(truncatingIfNeeded: sent)
    }
  }
  guard addrcnt > 0, addrs != nil else { return failure(EINVAL) }
  guard let destinations = PackedAddressList(addrs, count: addrcnt) else { return -1 }
  let sent = sendToAddresses(s, iov, iovCount, destinations, attributes, flags)
  return Int32(truncatingIfNeeded: sent)
}

/// sctp_sendx, RFC 6458 section 9.11 (deprecated there for sctp_sendv, and
/// absent from lksctp): sends `len` bytes at `msg` to the association with
/// the `addrcnt` addresses at `addrs`, setting it up when there is none, with
/// `*sinfo` as the SCTP_SNDRCV message (none when NULL) and `flags` to
/// sendmsg(2). After an implicit setup, `sinfo->sinfo_assoc_id` (0 on entry)
/// holds the new association's id. EINVAL, before anything is sent, when an
/// address has another port than the first: an association has one peer
/// port (sctp_sendv, as lksctp's, ignores the later ports).
@c @implementation
public func sctp_sendx(
  _ sd: Int32, _ msg: UnsafeRawPointer?, _ len: Int, _ addrs: UnsafeMutablePointer<sockaddr>?,
  _ addrcnt: Int32, _ sinfo: UnsafeMutablePointer<sctp_sndrcvinfo>?, _ flags: Int32
) -> Int {
  guard let destinations = PackedAddressList(addrs, count: addrcnt) else { return -1 }
  guard destinations.haveOnePort else { return Int(failure(EINVAL)) }
  let attributes = SendAttributes(sendReceiveInfo: sinfo)
  var data = iovec(iov_base: UnsafeMutableRawPointer(mutating: msg), iov_len: len)
  return sendToAddresses(sd, &data, 1, destinations, attributes, flags)
}

/// The ancillary messages a send carries besides destination addresses: the
/// attributes of sctp_sendv's info types, or sctp_sendx's sctp_sndrcvinfo.
struct SendAttributes {
  var sendInfo: UnsafeRawPointer?
  var partialReliabilityInfo: UnsafeRawPointer?
  var authenticationInfo: UnsafeRawPointer?
  var sendReceiveInfo: UnsafeMutablePointer<sctp_sndrcvinfo>?

  init(sendReceiveInfo: UnsafeMutablePointer<sctp_sndrcvinfo>?) {
    self.sendReceiveInfo = sendReceiveInfo
  }

  /// sctp_sendv's `info`, `infolen` and `infotype`, read as lksctp reads
  /// them; nil where lksctp would read outside what the caller passed: a
  /// NULL `info`, or a `length` short of the bytes it reads.
  @inline(__always)
  init?(_ info: UnsafeMutableRawPointer?, length: Int, type: UInt32) {
    // SPA, the type that carries several attributes, is told apart first.
    if _fastPath(type == UInt32(SCTP_SENDV_SPA)) {
      guard let info else { return nil }
      guard take(validIn: info, length: length) else { return nil }
      return
    }
    switch Int(truncatingIfNeeded: type) {
    case SCTP_SENDV_SNDINFO:
      guard let info, length >= MemoryLayout<sctp_sndinfo>.size else { return nil }
      sendInfo = UnsafeRawPointer(info)
    case SCTP_SENDV_PRINFO:
      guard let info, length >= MemoryLayout<sctp_prinfo>.size else { return nil }
      partialReliabilityInfo = UnsafeRawPointer(info)
    case SCTP_SENDV_AUTHINFO:
      guard let info, length >= MemoryLayout<sctp_authinfo>.size else { return nil }
      authenticationInfo = UnsafeRawPointer(info)
    default:
      // SCTP_SENDV_NOINFO, or a type lksctp does not know: no attribute,
      // and `info` is not looked at.
      return
    }
  }

  /// Takes the attributes of a struct sctp_sendv_spa that its sendv_flags
  /// mark valid (other bits are ignored); false when `length` does not hold
  /// sendv_flags and each valid member.
  @inline(__always)
  private mutating func take(validIn info: UnsafeMutableRawPointer, length: Int) -> Bool {
    typealias SPA = sctp_sendv_spa
    guard length >= MemoryLayout<UInt32>.size else { return false }
    let valid = info.loadUnaligned(fromByteOffset: MemoryLayout<SPA>.offset(of: \.sendv_flags)!, as: UInt32.self)
    // The members lie in this order: the last valid one's end is the bound.
    var end = MemoryLayout<UInt32>.size
    if valid & UInt32(SCTP_SEND_SNDINFO_VALID) != 0 {
      sendInfo = UnsafeRawPointer(info + MemoryLayout<SPA>.offset(of: \.sendv_sndinfo)!)
      end = MemoryLayout<SPA>.offset(of: \.sendv_sndinfo)! + MemoryLayout<sctp_sndinfo>.size
    }
    if valid & UInt32(SCTP_SEND_PRINFO_VALID) != 0 {
      partialReliabilityInfo = UnsafeRawPointer(info + MemoryLayout<SPA>.offset(of: \.sendv_prinfo)!)
      end = MemoryLayout<SPA>.offset(of: \.sendv_prinfo)! + MemoryLayout<sctp_prinfo>.size
    }
    if valid & UInt32(SCTP_SEND_AUTHINFO_VALID) != 0 {
      authenticationInfo = UnsafeRawPointer(info + MemoryLayout<SPA>.offset(of: \.sendv_authinfo)!)
      end = MemoryLayout<SPA>.offset(of: \.sendv_authinfo)! + MemoryLayout<sctp_authinfo>.size
    }
    return length >= end
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

  /// sctp_sendx's sinfo_assoc_id, when the caller asked for an implicit
  /// setup's id by leaving it 0 (lksctp's sctp_sendv writes no id back).
  var associationIdToFillIn: UnsafeMutablePointer<sctp_assoc_t>? {
    if let sendReceiveInfo, sendReceiveInfo.pointee.sinfo_assoc_id == 0 {
      return UnsafeMutableRawPointer(sendReceiveInfo)
        .advanced(by: MemoryLayout<sctp_sndrcvinfo>.offset(of: \.sinfo_assoc_id)!)
        .assumingMemoryBound(to: sctp_assoc_t.self)
    }
    return nil
  }
}

/// The most ancillary data a send builds on the stack; above it (thousands
/// of addresses) the buffer comes from malloc, as lksctp's always does, and
/// the kernel answers: ENOBUFS beyond net.core.optmem_max.
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

/// The control data of every address of `destinations` but the first, as
/// SCTP_DSTADDRV4 and SCTP_DSTADDRV6 messages, and `attributes`; nil when it
/// does not fit an Int (not on a 64-bit machine: at most INT_MAX / 16
/// addresses).
@inline(__always)
private func controlLength(_ destinations: PackedAddressList, _ attributes: SendAttributes) -> Int? {
  let firstIsIPv6 = Int32(PackedAddressList.family(at: destinations.start)) == AF_INET6 ? 1 : 0
  let ipv6 = destinations.ipv6Count &- firstIsIPv6
  let ipv4 = destinations.count &- 1 &- ipv6
  let (ipv4Bytes, o1) = ipv4.multipliedReportingOverflow(by: controlSpace(MemoryLayout<in_addr>.size))
  let (ipv6Bytes, o2) = ipv6.multipliedReportingOverflow(by: controlSpace(MemoryLayout<in6_addr>.size))
  let (addressBytes, o3) = ipv4Bytes.addingReportingOverflow(ipv6Bytes)
  let (total, o4) = addressBytes.addingReportingOverflow(attributes.controlLength)
  return o1 || o2 || o3 || o4 ? nil : total
}

/// One sendmsg(2) with every destination address but the first, then the
/// attributes, as ancillary data, built on the stack up to
/// largestSendControl; then, where sctp_sendx's caller asked for an implicit
/// setup's association id, the id. (Not inlined: its frame would weigh on
/// every send without addresses.)
@inline(never)
private func sendToAddresses(
  _ socket: Int32, _ iov: UnsafePointer<iovec>?, _ iovCount: Int,
  _ destinations: PackedAddressList, _ attributes: SendAttributes, _ flags: Int32
) -> Int {
  guard let length = controlLength(destinations, attributes) else { return Int(failure(EINVAL)) }
  var send = AddressedSend(
    socket: socket, iov: iov, iovCount: iovCount, destinations: destinations,
    attributes: attributes, flags: flags)
  let sent: Int
  if length <= smallSendControl {
    // Every attribute and a few addresses: a fixed stack buffer, no callback.
    sent = withUnsafeTemporaryAllocation(byteCount: smallSendControl, alignment: 8) { buffer in
      send.send(control: buffer.baseAddress!)
    }
  } else if length <= largestSendControl {
    sent = withStackBuffer(byteCount: length, context: &send) { buffer, send in
      AddressedSend.send(send!.assumingMemoryBound(to: AddressedSend.self), control: buffer!)
    }
  } else {
    guard let buffer = malloc(length) else { return Int(failure(ENOMEM)) }
    sent = send.send(control: buffer)
    free(buffer)
  }
  if sent >= 0, let field = attributes.associationIdToFillIn {
    field.pointee = associationId(socket, peer: destinations.start)
  }
  return sent
}

extension PackedAddressList {
  /// Whether every address has the first one's port.
  var haveOnePort: Bool {
    let portOffset = MemoryLayout<sockaddr_in>.offset(of: \.sin_port)!
    let port = start.loadUnaligned(fromByteOffset: portOffset, as: UInt16.self)
    var samePort = true
    forEach { address, _ in
      samePort = address.loadUnaligned(fromByteOffset: portOffset, as: UInt16.self) == port && samePort
    }
    return samePort
  }
}

extension AddressedSend {
  /// `send(control:)` of the AddressedSend at `send`, without copying it.
  static func send(_ send: UnsafePointer<AddressedSend>, control buffer: UnsafeMutableRawPointer) -> Int {
    send.pointee.send(control: buffer)
  }

  /// Each address after the first as an SCTP_DSTADDRV4 or SCTP_DSTADDRV6
  /// message (its address only: the kernel takes no port from it), then the
  /// attributes, in lksctp's order; and the first address as msg_name.
  @inline(__always)
  func send(control buffer: UnsafeMutableRawPointer) -> Int {
    var control = ControlMessageBuilder(buffer)
    let first = destinations.start
    destinations.forEach { address, length in
      guard address != first else { return }
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
    attributes.append(to: &control)
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
