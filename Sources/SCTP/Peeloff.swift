import CSCTP

/// sctp_peeloff(3): branches association `assoc_id` of one-to-many socket
/// `sd` off into a one-to-one socket, and returns its descriptor.
@c @implementation
public func sctp_peeloff(_ sd: Int32, _ assoc_id: sctp_assoc_t) -> Int32 {
  var request = sctp_peeloff_arg_t(associd: assoc_id, sd: 0)
  var length = socklen_t(MemoryLayout<sctp_peeloff_arg_t>.size)
  // Linux answers with the new descriptor, as the request's sd and as the
  // call's result.
  guard Kernel.getSCTPOption(sd, SCTP_SOCKOPT_PEELOFF, &request, &length) >= 0 else { return -1 }
  return request.sd
}

/// sctp_peeloff_flags(3): sctp_peeloff with SOCK_NONBLOCK and SOCK_CLOEXEC
/// for the new socket, as accept4(2) takes them. As in lksctp's source
/// (Debian's builds leave the function out): flags 0 is sctp_peeloff, and
/// other flags go to the kernel as they are.
@c @implementation
public func sctp_peeloff_flags(_ sd: Int32, _ assoc_id: sctp_assoc_t, _ flags: UInt32) -> Int32 {
  if flags == 0 { return sctp_peeloff(sd, assoc_id) }
  let nonBlocking = SOCK_NONBLOCK.rawValue
  let closeOnExec = SOCK_CLOEXEC.rawValue
  var request = sctp_peeloff_flags_arg_t(p_arg: sctp_peeloff_arg_t(associd: assoc_id, sd: 0), flags: flags)
  var length = socklen_t(MemoryLayout<sctp_peeloff_flags_arg_t>.size)
  if Kernel.getSCTPOption(sd, SCTP_SOCKOPT_PEELOFF_FLAGS, &request, &length) >= 0 {
    return request.p_arg.sd
  }
  guard lastError == ENOPROTOOPT else { return -1 }
  // Kernels before 4.13 lack SCTP_SOCKOPT_PEELOFF_FLAGS: peel off, then set
  // the flags on the new descriptor, and give it back if that fails.
  let peeled = sctp_peeloff(sd, assoc_id)
  guard peeled >= 0 else { return -1 }
  if flags & nonBlocking != 0 {
    let statusFlags = Kernel.statusFlags(peeled)
    guard statusFlags >= 0, Kernel.setStatusFlags(peeled, statusFlags | O_NONBLOCK) == 0 else {
      return closing(peeled)
    }
  }
  if flags & closeOnExec != 0 {
    guard Kernel.setDescriptorFlags(peeled, FD_CLOEXEC) == 0 else { return closing(peeled) }
  }
  return peeled
}

/// Closes a descriptor this library opened and returns -1, keeping the errno
/// of the failure that made it give the descriptor back.
private func closing(_ descriptor: Int32) -> Int32 {
  let error = lastError
  Kernel.closeDescriptor(descriptor)
  return failure(error)
}
