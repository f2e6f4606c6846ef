import CSCTP

/// An error number: read from `errno` once, right after the system call that
/// set it (Kernel), or chosen by the library, and carried as a value (typed
/// throws) until an exported function returns -1 (swift-system's `Errno`).
struct Errno: Error, Equatable {
  let rawValue: Int32

  @inline(__always)
  init(_ rawValue: Int32) {
    self.rawValue = rawValue
  }
}

/// The error convention of every exported function that can fail: what
/// `body` returns, or -1 with `errno` set to what it threw. The one place the
/// library sets `errno`.
@inline(__always)
func returningMinusOneOnError<Result: FixedWidthInteger>(
  _ body: () throws(Errno) -> Result
) -> Result {
  do {
    return try body()
  } catch {
    csctp_set_errno(error.rawValue)
    return -1
  }
}
