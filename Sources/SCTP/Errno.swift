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
/// `body` returns, or -1 with `errno` set to what it threw.
@inline(__always)
func returningMinusOneOnError<Result: FixedWidthInteger>(
  _ body: () throws(Errno) -> Result
) -> Result {
  do {
    return try body()
  } catch {
    return Result(minusOne(settingErrnoTo: error))
  }
}

/// The same convention for an exported function that checks its caller's
/// arguments, then asks the kernel: what `check` refuses, or what `call`,
/// given what `check` returned, returns or throws.
///
/// The two kinds of error reach `errno` apart. A refusal is written out of
/// line, off the path that calls the kernel. A kernel call's error is
/// written back where the compiler sees that `errno` already holds it, so
/// that, as in lksctp, it stays where the kernel put it at no cost.
@inline(__always)
func returningMinusOneOnError<Arguments, Result: FixedWidthInteger>(
  checking check: @autoclosure () throws(Errno) -> Arguments, _ call: (Arguments) throws(Errno) -> Result
) -> Result {
  let arguments: Arguments
  do {
    arguments = try check()
  } catch {
    return Result(minusOneRefusing(error))
  }
  return returningMinusOneOnError { () throws(Errno) in try call(arguments) }
}

/// -1, with `errno` set to `error`: the one place the library sets `errno`.
@inline(__always)
private func minusOne(settingErrnoTo error: Errno) -> Int32 {
  csctp_set_errno(error.rawValue)
  return -1
}

@inline(never)
private func minusOneRefusing(_ error: Errno) -> Int32 {
  minusOne(settingErrnoTo: error)
}
