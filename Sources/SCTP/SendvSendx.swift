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
  returningMinusOneOnError { () throws(Errno) in
    // A negative iovcnt goes to the kernel as lksctp passes it (EMSGSIZE).
    let iovCount = Int(iovcnt)
    let attributes = SendAttributes.sendv(info, length: Int(clamping: infolen), type: infotype)
    let sent: Int
    switch addrcnt {
    case 0:
      sent = try sendToOneAddress(s, iov, iovCount, nil, attributes, flags)
    case 1:
      guard let addrs else { throw Errno(EINVAL) }
      sent = try sendToOneAddress(s, iov, iovCount, addrs, attributes, flags)
    default:
      guard addrcnt > 0, let addrs else { throw Errno(EINVAL) }
      sent = try sendToAddresses(s, iov, iovCount, addrs, Int(addrcnt), attributes, flags, samePort: false)
    }
    return Int32(truncatingIfNeeded: sent)
  }
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
  returningMinusOneOnError { () throws(Errno) in
    guard let addrs else { throw Errno(EFAULT) }
    guard addrcnt > 0 else { throw Errno(EINVAL) }
    var data = iovec(iov_base: UnsafeMutableRawPointer(mutating: msg), iov_len: len)
    let sent =
      addrcnt == 1
      ? try sendToOneAddress(sd, &data, 1, addrs, .sendReceiveInfo(sinfo), flags)
      : try sendToAddresses(sd, &data, 1, addrs, Int(addrcnt), .sendReceiveInfo(sinfo), flags, samePort: true)
    // The caller asked for an implicit setup's id by leaving it 0.
    if let sinfo, sinfo.pointee.sinfo_assoc_id == 0 {
      sinfo.pointee.sinfo_assoc_id = associationId(sd, peer: addrs)
    }
    return sent
  }
}

/// The ancillary messages a send carries besides destination addresses:
/// sctp_sendv's `info` of `infotype`, or sctp_sendx's sctp_sndrcvinfo.
enum SendAttributes {
  case sendv(UnsafeRawPointer?, length: Int, type: UInt32)
  case sendReceiveInfo(UnsafeMutablePointer<sctp_sndrcvinfo>?)

  /// Appends their messages; false where lksctp would read outside what the
  /// caller passed, or the buffer has no room for them.
  @inline(__always)
  func append(to control: inout ControlMessageBuilder) -> Bool {
    switch self {
    case .sendv(let info, let length, let type):
      return appendSendvInfo(info, length: length, type: type, to: &control)
    case .sendReceiveInfo(let info):
      guard let info else { return true }
      return control.append(Int32(SCTP_SNDRCV.rawValue), bytes: info, count: MemoryLayout<sctp_sndrcvinfo>.size)
    }
  }
}

/// Appends sctp_sendv's `info` of `type` as lksctp reads it: nothing for
/// SCTP_SENDV_NOINFO or a type lksctp does not know (`info` is not looked
/// at), the members of a struct sctp_sendv_spa that its sendv_flags mark
/// valid (other bits ignored). False where lksctp would read outside what the
/// caller passed: a NULL `info`, or a `length` short of the bytes it reads
/// (for SPA: sendv_flags and each valid member).
@inline(__always)
private func appendSendvInfo(
  _ info: UnsafeRawPointer?, length: Int, type: UInt32, to control: inout ControlMessageBuilder
) -> Bool {
  typealias SPA = sctp_sendv_spa
  let sendInfo = (type: Int32(SCTP_SNDINFO.rawValue), size: MemoryLayout<sctp_sndinfo>.size)
  let partialReliabilityInfo = (type: Int32(SCTP_PRINFO.rawValue), size: MemoryLayout<sctp_prinfo>.size)
  let authenticationInfo = (type: Int32(SCTP_AUTHINFO.rawValue), size: MemoryLayout<sctp_authinfo>.size)
  /// The structure of `kind` at `offset` in `info`, when `length` covers it.
  func append(_ kind: (type: Int32, size: Int), at offset: Int, of info: UnsafeRawPointer) -> Bool {
    length >= offset + kind.size && control.append(kind.type, bytes: info + offset, count: kind.size)
  }
  switch Int(truncatingIfNeeded: type) {
  case SCTP_SENDV_SPA:
    guard let info, length >= MemoryLayout<UInt32>.size else { return false }
    let valid = info.loadUnaligned(fromByteOffset: MemoryLayout<SPA>.offset(of: \.sendv_flags)!, as: UInt32.self)
    // Each valid member is checked as it is appended: a refusal comes before
    // anything is sent all the same.
    return (valid & UInt32(SCTP_SEND_SNDINFO_VALID) == 0
      || append(sendInfo, at: MemoryLayout<SPA>.offset(of: \.sendv_sndinfo)!, of: info))
      && (valid & UInt32(SCTP_SEND_PRINFO_VALID) == 0
        || append(partialReliabilityInfo, at: MemoryLayout<SPA>.offset(of: \.sendv_prinfo)!, of: info))
      && (valid & UInt32(SCTP_SEND_AUTHINFO_VALID) == 0
        || append(authenticationInfo, at: MemoryLayout<SPA>.offset(of: \.sendv_authinfo)!, of: info))
  case SCTP_SENDV_SNDINFO:
    guard let info else { return false }
    return append(sendInfo, at: 0, of: info)
  case SCTP_SENDV_PRINFO:
    guard let info else { return false }
    return append(partialReliabilityInfo, at: 0, of: info)
  case SCTP_SENDV_AUTHINFO:
    guard let info else { return false }
    return append(authenticationInfo, at: 0, of: info)
  default:
    return true
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

/// The control data a send to addresses builds in a fixed stack buffer: all
/// of the attributes and a dozen addresses or more. A longer list is sized
/// first and built in a buffer of its size.
let smallSendControl = 512

/// One sendmsg(2) to `address` (none when nil; EINVAL when it is not IPv4 or
/// IPv6) with `attributes`, in a fixed stack buffer: a send that needs no
/// SCTP_DSTADDRV4/V6 message.
@inline(__always)
private func sendToOneAddress(
  _ socket: Int32, _ iov: UnsafePointer<iovec>?, _ iovCount: Int,
  _ address: UnsafeRawPointer?, _ attributes: SendAttributes, _ flags: Int32
) throws(Errno) -> Int {
  try withUnsafeTemporaryAllocation(byteCount: attributesControlSpace, alignment: 8) {
    buffer throws(Errno) in
    guard
      let sent = try send(
        building: buffer.baseAddress!, capacity: attributesControlSpace, socket, iov, iovCount, address,
        address == nil ? 0 : 1, attributes, flags, samePort: false)
    else { throw Errno(EINVAL) }
    return sent
  }
}

/// One sendmsg(2) to the `count` packed addresses at `addresses` (checked
/// here: EINVAL for an address that is not IPv4 or IPv6, or, with
/// `samePort`, whose port is not the first one's) with `attributes`: the
/// first address as msg_name, every other one as an SCTP_DSTADDRV4 or
/// SCTP_DSTADDRV6 message (its address only: the kernel takes no port from
/// it), then the attributes, in lksctp's order. (Not inlined: its frame
/// would weigh on every send without addresses.)
@inline(never)
private func sendToAddresses(
  _ socket: Int32, _ iov: UnsafePointer<iovec>?, _ iovCount: Int,
  _ addresses: UnsafeRawPointer, _ count: Int, _ attributes: SendAttributes, _ flags: Int32,
  samePort: Bool
) throws(Errno) -> Int {
  // A count no list of INT_MAX bytes has is refused before any address is
  // read, as PackedAddressList refuses it.
  guard count <= Int(Int32.max) / MemoryLayout<sockaddr_in>.size else { throw Errno(EINVAL) }
  let sent = try withUnsafeTemporaryAllocation(byteCount: smallSendControl, alignment: 8) {
    buffer throws(Errno) in
    try send(
      building: buffer.baseAddress!, capacity: smallSendControl, socket, iov, iovCount, addresses,
      count, attributes, flags, samePort: samePort)
  }
  if let sent { return sent }
  return try sendToManyAddresses(socket, iov, iovCount, addresses, count, attributes, flags, samePort: samePort)
}

/// Checks each of the `count` packed addresses at `addresses` in one walk
/// (EINVAL for a family other than IPv4 or IPv6, or, with `samePort`, a port
/// other than the first address's), and appends each after the first as an
/// SCTP_DSTADDRV4 or SCTP_DSTADDRV6 message. Returns the first address's
/// length, or nil when the messages do not fit in the buffer (the rest of
/// the list then unread).
@inline(__always)
private func appendDestinations(
  _ addresses: UnsafeRawPointer, _ count: Int, _ samePort: Bool, to control: inout ControlMessageBuilder
) throws(Errno) -> Int? {
  // sin_port and sin6_port lie at the same offset.
  let portOffset = MemoryLayout<sockaddr_in>.offset(of: \.sin_port)!
  let port = addresses.loadUnaligned(fromByteOffset: portOffset, as: UInt16.self)
  let firstLength = socketAddressLength(family: PackedAddressList.family(at: addresses))
  guard firstLength > 0 else { throw Errno(EINVAL) }
  var offset = firstLength
  var remaining = count &- 1
  while remaining > 0 {
    let address = addresses + offset
    let appended: Bool
    switch Int32(PackedAddressList.family(at: address)) {
    case AF_INET:
      appended = control.append(
        Int32(SCTP_DSTADDRV4.rawValue), bytes: address + MemoryLayout<sockaddr_in>.offset(of: \.sin_addr)!,
        count: MemoryLayout<in_addr>.size)
      offset &+= MemoryLayout<sockaddr_in>.size
    case AF_INET6:
      appended = control.append(
        Int32(SCTP_DSTADDRV6.rawValue), bytes: address + MemoryLayout<sockaddr_in6>.offset(of: \.sin6_addr)!,
        count: MemoryLayout<in6_addr>.size)
      offset &+= MemoryLayout<sockaddr_in6>.size
    default:
      throw Errno(EINVAL)
    }
    guard appended else { return nil }
    if samePort, address.loadUnaligned(fromByteOffset: portOffset, as: UInt16.self) != port {
      throw Errno(EINVAL)
    }
    remaining &-= 1
  }
  return firstLength
}

/// A send as sendToManyAddresses makes it through the stack buffer's C
/// callback, and what it threw.
private struct AddressedSend {
  var socket: Int32
  var iov: UnsafePointer<iovec>?
  var iovCount: Int
  var addresses: UnsafeRawPointer
  var count: Int
  var attributes: SendAttributes
  var flags: Int32
  var samePort: Bool
  var controlLength: Int
  var error = Errno(0)

  /// The send, its control data built in the `controlLength` bytes at `buffer`.
  func send(control buffer: UnsafeMutableRawPointer) throws(Errno) -> Int {
    guard
      let sent = try SCTP.send(
        building: buffer, capacity: controlLength, socket, iov, iovCount, addresses, count,
        attributes, flags, samePort: samePort)
    else { throw Errno(EINVAL) }
    return sent
  }
}

/// The send to addresses, its control data (appendDestinations, then the
/// attributes) built in the `capacity` bytes at `buffer`; nil when it does
/// not fit there.
@inline(__always)
private func send(
  building buffer: UnsafeMutableRawPointer, capacity: Int, _ socket: Int32,
  _ iov: UnsafePointer<iovec>?, _ iovCount: Int, _ addresses: UnsafeRawPointer?, _ count: Int,
  _ attributes: SendAttributes, _ flags: Int32, samePort: Bool
) throws(Errno) -> Int? {
  var control = ControlMessageBuilder(buffer, capacity: capacity)
  var firstLength = 0
  if let addresses {
    guard let length = try appendDestinations(addresses, count, samePort, to: &control) else { return nil }
    firstLength = length
  }
  guard attributes.append(to: &control) else { return nil }
  return try sendGathered(
    socket, iov, iovCount, UnsafeMutableRawPointer(mutating: addresses),
    socklen_t(truncatingIfNeeded: firstLength), control.control, control.length, flags)
}

/// The rare list whose messages the fixed buffer does not hold: validated
/// and measured first (PackedAddressList), then built in a stack buffer of
/// its size, or above largestSendControl one from malloc.
@inline(never)
private func sendToManyAddresses(
  _ socket: Int32, _ iov: UnsafePointer<iovec>?, _ iovCount: Int,
  _ addresses: UnsafeRawPointer, _ count: Int, _ attributes: SendAttributes, _ flags: Int32,
  samePort: Bool
) throws(Errno) -> Int {
  let destinations = try PackedAddressList(addresses, count: Int32(truncatingIfNeeded: count))
  guard let length = controlLength(destinations) else { throw Errno(EINVAL) }
  var send = AddressedSend(
    socket: socket, iov: iov, iovCount: iovCount, addresses: addresses, count: count,
    attributes: attributes, flags: flags, samePort: samePort, controlLength: length)
  if length > largestSendControl {
    guard let buffer = malloc(length) else { throw Errno(ENOMEM) }
    defer { free(buffer) }
    return try send.send(control: buffer)
  }
  let sent = withStackBuffer(byteCount: length, context: &send) { buffer, send in
    let send = send!.assumingMemoryBound(to: AddressedSend.self)
    do throws(Errno) {
      return try send.pointee.send(control: buffer!)
    } catch {
      send.pointee.error = error
      return -1
    }
  }
  if sent < 0 { throw send.error }
  return sent
}

/// Room for the control data of every address of `destinations` but the
/// first, as SCTP_DSTADDRV4 and SCTP_DSTADDRV6 messages, and the attributes;
/// nil when it does not fit an Int (not on a 64-bit machine: at most INT_MAX
/// / 16 addresses).
@inline(__always)
private func controlLength(_ destinations: PackedAddressList) -> Int? {
  let firstIsIPv6 = Int32(PackedAddressList.family(at: destinations.start)) == AF_INET6 ? 1 : 0
  let ipv6 = destinations.ipv6Count &- firstIsIPv6
  let ipv4 = destinations.count &- 1 &- ipv6
  let (ipv4Bytes, o1) = ipv4.multipliedReportingOverflow(by: controlSpace(MemoryLayout<in_addr>.size))
  let (ipv6Bytes, o2) = ipv6.multipliedReportingOverflow(by: controlSpace(MemoryLayout<in6_addr>.size))
  let (addressBytes, o3) = ipv4Bytes.addingReportingOverflow(ipv6Bytes)
  let (total, o4) = addressBytes.addingReportingOverflow(attributesControlSpace)
  return o1 || o2 || o3 || o4 ? nil : total
}

/// The id of the association that has `peer` as a peer address, asked of the
/// kernel with SCTP_GET_PEER_ADDR_INFO; 0 when it knows none.
private func associationId(_ socket: Int32, peer: UnsafeRawPointer) -> sctp_assoc_t {
  var info = sctp_paddrinfo()
  let length = socketAddressLength(family: PackedAddressList.family(at: peer))
  withUnsafeMutableBytes(of: &info.spinfo_address) { _ = memcpy($0.baseAddress!, peer, length) }
  var infoLength = socklen_t(MemoryLayout<sctp_paddrinfo>.size)
  // A failure here leaves the send's result as it is: the id stays 0.
  guard (try? Kernel.getSCTPOption(socket, SCTP_GET_PEER_ADDR_INFO, &info, &infoLength)) != nil else {
    return 0
  }
  return info.spinfo_assoc_id
}
