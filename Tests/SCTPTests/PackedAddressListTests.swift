import CSCTP
import Testing

@testable import SCTP

/// A packed list built the way a C caller builds one: addresses back to back.
private func packed(_ families: [Int32], misalignedBy offset: Int = 0) -> [UInt8] {
  var bytes = [UInt8](repeating: 0, count: offset)
  for family in families {
    let length =
      family == AF_INET6 ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size
    var address = [UInt8](repeating: 0, count: max(length, 16))
    address[0] = UInt8(truncatingIfNeeded: family)
    address[1] = UInt8(truncatingIfNeeded: family >> 8)
    bytes += address.prefix(max(length, 16))
  }
  return bytes
}

@Suite struct PackedAddressListTests {
  @Test func sumsTheLengthsOfEachFamily() {
    let bytes = packed([AF_INET, AF_INET6, AF_INET])
    bytes.withUnsafeBytes { raw in
      let list = try? PackedAddressList(raw.baseAddress, count: 3)
      #expect(list?.count == 3)
      #expect(list?.byteCount == 16 + 28 + 16)
      #expect(list?.socketLength == 60)
    }
  }

  @Test func readsAListThatStartsAtAnOddAddress() {
    let bytes = packed([AF_INET6, AF_INET], misalignedBy: 1)
    bytes.withUnsafeBytes { raw in
      let list = try? PackedAddressList(raw.baseAddress! + 1, count: 2)
      #expect(list?.byteCount == 28 + 16)
    }
  }

  @Test func aNullListIsEFAULT() {
    #expect(throws: Errno(EFAULT)) { try PackedAddressList(nil, count: 1) }
  }

  @Test(arguments: [Int32(0), -1, Int32.min])
  func aCountBelowOneIsEINVAL(count: Int32) {
    let bytes = packed([AF_INET])
    bytes.withUnsafeBytes { raw in
      #expect(throws: Errno(EINVAL)) { try PackedAddressList(raw.baseAddress, count: count) }
    }
  }

  @Test(arguments: [AF_UNSPEC, AF_UNIX, Int32(0xFFFF)])
  func anAddressOfAnotherFamilyIsEINVAL(family: Int32) {
    let bytes = packed([AF_INET, family, AF_INET])
    bytes.withUnsafeBytes { raw in
      #expect(throws: Errno(EINVAL)) { try PackedAddressList(raw.baseAddress, count: 3) }
    }
  }

  @Test func familyLengthsAreThoseOfTheSocketAddressStructures() {
    #expect(socketAddressLength(family: sa_family_t(AF_INET)) == 16)
    #expect(socketAddressLength(family: sa_family_t(AF_INET6)) == 28)
    #expect(socketAddressLength(family: sa_family_t(AF_UNSPEC)) == 0)
  }
}

@Suite struct AddressBufferTests {
  @Test func theStackReadHoldsTheHeaderAnd128IPv6Addresses() {
    #expect(stackReadSize == MemoryLayout<sctp_getaddrs>.size + 128 * MemoryLayout<sockaddr_in6>.size)
    #expect(stackReadSize < 4096)
  }

  @Test func theStackBufferIsWritableForItsWholeLengthAndHandsBackTheResult() {
    var context = (size: 5000, seed: UInt8(7))
    let sum = withStackBuffer(byteCount: 5000, context: &context) { buffer, context in
      let context = context!.assumingMemoryBound(to: (size: Int, seed: UInt8).self).pointee
      let bytes = buffer!.assumingMemoryBound(to: UInt8.self)
      for index in 0..<context.size { bytes[index] = context.seed }
      var total = 0
      for index in 0..<context.size { total += Int(bytes[index]) }
      return total
    }
    #expect(sum == 5000 * 7)
  }
}
