import CSCTP

/// sctp_getaddrlen(3): the length of a socket address of `family`: 16 for
/// AF_INET, 28 for AF_INET6, 0 for any other family.
@c @implementation
public func sctp_getaddrlen(_ family: sa_family_t) -> Int32 {
  Int32(truncatingIfNeeded: socketAddressLength(family: family))
}

/// sctp_getpaddrs(3): stores in `*addrs` one allocation holding the packed
/// peer addresses of association `id` (ignored on a one-to-one socket), and
/// returns their number. Where the kernel refuses (no association, a wrong
/// id), -1 with its errno, as lksctp.
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
/// local addresses of association `id` (of the socket itself when `id` is 0),
/// and returns their number, which is 0 on an unbound socket (with an
/// allocation all the same, as lksctp). Where the kernel refuses, -1 with its
/// errno.
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

/// lksctp's largest read buffer (it grows 4 KiB at a time from 4 KiB and
/// stops past 128 KiB): a list the kernel says is longer than this holds
/// fails with ENOBUFS, as there.
let largestAddressBuffer = 128 * 1024 + 4096

private let requestHeaderSize = MemoryLayout<sctp_getaddrs>.size
let stackReadSize = requestHeaderSize + addressesReadOnStack * MemoryLayout<sockaddr_in6>.size

/// What a read of an address list needs to know, through the stack buffer's
/// C callback, and what it threw. `result` is the caller's `addrs`, NULL
/// included: lksctp makes the read before it stores through it.
private struct AddressQuery {
  var request: Int32
  var socket: Int32
  var association: sctp_assoc_t
  var result: UnsafeMutablePointer<UnsafeMutablePointer<sockaddr>?>?
  var error = Errno(0)
}

/// Reads an address list (SCTP_GET_PEER_ADDRS or SCTP_GET_LOCAL_ADDRS) and
/// hands it over in one allocation of exactly its size: read into the stack
/// first, and into a growing heap buffer only when the kernel says the list
/// is longer than that.
private func getAddresses(
  _ request: Int32, _ sd: Int32, _ id: sctp_assoc_t,
  _ result: UnsafeMutablePointer<UnsafeMutablePointer<sockaddr>?>?
) -> Int32 {
  returningMinusOneOnError { () throws(Errno) in
    var query = AddressQuery(request: request, socket: sd, association: id, result: result)
    let count = withStackBuffer(byteCount: stackReadSize, context: &query) { buffer, query in
      let query = query!.assumingMemoryBound(to: AddressQuery.self)
      do throws(Errno) {
        return Int(try getAddresses(query.pointee, onStack: buffer!))
      } catch {
        query.pointee.error = error
        return -1
      }
    }
    if count < 0 { throw query.error }
    return Int32(truncatingIfNeeded: count)
  }
}

private func getAddresses(_ query: AddressQuery, onStack buffer: UnsafeMutableRawPointer) throws(Errno) -> Int32 {
  let read: AddressRead
  do throws(Errno) {
    read = try readAddresses(query.request, query.socket, query.association, into: buffer, size: stackReadSize)
  } catch where error == Errno(ENOMEM) {
    return try readIntoHeap(
      query.request, query.socket, query.association, startingAt: stackReadSize &* 2, to: query.result)
  }
  return try handOver(read, from: buffer, to: query.result)
}

/// The kernel's answer to one read: the number of addresses and the bytes
/// they span after the request header.
private struct AddressRead {
  var count: Int32
  var bytes: Int
}

private func readAddresses(
  _ request: Int32, _ sd: Int32, _ id: sctp_assoc_t, into buffer: UnsafeMutableRawPointer, size: Int
) throws(Errno) -> AddressRead {
  let header = buffer.bindMemory(to: sctp_getaddrs.self, capacity: 1)
  header.pointee.assoc_id = id
  header.pointee.addr_num = 0
  var length = socklen_t(truncatingIfNeeded: size)
  _ = try Kernel.getSCTPOption(sd, request, buffer, &length)
  let count = Int32(truncatingIfNeeded: min(header.pointee.addr_num, UInt32(Int32.max)))
  guard
    let bytes = PackedAddressList.byteCount(
      of: buffer + requestHeaderSize, count: Int(count), within: size &- requestHeaderSize)
  else { throw Errno(EIO) }
  // Linux leaves the header out of SCTP_GET_LOCAL_ADDRS's length, and
  // memcheck believes the length: without this, every caller that reads the
  // last 8 bytes of the list (an IPv6 address's tail and scope id) would be
  // told they were never written.
  csctp_memcheck_mark_defined(buffer, requestHeaderSize &+ bytes)
  return AddressRead(count: count, bytes: bytes)
}

/// Copies the addresses after the request header into one allocation of
/// their size (at least one byte: an empty list is an allocation too, which
/// the free call releases, as lksctp's), stores it in `*result`, and returns
/// their number.
private func handOver(
  _ read: AddressRead, from buffer: UnsafeMutableRawPointer,
  to result: UnsafeMutablePointer<UnsafeMutablePointer<sockaddr>?>?
) throws(Errno) -> Int32 {
  // lksctp stores the list through a NULL addrs and crashes.
  guard let result else { throw Errno(EFAULT) }
  guard let copy = malloc(max(read.bytes, 1)) else { throw Errno(ENOMEM) }
  memcpy(copy, buffer + requestHeaderSize, read.bytes)
  result.pointee = copy.assumingMemoryBound(to: sockaddr.self)
  return read.count
}

/// The rare list longer than the stack buffer: read into a heap buffer that
/// doubles (up to lksctp's largest) while the kernel says it is short, then
/// move the addresses to its start so that it is itself what the caller
/// frees.
private func readIntoHeap(
  _ request: Int32, _ sd: Int32, _ id: sctp_assoc_t, startingAt initialSize: Int,
  to result: UnsafeMutablePointer<UnsafeMutablePointer<sockaddr>?>?
) throws(Errno) -> Int32 {
  var size = initialSize
  while true {
    guard let buffer = malloc(size) else { throw Errno(ENOMEM) }
    let read: AddressRead
    do throws(Errno) {
      read = try readAddresses(request, sd, id, into: buffer, size: size)
    } catch {
      free(buffer)
      guard error == Errno(ENOMEM) else { throw error }
      if size == largestAddressBuffer { throw Errno(ENOBUFS) }
      size = min(size &* 2, largestAddressBuffer)
      continue
    }
    guard let result else {
      free(buffer)
      throw Errno(EFAULT)
    }
    memmove(buffer, buffer + requestHeaderSize, read.bytes)
    result.pointee = buffer.assumingMemoryBound(to: sockaddr.self)
    return read.count
  }
}
