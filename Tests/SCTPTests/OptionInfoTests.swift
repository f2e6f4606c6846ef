import CSCTP
import Testing

@testable import SCTP

@Suite struct OptionInfoTests {
  @Test func getsTheSeventeenOptionsLksctpKnows() {
    let known = (Int32(0)...Int32(200)).filter(lksctpGets)
    #expect(known.count == 17)
  }

  @Test func refusesOptionsLksctpDoesNot() {
    for option in [SCTP_CONTEXT, SCTP_DEFAULT_SNDINFO, SCTP_GET_ASSOC_NUMBER, SCTP_EVENT,
                   SCTP_GET_PEER_ADDRS, SCTP_SOCKOPT_PEELOFF, -1] {
      #expect(!lksctpGets(option), "option \(option)")
    }
  }
}
