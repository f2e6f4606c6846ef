import CSCTP

/// sctp_opt_info(3): getsockopt(2) at level SOL_SCTP for the 17 options
/// lksctp knows, with association `id` written first over the first 4 bytes
/// of `arg`, as lksctp writes it whatever the option's layout (the kernel
/// reads the association from where the option keeps it, and on a
/// one-to-one socket ignores it); the kernel judges `*size`.
///
/// Where lksctp does harm this differs (DIVERGENCES.md): -1 with errno
/// ENOTSUP for any other option (lksctp returns a positive ENOTSUP), EFAULT
/// for a NULL `arg` (lksctp stores through it), and no write of the id into
/// a buffer that `*size` says is shorter than it (lksctp writes past it).
@c @implementation
public func sctp_opt_info(
  _ sd: Int32, _ id: sctp_assoc_t, _ opt: Int32, _ arg: UnsafeMutableRawPointer?,
  _ size: UnsafeMutablePointer<socklen_t>?
) -> Int32 {
  returningMinusOneOnError(checking: try optionBuffer(opt, arg)) { arg throws(Errno) in
    if size.map({ UInt($0.pointee) >= UInt(MemoryLayout<sctp_assoc_t>.size) }) ?? true {
      arg.storeBytes(of: id, as: sctp_assoc_t.self)
    }
    return try Kernel.getSCTPOption(sd, opt, arg, size)
  }
}

/// `arg`, for an option lksctp gets: ENOTSUP for any other, EFAULT for a
/// NULL `arg`.
@inline(__always)
private func optionBuffer(_ option: Int32, _ arg: UnsafeMutableRawPointer?) throws(Errno) -> UnsafeMutableRawPointer {
  guard lksctpGets(option) else { throw Errno(ENOTSUP) }
  guard let arg else { throw Errno(EFAULT) }
  return arg
}

/// Whether lksctp's sctp_opt_info gets option `option` (it refuses every
/// other).
func lksctpGets(_ option: Int32) -> Bool {
  switch option {
  case SCTP_RTOINFO, SCTP_ASSOCINFO, SCTP_INITMSG, SCTP_NODELAY, SCTP_AUTOCLOSE,
    SCTP_PRIMARY_ADDR, SCTP_DISABLE_FRAGMENTS, SCTP_PEER_ADDR_PARAMS,
    SCTP_DEFAULT_SEND_PARAM, SCTP_EVENTS, SCTP_I_WANT_MAPPED_V4_ADDR, SCTP_MAXSEG,
    SCTP_STATUS, SCTP_GET_PEER_ADDR_INFO, SCTP_AUTH_ACTIVE_KEY, SCTP_PEER_AUTH_CHUNKS,
    SCTP_LOCAL_AUTH_CHUNKS:
    return true
  default:
    return false
  }
}
