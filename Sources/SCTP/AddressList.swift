import CSCTP

/// A caller's packed list of socket addresses, as sctp_bindx(3),
/// sctp_connectx(3), sctp_sendv(3) and sctp_sendx take it: `sockaddr_in` and
/// `sockaddr_in6` back to back, each as long as its family says.
///
/// The one walker of such lists in the library. It reads only what the count
/// lets it read, and never assumes the caller aligned anything.
struct PackedAddressList {
  let start: UnsafeRawPointer
  let count: Int
  /// The bytes the list spans, which is what the kernel's options expect as
  /// their length.
  let byteCount: Int

  /// Validates a list the caller passed: EFAULT when it is NULL, EINVAL for a
  /// count below 1 or above INT_MAX / 16, an address of a family other than
  /// IPv4 or IPv6, or a list longer than a socket option can carry.
  @inline(__always)
  init(_ addresses: UnsafeRawPointer?, count addressCount: Int32) throws(Errno) {
    guard let addresses else { throw Errno(EFAULT) }
    // More addresses than INT_MAX bytes can hold (16 each at least) make a
    // list longer than that whatever their families: refused before any is
    // read, rather than walked past the caller's memory.
    guard addressCount > 0, Int(addressCount) <= Int(Int32.max) / MemoryLayout<sockaddr_in>.size else {
      throw Errno(EINVAL)
    }
    // At most Int32.max addresses of at most 28 bytes: the sum cannot
    // overflow an Int, so one bound at the end suffices.
    var offset = 0
    var remaining = addressCount
    repeat {
      let length = socketAddressLength(family: Self.family(at: addresses + offset))
      guard length > 0 else { throw Errno(EINVAL) }
      offset &+= length
      remaining &-= 1
    } while remaining != 0
    guard offset <= Int(Int32.max) else { throw Errno(EINVAL) }
    self.start = addresses
    self.count = Int(addressCount)
    self.byteCount = offset
  }

  /// The length sctp_bindx(3) and sctp_connectx(3) give the kernel with a
  /// caller's list, as lksctp counts it: the bytes of `count` addresses, 0
  /// for a count below 1 (the list then unread, and the kernel judges);
  /// EINVAL for an address of a family other than IPv4 or IPv6. Where lksctp
  /// does harm this refuses instead: EFAULT for a NULL list it would read,
  /// EINVAL for a list longer than INT_MAX bytes, whose length lksctp
  /// overflows (and which, at more than INT_MAX / 16 addresses, it would walk
  /// past the caller's memory before).
  @inline(__always)
  static func optionLength(_ addresses: UnsafeRawPointer?, count addressCount: Int32) throws(Errno) -> socklen_t {
    guard addressCount > 0 else { return 0 }
    guard let addresses else { throw Errno(EFAULT) }
    return try PackedAddressList(addresses, count: addressCount).socketLength
  }

  /// The bytes `count` packed addresses at `start` span, when each is IPv4 or
  /// IPv6 and all of them lie within `limit` bytes; nil otherwise. For lists
  /// the kernel wrote, whose length it does not always report (Linux leaves
  /// the header out of SCTP_GET_LOCAL_ADDRS's and counts it in
  /// SCTP_GET_PEER_ADDRS's).
  static func byteCount(of start: UnsafeRawPointer, count: Int, within limit: Int) -> Int? {
    var offset = 0
    for _ in 0..<max(count, 0) {
      guard offset <= limit &- MemoryLayout<sockaddr>.size else { return nil }
      let length = socketAddressLength(family: family(at: start + offset))
      guard length > 0, length <= limit &- offset else { return nil }
      offset &+= length
    }
    return offset
  }

  /// How many of the addresses are IPv6 ones, which take 12 bytes more
  /// than an IPv4 one: told by `byteCount`, with no walk.
  var ipv6Count: Int {
    (byteCount &- count &* MemoryLayout<sockaddr_in>.size)
      / (MemoryLayout<sockaddr_in6>.size &- MemoryLayout<sockaddr_in>.size)
  }

  /// The length the kernel expects with the list.
  var socketLength: socklen_t { socklen_t(truncatingIfNeeded: byteCount) }

  @inline(__always)
  static func family(at address: UnsafeRawPointer) -> sa_family_t {
    address.loadUnaligned(
      fromByteOffset: MemoryLayout<sockaddr>.offset(of: \.sa_family)!, as: sa_family_t.self)
  }
}

/// The size of a socket address of `family`: that of `sockaddr_in` or
/// `sockaddr_in6`, and 0 for every family SCTP does not carry.
@inline(__always)
func socketAddressLength(family: sa_family_t) -> Int {
  switch Int32(family) {
  case AF_INET: return MemoryLayout<sockaddr_in>.size
  case AF_INET6: return MemoryLayout<sockaddr_in6>.size
  default: return 0
  }
}
