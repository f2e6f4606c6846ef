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
  guard let length = PackedAddressList.optionLength(addrs, count: addrcnt) else { return -1 }
  // The kernel takes the list by pointer and writes the new association's
  // id over the request's first field.
  var request = sctp_getaddrs_old(assoc_id: 0, addr_num: Int32(bitPattern: length), addrs: addrs)
  var requestLength = socklen_t(MemoryLayout<sctp_getaddrs_old>.size)
  let status = Kernel.getSCTPOption(sd, SCTP_SOCKOPT_CONNECTX3, &request, &requestLength)
  if status == 0 {
    id?.pointee = request.assoc_id
    return 0
  }
  // Decided from this call's own result: lksctp reads errno even after a
  // success, where it is stale, and with a stale ENOPROTOOPT connects again
  // and fails the association it has just set up.
  let error = lastError
  if error == EINPROGRESS {
    id?.pointee = request.assoc_id
    return -1
  }
  guard error == ENOPROTOOPT else { return -1 }
  // A kernel older than SCTP_SOCKOPT_CONNECTX3 (before Linux 2.6.36).
  if id != nil {
    // Its SCTP_SOCKOPT_CONNECTX returns no id for a non-blocking connect,
    // so a caller that asks for one cannot be served there.
    let statusFlags = Kernel.statusFlags(sd)
    guard statusFlags >= 0 else { return -1 }
    if statusFlags & O_NONBLOCK != 0 { return failure(ENOPROTOOPT) }
  }
  return connectWithOlderRequests(sd, addrs, length, id)
}

/// sctp_connectx@VERS_2: the first interface with an association id, which
/// asks the kernel with SCTP_SOCKOPT_CONNECTX.
@c @implementation
public func sctp_connectx2(
  _ sd: Int32, _ addrs: UnsafeMutablePointer<sockaddr>?, _ addrcnt: Int32,
  _ id: UnsafeMutablePointer<sctp_assoc_t>?
) -> Int32 {
  guard let length = PackedAddressList.optionLength(addrs, count: addrcnt) else { return -1 }
  return connectWithOlderRequests(sd, addrs, length, id)
}

/// sctp_connectx@VERS_1 and the unversioned sctp_connectx: the original
/// interface, with no association id.
@c @implementation
public func sctp_connectx_orig(
  _ sd: Int32, _ addrs: UnsafeMutablePointer<sockaddr>?, _ addrcnt: Int32
) -> Int32 {
  guard let length = PackedAddressList.optionLength(addrs, count: addrcnt) else { return -1 }
  return Kernel.setSCTPOption(sd, SCTP_SOCKOPT_CONNECTX_OLD, addrs, length)
}

/// SCTP_SOCKOPT_CONNECTX, which returns the association id as its result;
/// where the kernel lacks it too, SCTP_SOCKOPT_CONNECTX_OLD, which cannot
/// tell the id and so serves only a caller that did not ask for it. As
/// lksctp: `*id` is 0 until the kernel names the association.
private func connectWithOlderRequests(
  _ sd: Int32, _ addrs: UnsafeMutablePointer<sockaddr>?, _ length: socklen_t,
  _ id: UnsafeMutablePointer<sctp_assoc_t>?
) -> Int32 {
  id?.pointee = 0
  let association = Kernel.setSCTPOption(sd, SCTP_SOCKOPT_CONNECTX, addrs, length)
  if association > 0 {
    id?.pointee = association
    return 0
  }
  if association < 0, lastError != ENOPROTOOPT { return -1 }
  if id != nil { return failure(ENOPROTOOPT) }
  return Kernel.setSCTPOption(sd, SCTP_SOCKOPT_CONNECTX_OLD, addrs, length)
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
