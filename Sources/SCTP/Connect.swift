import CSCTP

/// sctp_connectx(3), sctp_connectx@@VERS_3: sets up an association to the
/// packed list of `addrcnt` peer addresses and stores its id in `*id` (when
/// `id` is not NULL) on success, and on EINPROGRESS for a non-blocking socket.
/// A count below 1 goes to the kernel as an empty list, as in lksctp.
@c @implementation
public func sctp_connectx3(
  _ sd: Int32, _ addrs: UnsafeMutablePointer<sockaddr>?, _ addrcnt: Int32,
  _ id: UnsafeMutablePointer<sctp_assoc_t>?
) -> Int32 {
  returningMinusOneOnError(checking: try PackedAddressList.optionLength(addrs, count: addrcnt)) {
    length throws(Errno) in
    // The kernel takes the list by pointer and writes the new association's
    // id over the request's first field.
    var request = sctp_getaddrs_old(assoc_id: 0, addr_num: Int32(bitPattern: length), addrs: addrs)
    var requestLength = socklen_t(MemoryLayout<sctp_getaddrs_old>.size)
    do throws(Errno) {
      _ = try Kernel.getSCTPOption(sd, SCTP_SOCKOPT_CONNECTX3, &request, &requestLength)
      id?.pointee = request.assoc_id
      return 0
    } catch Errno(EINPROGRESS) {
      // Decided from this call's own error: lksctp reads errno even after a
      // success, where it is stale, and with a stale ENOPROTOOPT connects
      // again and fails the association it has just set up.
      id?.pointee = request.assoc_id
      throw Errno(EINPROGRESS)
    } catch Errno(ENOPROTOOPT) {
      return connectOnAKernelBeforeConnectx3(sd, addrs, length, id)
    }
  }
}

/// A kernel older than SCTP_SOCKOPT_CONNECTX3 (before Linux 2.6.36). Its
/// SCTP_SOCKOPT_CONNECTX returns no id for a non-blocking connect, so a
/// caller that asks for one cannot be served there. Answers as the exported
/// function whose answer it is: -1 with errno set on failure.
@inline(never)
private func connectOnAKernelBeforeConnectx3(
  _ sd: Int32, _ addrs: UnsafeMutablePointer<sockaddr>?, _ length: socklen_t,
  _ id: UnsafeMutablePointer<sctp_assoc_t>?
) -> Int32 {
  returningMinusOneOnError { () throws(Errno) in
    if id != nil, try Kernel.statusFlags(sd) & O_NONBLOCK != 0 { throw Errno(ENOPROTOOPT) }
    return try connectWithOlderRequests(sd, addrs, length, id)
  }
}

/// sctp_connectx@VERS_2: the first interface with an association id, which
/// asks the kernel with SCTP_SOCKOPT_CONNECTX.
@c @implementation
public func sctp_connectx2(
  _ sd: Int32, _ addrs: UnsafeMutablePointer<sockaddr>?, _ addrcnt: Int32,
  _ id: UnsafeMutablePointer<sctp_assoc_t>?
) -> Int32 {
  returningMinusOneOnError(checking: try PackedAddressList.optionLength(addrs, count: addrcnt)) {
    length throws(Errno) in
    try connectWithOlderRequests(sd, addrs, length, id)
  }
}

/// sctp_connectx@VERS_1 and the unversioned sctp_connectx: the original
/// interface, with no association id.
@c @implementation
public func sctp_connectx_orig(
  _ sd: Int32, _ addrs: UnsafeMutablePointer<sockaddr>?, _ addrcnt: Int32
) -> Int32 {
  returningMinusOneOnError(checking: try PackedAddressList.optionLength(addrs, count: addrcnt)) {
    length throws(Errno) in
    try Kernel.setSCTPOption(sd, SCTP_SOCKOPT_CONNECTX_OLD, addrs, length)
  }
}

/// SCTP_SOCKOPT_CONNECTX, which returns the association id as its result;
/// where the kernel lacks it too, SCTP_SOCKOPT_CONNECTX_OLD, which cannot
/// tell the id and so serves only a caller that did not ask for it. As
/// lksctp: `*id` is 0 until the kernel names the association.
@inline(never)
private func connectWithOlderRequests(
  _ sd: Int32, _ addrs: UnsafeMutablePointer<sockaddr>?, _ length: socklen_t,
  _ id: UnsafeMutablePointer<sctp_assoc_t>?
) throws(Errno) -> Int32 {
  id?.pointee = 0
  do throws(Errno) {
    let association = try Kernel.setSCTPOption(sd, SCTP_SOCKOPT_CONNECTX, addrs, length)
    if association > 0 {
      id?.pointee = association
      return 0
    }
  } catch Errno(ENOPROTOOPT) {
  }
  if id != nil { throw Errno(ENOPROTOOPT) }
  return try Kernel.setSCTPOption(sd, SCTP_SOCKOPT_CONNECTX_OLD, addrs, length)
}

#if !SCTP_VERSIONED_ABI
/// Built by `swift build`, without the Makefile's symbol versions: the
/// current interface under its plain name, for Swift programs that call
/// sctp_connectx through the header.
@_cdecl("sctp_connectx")
public func sctpConnectxOfTheSwiftPackage(
  _ sd: Int32, _ addrs: UnsafeMutablePointer<sockaddr>?, _ addrcnt: Int32,
  _ id: UnsafeMutablePointer<sctp_assoc_t>?
) -> Int32 {
  sctp_connectx3(sd, addrs, addrcnt, id)
}
#endif
