import CWithSCTP

// checksctp(1): whether this kernel gives SCTP sockets. lksctp-tools'
// checksctp.c, message for message and status for status.

@main
struct CheckSCTP {
  static func main() {
    let descriptor = socket(PF_INET, Int32(SOCK_STREAM.rawValue), Int32(IPPROTO_SCTP))
    // lksctp counts descriptor 0 as a failure too (its test is fd <= 0),
    // and reports whatever errno then holds.
    if descriptor <= 0 {
      perror("checksctp")
      exit(1)
    }
    let message: StaticString = "SCTP supported\n"
    fwrite(message.utf8Start, 1, message.utf8CodeUnitCount, stderr)
    close(descriptor)
  }
}
