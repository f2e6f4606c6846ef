import CSCTP

/// sctp_bindx(3): adds (SCTP_BINDX_ADD_ADDR) or removes (SCTP_BINDX_REM_ADDR)
/// the packed list of `addrcnt` addresses at `addrs` to or from socket `sd`.
/// The kernel's errors pass through, as lksctp's: EBUSY for removing the
/// last address, EINVAL for an empty list (a count below 1).
@c @implementation
public func sctp_bindx(
  _ sd: Int32, _ addrs: UnsafeMutablePointer<sockaddr>?, _ addrcnt: Int32, _ flags: Int32
) -> Int32 {
  returningMinusOneOnError(
    checking: try (bindxRequest(flags), PackedAddressList.optionLength(addrs, count: addrcnt))
  ) { (request, length) throws(Errno) in
    try Kernel.setSCTPOption(sd, request, addrs, length)
  }
}

/// The request of sctp_bindx's `flags`: EINVAL for any but the two it names.
@inline(__always)
private func bindxRequest(_ flags: Int32) throws(Errno) -> Int32 {
  switch flags {
  case SCTP_BINDX_ADD_ADDR: return SCTP_SOCKOPT_BINDX_ADD
  case SCTP_BINDX_REM_ADDR: return SCTP_SOCKOPT_BINDX_REM
  default: throw Errno(EINVAL)
  }
}
