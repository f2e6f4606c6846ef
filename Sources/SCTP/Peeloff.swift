import CSCTP

/// sctp_peeloff(3): branches association `assoc_id` of one-to-many socket
/// `sd` off into a one-to-one socket, and returns its descriptor.
@c @implementation
public func sctp_peeloff(_ sd: Int32, _ assoc_id: sctp_assoc_t) -> Int32 {
  returningMinusOneOnError { () throws(Errno) in try peelOff(sd, assoc_id) }
}

/// SCTP_SOCKOPT_PEELOFF: the new descriptor.
private func peelOff(_ sd: Int32, _ association: sctp_assoc_t) throws(Errno) -> Int32 {
  var request = sctp_peeloff_arg_t(associd: association, sd: 0)
  var length = socklen_t(MemoryLayout<sctp_peeloff_arg_t>.size)
  // Linux answers with the new descriptor, as the request's sd and as the
  // call's result.
  _ = try Kernel.getSCTPOption(sd, SCTP_SOCKOPT_PEELOFF, &request, &length)
  return request.sd
}

/// sctp_peeloff_flags(3): sctp_peeloff with SOCK_NONBLOCK and SOCK_CLOEXEC
/// for the new socket, as accept4(2) takes them. As in lksctp's source
/// (Debian's builds leave the function out): flags 0 is sctp_peeloff, and
/// other flags go to the kernel as they are.
@c @implementation
public func sctp_peeloff_flags(_ sd: Int32, _ assoc_id: sctp_assoc_t, _ flags: UInt32) -> Int32 {
  returningMinusOneOnError { () throws(Errno) in
    if flags == 0 { return try peelOff(sd, assoc_id) }
    var request = sctp_peeloff_flags_arg_t(p_arg: sctp_peeloff_arg_t(associd: assoc_id, sd: 0), flags: flags)
    var length = socklen_t(MemoryLayout<sctp_peeloff_flags_arg_t>.size)
    do throws(Errno) {
      _ = try Kernel.getSCTPOption(sd, SCTP_SOCKOPT_PEELOFF_FLAGS, &request, &length)
      return request.p_arg.sd
    } catch Errno(ENOPROTOOPT) {
      // Kernels before 4.13 lack SCTP_SOCKOPT_PEELOFF_FLAGS: peel off, then
      // set the flags on the new descriptor, and give it back if that fails.
      let peeled = try peelOff(sd, assoc_id)
      do throws(Errno) {
        if flags & SOCK_NONBLOCK.rawValue != 0 {
          try Kernel.setStatusFlags(peeled, Kernel.statusFlags(peeled) | O_NONBLOCK)
        }
        if flags & SOCK_CLOEXEC.rawValue != 0 {
          try Kernel.setDescriptorFlags(peeled, FD_CLOEXEC)
        }
      } catch {
        Kernel.closeDescriptor(peeled)
        throw error
      }
      return peeled
    }
  }
}
