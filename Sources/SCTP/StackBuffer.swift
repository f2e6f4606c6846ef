import CSCTP

/// Runs `body` with `byteCount` bytes of uninitialized stack (16-byte
/// aligned) and `context`, and returns what it returns.
///
/// The one way this library gets a buffer whose size depends on the caller:
/// Embedded Swift's `withUnsafeTemporaryAllocation` falls back to the heap
/// above 1 KiB, and the send, receive and address paths allocate nothing but
/// what they hand over. `body` is a C function (it captures nothing, so it
/// costs no closure context): it finds its inputs in `context`.
@inline(__always)
func withStackBuffer<Context: BitwiseCopyable>(
  byteCount: Int, context: inout Context,
  _ body: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Int
) -> Int {
  csctp_with_stack_buffer(byteCount, body, &context)
}
