// swift-tools-version:6.3
// The Swift package of libsctp: the same sources as the C library that the
// Makefile builds (as Embedded Swift, with the lksctp ABI), here as a regular
// Swift library for Swift programs and for the unit tests of its internals.
import PackageDescription

let package = Package(
  name: "libsctp",
  products: [
    .library(name: "SCTP", targets: ["SCTP"])
  ],
  targets: [
    // Header-only: the public C header and inline shims for C macros.
    .systemLibrary(name: "CSCTP", path: "Sources/CSCTP"),
    .target(
      name: "SCTP",
      dependencies: ["CSCTP"],
      swiftSettings: [.enableExperimentalFeature("CImplementation")]
    ),
    .testTarget(name: "SCTPTests", dependencies: ["SCTP"]),
  ]
)
