import CSCTP

/// The level of every ancillary message this library writes or reads.
let sctpLevel = Int32(IPPROTO_SCTP)

/// CMSG_ALIGN: ancillary data is laid out in units of `size_t`.
@inline(__always)
func controlAlign(_ length: Int) -> Int {
  (length &+ (MemoryLayout<Int>.size &- 1)) & ~(MemoryLayout<Int>.size &- 1)
}

/// The buffer space one ancillary message of `dataLength` bytes takes:
/// CMSG_SPACE, written out in Swift (and checked against the macro by the
/// unit tests) so that the compiler folds it, and every control buffer sized
/// with it is a fixed slot of the stack frame rather than a dynamic alloca.
@inline(__always)
func controlSpace(_ dataLength: Int) -> Int {
  controlAlign(MemoryLayout<cmsghdr>.size) &+ controlAlign(dataLength)
}

/// Ancillary data for sendmsg(2), written one message after another into a
/// buffer of `capacity` bytes, sized with `controlSpace` for each. The one
/// builder of the library.
struct ControlMessageBuilder {
  private let start: UnsafeMutableRawPointer
  private let capacity: Int
  private(set) var length = 0

  init(_ buffer: UnsafeMutableRawPointer, capacity: Int) {
    start = buffer
    self.capacity = capacity
  }

  /// The buffer, as msghdr takes it (the kernel reads none of it when
  /// `length` is 0).
  var control: UnsafeMutableRawPointer { start }

  /// Appends an IPPROTO_SCTP message of `type` carrying `count` bytes; false,
  /// with nothing written, when it does not fit in what is left of the
  /// buffer.
  @inline(__always)
  mutating func append(_ type: Int32, bytes: UnsafeRawPointer, count: Int) -> Bool {
    // length <= capacity always holds: the room left cannot be negative.
    guard count >= 0, controlSpace(count) <= capacity &- length else { return false }
    let header = (start + length).bindMemory(to: cmsghdr.self, capacity: 1)
    header.pointee.cmsg_len = csctp_cmsg_len(count)
    header.pointee.cmsg_level = sctpLevel
    header.pointee.cmsg_type = type
    memcpy(start + length + controlSpace(0), bytes, count)
    // The alignment padding goes to the kernel too: defined bytes, not stack
    // garbage (memcheck reports it otherwise).
    let padding = controlSpace(count) &- controlSpace(0) &- count
    if padding > 0 { memset(start + length + controlSpace(0) + count, 0, padding) }
    length &+= controlSpace(count)
    return true
  }
}

/// One SCTP_SNDRCV ancillary message, laid out as CMSG_SPACE(sizeof(struct
/// sctp_sndrcvinfo)) bytes: its header, then the structure (no padding on
/// Linux: the header is 16 bytes, the structure 32). What sctp_sendmsg and
/// sctp_send send, built in place.
struct SendReceiveControl {
  var header: cmsghdr
  var info: sctp_sndrcvinfo

  /// Its cmsg_len: CMSG_LEN(sizeof(struct sctp_sndrcvinfo)).
  static var messageLength: Int { csctp_cmsg_len(MemoryLayout<sctp_sndrcvinfo>.size) }

  @inline(__always)
  init(_ info: sctp_sndrcvinfo) {
    header = cmsghdr()
    header.cmsg_len = Self.messageLength
    header.cmsg_level = sctpLevel
    header.cmsg_type = Int32(SCTP_SNDRCV.rawValue)
    self.info = info
  }

  /// The message with the caller's structure copied byte for byte, padding
  /// included, as lksctp's memcpy copies it.
  @inline(__always)
  init(copying info: UnsafePointer<sctp_sndrcvinfo>) {
    self.init(sctp_sndrcvinfo())
    withUnsafeMutableBytes(of: &self.info) {
      _ = memcpy($0.baseAddress!, info, MemoryLayout<sctp_sndrcvinfo>.size)
    }
  }
}

/// What the kernel said about a received message in its ancillary data:
/// pointers to the SCTP structures it sent whole. The one parser of the
/// library, for sctp_recvmsg and sctp_recvv.
///
/// It reads only the `length` bytes the kernel reported writing, takes a
/// message only when its header and its whole structure lie inside them, and
/// so never yields a structure that MSG_CTRUNC cut short. Each caller walks
/// as far as it needs: sctp_recvmsg to the first SCTP_SNDRCV, sctp_recvv
/// through the attributes while it keeps them.
struct ReceivedControlMessages {
  /// An attribute of the received message that sctp_recvv passes on.
  enum Attribute {
    case receiveInfo(UnsafeRawPointer)
    case nextInfo(UnsafeRawPointer)
  }

  private var control: UnsafeRawPointer?
  private var length = 0
  /// The SCTP_SNDRCV structure, when it was found without a walk.
  private var knownSendReceiveInfo: UnsafeRawPointer?

  /// No ancillary data.
  init() {}

  /// The SCTP_SNDRCV structure at `data`, alone.
  init(sendReceiveInfo data: UnsafeRawPointer) {
    knownSendReceiveInfo = data
  }

  /// The `length` bytes at `control`.
  init(_ control: UnsafeRawPointer, length: Int) {
    self.control = control
    self.length = length
  }

  /// Whether the `reportedLength` bytes at `control` start with one whole
  /// SCTP_SNDRCV message: what Linux sends a socket that subscribed to
  /// sctp_data_io_event and asked for nothing else. Recognised by its header
  /// alone, it needs no walk.
  @inline(__always)
  static func startWithSendReceiveInfo(_ control: UnsafeRawPointer, reportedLength: UInt) -> Bool {
    reportedLength >= UInt(MemoryLayout<SendReceiveControl>.size)
      && control.isHeader(length: SendReceiveControl.messageLength, type: Int32(SCTP_SNDRCV.rawValue))
  }

  /// The first SCTP_SNDRCV structure.
  var sendReceiveInfo: UnsafeRawPointer? {
    if let knownSendReceiveInfo { return knownSendReceiveInfo }
    var found: UnsafeRawPointer?
    forEachMessage { type, data, dataLength in
      guard type == Int32(SCTP_SNDRCV.rawValue), dataLength >= MemoryLayout<sctp_sndrcvinfo>.size else {
        return true
      }
      found = data
      return false
    }
    return found
  }

  /// Hands `keep` the SCTP_RCVINFO and SCTP_NXTINFO structures in the order
  /// the kernel sent them, as lksctp's sctp_recvv walks them, until it
  /// returns false.
  @inline(__always)
  func forEachAttribute(_ keep: (Attribute) -> Bool) {
    forEachMessage { type, data, dataLength in
      switch type {
      case Int32(SCTP_RCVINFO.rawValue) where dataLength >= MemoryLayout<sctp_rcvinfo>.size:
        return keep(.receiveInfo(data))
      case Int32(SCTP_NXTINFO.rawValue) where dataLength >= MemoryLayout<sctp_nxtinfo>.size:
        return keep(.nextInfo(data))
      default:
        return true
      }
    }
  }

  /// Hands `visit` each whole IPPROTO_SCTP message's type, data and data
  /// length, in order, until it returns false.
  @inline(__always)
  private func forEachMessage(_ visit: (Int32, UnsafeRawPointer, Int) -> Bool) {
    guard let control else { return }
    let headerSize = controlSpace(0)
    var offset = 0
    // A header fits at `offset`; after the last message `offset` may pass
    // `length` by the alignment padding, which ends the walk here too.
    while offset <= length &- headerSize {
      let messageLength = control.controlMessageLength(at: offset)
      guard messageLength >= headerSize, messageLength <= length &- offset else { return }
      if control.controlMessageLevel(at: offset) == sctpLevel,
        !visit(
          control.controlMessageType(at: offset), control + (offset &+ headerSize), messageLength &- headerSize)
      {
        return
      }
      offset &+= controlAlign(messageLength)
    }
  }
}

/// Room for every ancillary message the kernel can send with one SCTP
/// message at once: SCTP_RCVINFO, SCTP_NXTINFO and SCTP_SNDRCV (lksctp's
/// buffers hold one or two, and the kernel cuts the rest), and the socket
/// layer's timestamps and drop count should the program have asked for them.
@inline(__always)
var receiveControlSpace: Int {
  controlSpace(MemoryLayout<sctp_rcvinfo>.size) + controlSpace(MemoryLayout<sctp_nxtinfo>.size)
    + controlSpace(MemoryLayout<sctp_sndrcvinfo>.size)
    + controlSpace(3 * MemoryLayout<timespec>.size)  // SO_TIMESTAMPING
    + controlSpace(MemoryLayout<timespec>.size)  // SO_TIMESTAMPNS or SO_TIMESTAMP
    + controlSpace(MemoryLayout<UInt32>.size)  // SO_RXQ_OVFL
}

/// The fields of the ancillary message header at `offset`, read where they
/// lie (the buffer need not be aligned for cmsghdr).
extension UnsafeRawPointer {
  @inline(__always)
  fileprivate func controlMessageLength(at offset: Int) -> Int {
    Int(
      truncatingIfNeeded: loadUnaligned(
        fromByteOffset: offset &+ MemoryLayout<cmsghdr>.offset(of: \.cmsg_len)!, as: Int.self))
  }

  @inline(__always)
  fileprivate func controlMessageLevel(at offset: Int) -> Int32 {
    loadUnaligned(fromByteOffset: offset &+ MemoryLayout<cmsghdr>.offset(of: \.cmsg_level)!, as: Int32.self)
  }

  @inline(__always)
  fileprivate func controlMessageType(at offset: Int) -> Int32 {
    loadUnaligned(fromByteOffset: offset &+ MemoryLayout<cmsghdr>.offset(of: \.cmsg_type)!, as: Int32.self)
  }

  /// The first header here is an IPPROTO_SCTP one of `type` whose cmsg_len
  /// is `length`.
  @inline(__always)
  fileprivate func isHeader(length: Int, type: Int32) -> Bool {
    controlMessageLength(at: 0) == length && controlMessageLevel(at: 0) == sctpLevel
      && controlMessageType(at: 0) == type
  }
}
