import CSCTP

/// sctp_getaddrlen(3): the length of a socket address of `family`: 16 for
/// AF_INET, 28 for AF_INET6, 0 for any other family.
@c @implementation
public func sctp_getaddrlen(_ family: sa_family_t) -> Int32 {
  Int32(truncatingIfNeeded: socketAddressLength(family: family))
}

/// sctp_getpaddrs(3): stores in `*addrs` one allocation holding the packed
/// peer addresses of association `id` (ignored on a one-to-one socket), and
/// returns their number; 0, with `*addrs` NULL, when there is no association.
@c @implementation
public func sctp_getpaddrs(
  _ sd: Int32, _ id: sctp_assoc_t, _ addrs: UnsafeMutablePointer<UnsafeMutablePointer<sockaddr>?>?
) -> Int32 {
  getAddresses(SCTP_GET_PEER_ADDRS, sd, id, addrs)
}

/// sctp_freepaddrs(3): releases what sctp_getpaddrs stored.
@c @implementation
public func sctp_freepaddrs(_ addrs: UnsafeMutablePointer<sockaddr>?) -> Int32 {
  free(addrs)
  return 0
}

/// sctp_getladdrs(3): stores in `*addrs` one allocation holding the packed
/// local addresses of association `id` (of the socket itself when `id` is 0,
/// or on a one-to-one socket), and returns their number; 0, with `*addrs`
/// NULL, on an unbound socket.
@c @implementation
public func sctp_getladdrs(
  _ sd: Int32, _ id: sctp_assoc_t, _ addrs: UnsafeMutablePointer<UnsafeMutablePointer<sockaddr>?>?
) -> Int32 {
  getAddresses(SCTP_GET_LOCAL_ADDRS, sd, id, addrs)
}

/// sctp_freeladdrs(3): releases what sctp_getladdrs stored.
@c @implementation
public func sctp_freeladdrs(_ addrs: UnsafeMutablePointer<sockaddr>?) -> Int32 {
  free(addrs)
  return 0
}

/// How many addresses the first request has room for: more than any common
/// multi-homed association has, in a stack buffer of under 4 KiB.
let addressesReadOnStack = 128

/// Beyond this the kernel's "buffer too short" is taken as the truth it also
/// can be (it cannot allocate its own copy), not as a reason to grow.
let largestAddressBuffer = 1 << 24

private let requestHeaderSize = MemoryLayout<sctp_getaddrs>.size
let stackReadSize = requestHeaderSize + addressesReadOnStack * MemoryLayout<sockaddr_in6>.size

/// What a read of an address list needs to know, through the stack buffer's
/// C callback.
private struct AddressQuery {
  var request: Int32
  var socket: Int32
  var association: sctp_assoc_t
  var result: UnsafeMutablePointer<UnsafeMutablePointer<sockaddr>?>
}

/// Reads an address list (SCTP_GET_PEER_ADDRS or SCTP_GET_LOCAL_ADDRS) and
/// hands it over in one allocation of exactly its size: read into the stack
/// first, and into a growing heap buffer only when the kernel says the list
/// is longer than that.
private func getAddresses(
  _ request: Int32, _ sd: Int32, _ id: sctp_assoc_t,
  _ result: UnsafeMutablePointer<UnsafeMutablePointer<sockaddr>?>?
) -> Int32 {
  guard let result else { return failure(EFAULT) }
  var query = AddressQuery(request: request, socket: sd, association: id, result: result)
  let count = withStackBuffer(byteCount: stackReadSize, context: &query) { buffer, query in
    Int(getAddresses(query!.assumingMemoryBound(to: AddressQuery.self).pointee, onStack: buffer!))
  }
  return Int32(truncatingIfNeeded: count)
}

private func getAddresses(_ query: AddressQuery, onStack buffer: UnsafeMutableRawPointer) -> Int32 {
  let read = readAddresses(
    query.request, query.socket, query.association, into: buffer, size: stackReadSize)
  if read.status == 0 {
    return handOver(read, from: buffer, to: query.result)
  }
  if lastError == ENOMEM {
    return readIntoHeap(
      query.request, query.socket, query.association, startingAt: stackReadSize &* 2,
      to: query.result)
  }
  return noAssociation(query.request, query.socket, query.association, query.result)
}

/// The kernel's answer to one read: its status, and the number of addresses
/// and the bytes they span after the request header.
private struct AddressRead {
  var status: Int32
  var count: Int32 = 0
  var bytes: Int = 0
}

private func readAddresses(
  _ request: Int32, _ sd: Int32, _ id: sctp_assoc_t, into buffer: UnsafeMutableRawPointer, size: Int
) -> AddressRead {
  let header = buffer.bindMemory(to: sctp_getaddrs.self, capacity: 1)
  header.pointee.assoc_id = id
  header.pointee.addr_num = 0
  var length = socklen_t(truncatingIfNeeded: size)
  let status = Kernel.getSCTPOption(sd, request, buffer, &length)
  guard status == 0 else { return AddressRead(status: status) }
  let count = Int32(truncatingIfNeeded: min(header.pointee.addr_num, UInt32(Int32.max)))
  guard
    let bytes = PackedAddressList.byteCount(
      of: buffer + requestHeaderSize, count: Int(count), within: size &- requestHeaderSize)
  else {
    csctp_set_errno(EIO)
    return AddressRead(status: -1)
  }
  // Linux leaves the header out of SCTP_GET_LOCAL_ADDRS's length, and
  // memcheck believes the length: without this, every caller that reads the
  // last 8 bytes of the list (an IPv6 address's tail and scope id) would be
  // told they were never written.
  csctp_memcheck_mark_defined(buffer, requestHeaderSize &+ bytes)
  return AddressRead(status: 0, count: count, bytes: bytes)
}

/// Copies the addresses after the request header into one allocation of
/// their size, stores it in `*result`, and returns their number.
private func handOver(
  _ read: AddressRead, from buffer: UnsafeMutableRawPointer,
  to result: UnsafeMutablePointer<UnsafeMutablePointer<sockaddr>?>
) -> Int32 {
  guard read.count > 0 else {
    result.pointee = nil
    return 0
  }
  guard let copy = malloc(read.bytes) else { return failure(ENOMEM) }
  memcpy(copy, buffer + requestHeaderSize, read.bytes)
  result.pointee = copy.assumingMemoryBound(to: sockaddr.self)
  return read.count
}

/// The rare list longer than the stack buffer: read into a heap buffer that
/// doubles while the kernel says it is short, then move the addresses to its
/// start so that it is itself what the caller frees.
private func readIntoHeap(
  _ request: Int32, _ sd: Int32, _ id: sctp_assoc_t, startingAt initialSize: Int,
  to result: UnsafeMutablePointer<UnsafeMutablePointer<sockaddr>?>
) -> Int32 {
  var size = initialSize
  while size <= largestAddressBuffer {
    guard let buffer = malloc(size) else { return failure(ENOMEM) }
    let read = readAddresses(request, sd, id, into: buffer, size: size)
    if read.status == 0 {
      guard read.count > 0 else {
        free(buffer)
        result.pointee = nil
        return 0
      }
      memmove(buffer, buffer + requestHeaderSize, read.bytes)
      result.pointee = buffer.assumingMemoryBound(to: sockaddr.self)
      return read.count
    }
    let error = lastError
    free(buffer)
    // Any other answer means what it means to the first read: EINVAL says
    // the association ended since then (or the id was wrong all along).
    guard error == ENOMEM else {
      csctp_set_errno(error)
      return noAssociation(request, sd, id, result)
    }
    size &*= 2
  }
  return failure(ENOMEM)
}

/// The kernel says EINVAL when the association id names none (the request
/// itself is always well formed). On a one-to-one socket, whose id is to be
/// ignored, that means the socket has no association: sctp_getpaddrs returns
/// 0 then, with `*addrs` NULL, and sctp_getladdrs lists the socket's own
/// addresses. On a one-to-many socket the id was wrong: EINVAL.
private func noAssociation(
  _ request: Int32, _ sd: Int32, _ id: sctp_assoc_t,
  _ result: UnsafeMutablePointer<UnsafeMutablePointer<sockaddr>?>
) -> Int32 {
  let error = lastError
  guard error == EINVAL, isOneToOneStyle(sd, withoutAssociation: id) else {
    return failure(error)
  }
  if request == SCTP_GET_PEER_ADDRS {
    result.pointee = nil
    return 0
  }
  guard id != 0 else { return failure(error) }
  return getAddresses(request, sd, 0, result)
}

/// Whether `socket` is one-to-one style: a SOCK_STREAM socket, or one peeled
/// off a one-to-many socket (which Linux still types SOCK_SEQPACKET). Asked
/// with SCTP_CONTEXT for an association `id` the kernel just said it does not
/// have: only a one-to-many socket refuses that (EINVAL); a one-to-one
/// socket ignores the id and answers with its own setting.
private func isOneToOneStyle(_ socket: Int32, withoutAssociation id: sctp_assoc_t) -> Bool {
  var probe = sctp_assoc_value(assoc_id: id == 0 ? sctp_assoc_t(SCTP_CURRENT_ASSOC) : id, assoc_value: 0)
  var length = socklen_t(MemoryLayout<sctp_assoc_value>.size)
  return Kernel.getSCTPOption(socket, SCTP_CONTEXT, &probe, &length) == 0
}
