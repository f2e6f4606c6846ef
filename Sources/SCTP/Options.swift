import CSCTP

/// sctp_opt_info(3): getsockopt(2) at level SOL_SCTP, with association `id`
/// written where the option's structure holds one (on a one-to-one socket
/// the kernel ignores it).
///
/// Unlike lksctp, which knows 17 options, writes the id at offset 0 of any
/// buffer whatever its size or layout, and returns a positive ENOTSUP: every
/// option Linux can get (RFC 6458 section 8 and Linux's own), the id at its
/// member's offset and only within `*size`, and -1 with errno: EFAULT for a
/// NULL `arg` or `size`, EINVAL for an option this call cannot get and for a
/// `*size` smaller than the option's structure.
@c @implementation
public func sctp_opt_info(
  _ sd: Int32, _ id: sctp_assoc_t, _ opt: Int32, _ arg: UnsafeMutableRawPointer?,
  _ size: UnsafeMutablePointer<socklen_t>?
) -> Int32 {
  guard let arg, let size else { return failure(EFAULT) }
  guard let layout = OptionLayout(opt) else { return failure(EINVAL) }
  guard layout.accepts(Int(size.pointee)) else { return failure(EINVAL) }
  if let offset = layout.associationOffset {
    arg.storeBytes(of: id, toByteOffset: offset, as: sctp_assoc_t.self)
  }
  return Kernel.getSCTPOption(sd, opt, arg, size)
}

/// What sctp_opt_info must know of an option it can get: the smallest buffer
/// the kernel takes for it, and where the association id goes in it (none
/// for options of the socket as a whole).
struct OptionLayout {
  let minimumSize: Int
  let associationOffset: Int?
  /// A shorter, older form the kernel takes at exactly this size.
  var legacySize: Int? = nil

  /// Whether the kernel takes a buffer of `size` bytes for the option.
  func accepts(_ size: Int) -> Bool {
    size >= minimumSize || size == legacySize
  }

  /// An option of the socket as a whole, of type `T`; where the kernel also
  /// takes a shorter buffer (an older version of `T`), as short as that.
  init<T>(socketWide type: T.Type, minimumSize: Int = MemoryLayout<T>.size) {
    self.minimumSize = minimumSize
    associationOffset = nil
  }

  /// An option that names its association at byte `offset` of `T`; where
  /// the kernel also takes a shorter buffer, as short as that.
  init<T>(_ type: T.Type, association offset: Int?, minimumSize: Int = MemoryLayout<T>.size) {
    self.minimumSize = minimumSize
    associationOffset = offset!
  }

  /// nil for an option sctp_opt_info cannot get: unknown, set-only, or a
  /// request that changes the socket (connectx, peeloff, bindx).
  init?(_ option: Int32) {
    switch option {
    // RFC 6458 section 8.1: read/write options.
    case SCTP_RTOINFO: self.init(sctp_rtoinfo.self, association: MemoryLayout<sctp_rtoinfo>.offset(of: \.srto_assoc_id))
    case SCTP_ASSOCINFO: self.init(sctp_assocparams.self, association: MemoryLayout<sctp_assocparams>.offset(of: \.sasoc_assoc_id))
    case SCTP_INITMSG: self.init(socketWide: sctp_initmsg.self)
    case SCTP_NODELAY, SCTP_AUTOCLOSE, SCTP_DISABLE_FRAGMENTS, SCTP_I_WANT_MAPPED_V4_ADDR,
      SCTP_FRAGMENT_INTERLEAVE, SCTP_PARTIAL_DELIVERY_POINT, SCTP_AUTO_ASCONF,
      SCTP_RECVRCVINFO, SCTP_RECVNXTINFO, SCTP_REUSE_PORT, SCTP_GET_ASSOC_NUMBER:
      self.init(socketWide: Int32.self)
    case SCTP_PRIMARY_ADDR: self.init(sctp_prim.self, association: MemoryLayout<sctp_prim>.offset(of: \.ssp_assoc_id))
    case SCTP_ADAPTATION_LAYER: self.init(socketWide: sctp_setadaptation.self)
    case SCTP_PEER_ADDR_PARAMS:
      // The kernel also takes the structure as it was before
      // spp_ipv6_flowlabel and spp_dscp (measured on Linux 6.1: 152 bytes).
      let olderSize = MemoryLayout<sctp_paddrparams>.offset(of: \.spp_ipv6_flowlabel)!
      self.init(
        sctp_paddrparams.self, association: MemoryLayout<sctp_paddrparams>.offset(of: \.spp_assoc_id),
        minimumSize: (olderSize &+ 3) & ~3)
    case SCTP_DEFAULT_SEND_PARAM: self.init(sctp_sndrcvinfo.self, association: MemoryLayout<sctp_sndrcvinfo>.offset(of: \.sinfo_assoc_id))
    case SCTP_DEFAULT_SNDINFO: self.init(sctp_sndinfo.self, association: MemoryLayout<sctp_sndinfo>.offset(of: \.snd_assoc_id))
    case SCTP_DEFAULT_PRINFO: self.init(sctp_default_prinfo.self, association: MemoryLayout<sctp_default_prinfo>.offset(of: \.pr_assoc_id))
    case SCTP_EVENTS:
      // Programs built with an older, shorter sctp_event_subscribe get its prefix.
      self.init(socketWide: sctp_event_subscribe.self, minimumSize: 1)
    case SCTP_EVENT: self.init(sctp_event.self, association: MemoryLayout<sctp_event>.offset(of: \.se_assoc_id))
    case SCTP_MAXSEG, SCTP_MAX_BURST, SCTP_CONTEXT, SCTP_PR_SUPPORTED, SCTP_RECONFIG_SUPPORTED,
      SCTP_ENABLE_STREAM_RESET, SCTP_STREAM_SCHEDULER, SCTP_INTERLEAVING_SUPPORTED,
      SCTP_ASCONF_SUPPORTED, SCTP_AUTH_SUPPORTED, SCTP_ECN_SUPPORTED,
      SCTP_EXPOSE_POTENTIALLY_FAILED_STATE:
      self.init(sctp_assoc_value.self, association: MemoryLayout<sctp_assoc_value>.offset(of: \.assoc_id))
    case SCTP_DELAYED_SACK:
      // The kernel also takes the older sctp_assoc_value form, at its size.
      self.init(
        sctp_sack_info.self, association: MemoryLayout<sctp_sack_info>.offset(of: \.sack_assoc_id))
      legacySize = MemoryLayout<sctp_assoc_value>.size
    case SCTP_HMAC_IDENT: self.init(socketWide: sctp_hmacalgo.self)
    case SCTP_AUTH_ACTIVE_KEY: self.init(sctp_authkeyid.self, association: MemoryLayout<sctp_authkeyid>.offset(of: \.scact_assoc_id))
    case SCTP_PEER_ADDR_THLDS: self.init(sctp_paddrthlds.self, association: MemoryLayout<sctp_paddrthlds>.offset(of: \.spt_assoc_id))
    case SCTP_PEER_ADDR_THLDS_V2:
      self.init(
        sctp_paddrthlds_v2.self, association: MemoryLayout<sctp_paddrthlds_v2>.offset(of: \.spt_assoc_id))
    // RFC 6458 section 8.2: read-only options.
    case SCTP_STATUS: self.init(sctp_status.self, association: MemoryLayout<sctp_status>.offset(of: \.sstat_assoc_id))
    case SCTP_GET_PEER_ADDR_INFO: self.init(sctp_paddrinfo.self, association: MemoryLayout<sctp_paddrinfo>.offset(of: \.spinfo_assoc_id))
    case SCTP_PEER_AUTH_CHUNKS, SCTP_LOCAL_AUTH_CHUNKS:
      self.init(sctp_authchunks.self, association: MemoryLayout<sctp_authchunks>.offset(of: \.gauth_assoc_id))
    case SCTP_GET_ASSOC_ID_LIST: self.init(socketWide: sctp_assoc_ids.self)
    // Linux's own read options.
    case SCTP_GET_PEER_ADDRS, SCTP_GET_LOCAL_ADDRS:
      self.init(sctp_getaddrs.self, association: MemoryLayout<sctp_getaddrs>.offset(of: \.assoc_id))
    case SCTP_GET_ASSOC_STATS:
      // The kernel returns as much of the statistics as the buffer holds.
      self.init(
        sctp_assoc_stats.self, association: MemoryLayout<sctp_assoc_stats>.offset(of: \.sas_assoc_id),
        minimumSize: MemoryLayout<sctp_assoc_t>.size)
    case SCTP_PR_ASSOC_STATUS, SCTP_PR_STREAM_STATUS:
      self.init(sctp_prstatus.self, association: MemoryLayout<sctp_prstatus>.offset(of: \.sprstat_assoc_id))
    case SCTP_STREAM_SCHEDULER_VALUE: self.init(sctp_stream_value.self, association: MemoryLayout<sctp_stream_value>.offset(of: \.assoc_id))
    case SCTP_REMOTE_UDP_ENCAPS_PORT: self.init(sctp_udpencaps.self, association: MemoryLayout<sctp_udpencaps>.offset(of: \.sue_assoc_id))
    case SCTP_PLPMTUD_PROBE_INTERVAL:
      self.init(sctp_probeinterval.self, association: MemoryLayout<sctp_probeinterval>.offset(of: \.spi_assoc_id))
    default: return nil
    }
  }
}
