import CSCTP
import Testing

@testable import SCTP

@Suite struct OptionLayoutTests {
  @Test func theSendParameterAssociationIsAtItsMemberNotAtOffsetZero() {
    let layout = OptionLayout(SCTP_DEFAULT_SEND_PARAM)
    #expect(layout?.associationOffset == 28)
    #expect(layout?.minimumSize == MemoryLayout<sctp_sndrcvinfo>.size)
    #expect(OptionLayout(SCTP_DEFAULT_SNDINFO)?.associationOffset == 12)
  }

  @Test func socketWideOptionsGetNoAssociationId() {
    for option in [SCTP_NODELAY, SCTP_INITMSG, SCTP_EVENTS, SCTP_GET_ASSOC_NUMBER,
                   SCTP_GET_ASSOC_ID_LIST, SCTP_HMAC_IDENT, SCTP_ADAPTATION_LAYER] {
      #expect(OptionLayout(option)?.associationOffset == nil, "option \(option)")
    }
  }

  @Test func everyAssociationIdFitsInTheMinimumSize() {
    for option in Int32(0)...Int32(200) {
      guard let layout = OptionLayout(option) else { continue }
      if let offset = layout.associationOffset {
        #expect(offset + MemoryLayout<sctp_assoc_t>.size <= layout.minimumSize, "option \(option)")
        if let legacy = layout.legacySize {
          #expect(offset + MemoryLayout<sctp_assoc_t>.size <= legacy, "option \(option)")
        }
      }
      #expect(layout.minimumSize > 0)
    }
  }

  @Test func theOlderPeerAddressParametersAreTakenAsTheKernelRoundsThem() {
    // Linux 6.1 takes 152 bytes and more (the structure before
    // spp_ipv6_flowlabel), and refuses 140 to 151.
    #expect(OptionLayout(SCTP_PEER_ADDR_PARAMS)?.minimumSize == 152)
    #expect(OptionLayout(SCTP_PEER_ADDR_PARAMS)?.accepts(151) == false)
  }

  @Test func delayedSackTakesTheOlderFormOnlyAtItsSize() {
    let layout = OptionLayout(SCTP_DELAYED_SACK)
    #expect(layout?.accepts(MemoryLayout<sctp_assoc_value>.size) == true)
    #expect(layout?.accepts(MemoryLayout<sctp_sack_info>.size - 1) == false)
    #expect(layout?.accepts(MemoryLayout<sctp_sack_info>.size) == true)
  }

  @Test func requestsThatChangeTheSocketAreNotOptions() {
    for option in [SCTP_SOCKOPT_BINDX_ADD, SCTP_SOCKOPT_BINDX_REM, SCTP_SOCKOPT_PEELOFF,
                   SCTP_SOCKOPT_PEELOFF_FLAGS, SCTP_SOCKOPT_CONNECTX, SCTP_SOCKOPT_CONNECTX3,
                   SCTP_SOCKOPT_CONNECTX_OLD, SCTP_AUTH_KEY, SCTP_AUTH_CHUNK,
                   SCTP_SET_PEER_PRIMARY_ADDR, -1, 10_000] {
      #expect(OptionLayout(option) == nil, "option \(option)")
    }
  }

  @Test func eachReadOptionOfRFC6458Section8IsKnown() {
    let section8: [Int32] = [
      SCTP_RTOINFO, SCTP_ASSOCINFO, SCTP_INITMSG, SCTP_NODELAY, SCTP_AUTOCLOSE,
      SCTP_PRIMARY_ADDR, SCTP_ADAPTATION_LAYER, SCTP_DISABLE_FRAGMENTS, SCTP_PEER_ADDR_PARAMS,
      SCTP_DEFAULT_SEND_PARAM, SCTP_EVENTS, SCTP_I_WANT_MAPPED_V4_ADDR, SCTP_MAXSEG,
      SCTP_HMAC_IDENT, SCTP_AUTH_ACTIVE_KEY, SCTP_DELAYED_SACK, SCTP_FRAGMENT_INTERLEAVE,
      SCTP_PARTIAL_DELIVERY_POINT, SCTP_AUTO_ASCONF, SCTP_MAX_BURST, SCTP_CONTEXT, SCTP_EVENT,
      SCTP_RECVRCVINFO, SCTP_RECVNXTINFO, SCTP_DEFAULT_SNDINFO, SCTP_DEFAULT_PRINFO,
      SCTP_PEER_ADDR_THLDS, SCTP_STATUS, SCTP_GET_PEER_ADDR_INFO, SCTP_PEER_AUTH_CHUNKS,
      SCTP_LOCAL_AUTH_CHUNKS, SCTP_GET_ASSOC_NUMBER, SCTP_GET_ASSOC_ID_LIST,
    ]
    for option in section8 {
      #expect(OptionLayout(option) != nil, "option \(option)")
    }
  }
}

@Suite struct SendReceiveControlTests {
  @Test func isLaidOutAsOneAncillaryMessageOfItsSize() {
    // Header and structure back to back, as CMSG_DATA and CMSG_SPACE place them.
    #expect(MemoryLayout<SendReceiveControl>.offset(of: \.info) == controlSpace(0))
    #expect(MemoryLayout<SendReceiveControl>.size == controlSpace(MemoryLayout<sctp_sndrcvinfo>.size))
    let control = SendReceiveControl(sctp_sndrcvinfo())
    #expect(Int(control.header.cmsg_len) == Int(csctp_cmsg_len(MemoryLayout<sctp_sndrcvinfo>.size)))
    #expect(control.header.cmsg_level == sctpLevel)
  }

  @Test func streamAndFlagsAreSetWithTheBytesAfterEachZeroed() {
    // Each 32-bit word covers its field and what follows it up to the next.
    #expect(MemoryLayout<sctp_sndrcvinfo>.offset(of: \.sinfo_ssn)! == sctp_sndrcvinfo.streamWordOffset + 2)
    #expect(MemoryLayout<sctp_sndrcvinfo>.offset(of: \.sinfo_ppid)! == sctp_sndrcvinfo.flagsWordOffset + 4)
    var info = sctp_sndrcvinfo()
    withUnsafeMutableBytes(of: &info) { bytes in
      for i in bytes.indices { bytes[i] = 0xA5 }
    }
    info.setStreamAndFlags(0x1234, 0xBEEF)
    #expect(info.sinfo_stream == 0x1234)
    #expect(info.sinfo_ssn == 0)
    #expect(info.sinfo_flags == 0xBEEF)
    withUnsafeBytes(of: &info) { bytes in
      let padding = sctp_sndrcvinfo.flagsWordOffset + 2
      #expect(bytes[padding] == 0 && bytes[padding + 1] == 0)
    }
  }
}

@Suite struct ControlSpaceTests {
  @Test func isWhatTheCMSGMacrosSay() {
    for length in 0...600 {
      #expect(controlSpace(length) == Int(csctp_cmsg_space(length)), "CMSG_SPACE(\(length))")
      #expect(controlAlign(length) == Int(csctp_cmsg_align(length)), "CMSG_ALIGN(\(length))")
    }
  }
}
