import CSCTP

/// sctp_bindx(3): adds (SCTP_BINDX_ADD_ADDR) or removes (SCTP_BINDX_REM_ADDR)
/// the packed list of `addrcnt` addresses at `addrs` to or from socket `sd`.
@c @implementation
public func sctp_bindx(
  _ sd: Int32, _ addrs: UnsafeMutablePointer<sockaddr>?, _ addrcnt: Int32, _ flags: Int32
) -> Int32 {
  switch flags {
  case SCTP_BINDX_ADD_ADDR:
    guard let list = PackedAddressList(addrs, count: addrcnt) else { return -1 }
    return Kernel.setSCTPOption(sd, SCTP_SOCKOPT_BINDX_ADD, list.start, list.socketLength)
  case SCTP_BINDX_REM_ADDR:
    guard let list = PackedAddressList(addrs, count: addrcnt) else { return -1 }
    let status = Kernel.setSCTPOption(sd, SCTP_SOCKOPT_BINDX_REM, list.start, list.socketLength)
    // "A caller may not remove all addresses from an association. It will
    // fail with EINVAL": Linux says EBUSY (and removes none).
    if status != 0, lastError == EBUSY { return failure(EINVAL) }
    return status
  default:
    return failure(EINVAL)
  }
}
