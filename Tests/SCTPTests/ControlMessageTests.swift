import CSCTP
import Testing

@testable import SCTP

@Suite struct ControlMessageTests {
  @Test(arguments: [0, 1, 4, 7, 8, 16, 28, 32, 100])
  func controlSpaceAndAlignAreTheMacros(length: Int) {
    #expect(controlSpace(length) == csctp_cmsg_space(length))
    #expect(controlAlign(length) == csctp_cmsg_align(length))
  }

  @Test func theBuilderWritesMessagesUpToItsCapacity() {
    var buffer = [UInt8](repeating: 0xAA, count: 2 * controlSpace(4))
    var value = UInt32(7)
    buffer.withUnsafeMutableBytes { raw in
      var control = ControlMessageBuilder(raw.baseAddress!, capacity: raw.count)
      #expect(control.append(1, bytes: &value, count: 4))
      #expect(control.append(2, bytes: &value, count: 4))
      #expect(control.length == raw.count)
    }
  }

  @Test func theBuilderRefusesAMessagePastItsCapacityAndWritesNothing() {
    var buffer = [UInt8](repeating: 0xAA, count: controlSpace(4) + controlSpace(16) - 1)
    var value = (UInt64(1), UInt64(2))
    buffer.withUnsafeMutableBytes { raw in
      var control = ControlMessageBuilder(raw.baseAddress!, capacity: raw.count)
      #expect(control.append(1, bytes: &value, count: 4))
      #expect(!control.append(2, bytes: &value, count: 16))
      #expect(control.length == controlSpace(4))
    }
    #expect(buffer[controlSpace(4)...].allSatisfy { $0 == 0xAA })
  }

  @Test func theBuilderRefusesANegativeCount() {
    var buffer = [UInt8](repeating: 0, count: 64)
    var value = UInt8(0)
    buffer.withUnsafeMutableBytes { raw in
      var control = ControlMessageBuilder(raw.baseAddress!, capacity: raw.count)
      #expect(!control.append(1, bytes: &value, count: -1))
    }
  }
}
