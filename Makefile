# libsctp.so.1 in Embedded Swift.
#   make            build build/libsctp.so.1.1.0 (and its symlinks)
#   make check      install what the tests need, run every test (real SCTP kernel included)
#   make install    PREFIX=/usr/local DESTDIR=  (library, header, pkg-config file, man pages)
#   make uninstall
#   make check-reference   the C suite against lksctp 1.0.19 and 1.0.21 (Debian's libsctp1)
#   make check-divergences the tests of DIVERGENCES.md's rows run against lksctp, to show the
#                          harm each names (its tests fail there by design; not part of make check)
#   make demo       a multi-homed echo server and client on a real SCTP kernel
#   make bench      per-call cost against Debian's libsctp1 (bench/RESULTS.md)
#   make fuzz       libFuzzer harnesses of the parsers (Tests/fuzz), FUZZ_SECONDS=60 each
#   make check-asan       the C suite (host and real kernel) with the library and the
#                         tests under AddressSanitizer (+ UBSan on the C), leaks included
#   make check-valgrind   the C suite (host and real kernel) under valgrind's memcheck

VERSION    := 1.1.0
SONAME     := libsctp.so.1
LIBRARY    := libsctp.so.$(VERSION)

PREFIX     ?= /usr/local
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
MANDIR     ?= $(PREFIX)/share/man
DOCDIR     ?= $(PREFIX)/share/doc/libsctp
DESTDIR    ?=

BUILD      := build
OBJ        := $(BUILD)/obj
CC         ?= cc
SWIFTC     ?= swiftc
# The toolchain's own clang assembles what its swiftc emits (LLVM section types).
ASSEMBLER  ?= $(dir $(shell command -v $(SWIFTC)))clang
ARCH       := $(shell uname -m)

SWIFT_SOURCES := $(sort $(wildcard Sources/SCTP/*.swift))
MAN3_PAGES    := $(sort $(wildcard man/man3/*.3))
MAN7_PAGES    := $(sort $(wildcard man/man7/*.7))
SHIM_HEADERS  := Sources/CSCTP/csctp.h Sources/CSCTP/module.modulemap include/netinet/sctp.h

# Embedded Swift: no runtime library, no metadata; the .so needs only libc.
# -O, not -Osize: -Osize copies structures with rep movsb, a dozen times
# the instructions of the moves -O emits, for no smaller a library.
# No jump tables below 8 cases: for the few info types, families and flags
# a switch here tells apart, two compares cost less than the table's load
# and indirect jump (sctp_sendv NOINFO: 71 -> 67 instructions a call).
# The instruction scheduler that orders by register pressure (list-burr): it
# loads sctp_sendmsg's four arguments on the stack where it stores them,
# rather than all at once into callee-saved registers to push and pop
# (47 -> 43 instructions a call; sctp_sendv with 3 addresses 243 -> 246,
# every other row of make bench the same).
LLVM_CODEGEN_OPTIONS := -min-jump-table-entries=8 -pre-RA-sched=list-burr
SWIFTFLAGS := -target $(ARCH)-unknown-linux-gnu \
	-enable-experimental-feature Embedded \
	-enable-experimental-feature CImplementation \
	-wmo -parse-as-library -O -module-name SCTP -D SCTP_VERSIONED_ABI \
	-I Sources/CSCTP -Xcc -fPIC -Xfrontend -function-sections \
	$(foreach option,$(LLVM_CODEGEN_OPTIONS),-Xllvm $(option))

LDFLAGS_LIB := -shared -Wl,-soname,$(SONAME) \
	-Wl,--version-script=abi/libsctp.map \
	-Wl,--gc-sections -Wl,--as-needed -Wl,-z,relro -Wl,-z,now -Wl,-z,noexecstack

.PHONY: all clean install uninstall check check-differential check-reference check-divergences check-asan check-valgrind demo bench deps fuzz

all: $(BUILD)/$(LIBRARY) $(BUILD)/$(SONAME) $(BUILD)/libsctp.so $(BUILD)/libsctp.pc

# Unwind tables. swiftc marks its functions nounwind and gives them none, so
# no unwinder could walk through a libsctp frame: pthread_cancel of a thread
# blocked in sctp_recvmsg (recvmsg(2) is a cancellation point) would skip the
# caller's C++ destructors and __attribute__((cleanup)) handlers, and
# backtrace(3), gdb, perf and valgrind would stop at the library. lksctp's C
# has them (gcc's -fasynchronous-unwind-tables), so the Swift code is
# compiled to LLVM IR (optimized by swiftc), every function is given the
# uwtable attribute, and the toolchain's clang generates the code (with no
# further IR passes: the instructions are those swiftc -S emits, plus the
# .cfi directives), with the same code generation options.
ADD_UNWIND_TABLES := sed -E 's/^(attributes \#[0-9]+ = \{ )/\1uwtable /'
CODEGEN := $(ASSEMBLER) -O2 -Xclang -disable-llvm-passes -fPIC -ffunction-sections -fno-addrsig \
	$(foreach option,$(LLVM_CODEGEN_OPTIONS),-mllvm $(option))

# The Swift code compiles to assembly so that abi/symver.s, which gives
# sctp_connectx its four versions, can be assembled into the same object
# (.symver only names symbols of its own object).
$(OBJ)/SCTP.ll: $(SWIFT_SOURCES) $(SHIM_HEADERS) Makefile | $(OBJ)
	$(SWIFTC) $(SWIFTFLAGS) -emit-ir $(SWIFT_SOURCES) -o $@.swiftc
	$(ADD_UNWIND_TABLES) $@.swiftc > $@

$(OBJ)/SCTP.s: $(OBJ)/SCTP.ll
	$(CODEGEN) -S $< -o $@

$(OBJ)/libsctp.o: $(OBJ)/SCTP.s abi/symver.s
	cat $^ > $(OBJ)/libsctp.s
	$(ASSEMBLER) -c $(OBJ)/libsctp.s -o $@

$(BUILD)/$(LIBRARY): $(OBJ)/libsctp.o abi/libsctp.map
	$(CC) $(LDFLAGS_LIB) -o $@ $(OBJ)/libsctp.o

$(BUILD)/$(SONAME): $(BUILD)/$(LIBRARY)
	ln -sf $(LIBRARY) $@

$(BUILD)/libsctp.so: $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $@

# The paths are those of the make command that installs, so install writes
# the file anew rather than copying this one.
PC_SUBSTITUTIONS = -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g'

$(BUILD)/libsctp.pc: pkgconfig/libsctp.pc.in Makefile | $(BUILD)
	sed $(PC_SUBSTITUTIONS) $< > $@

# --- tests -------------------------------------------------------------------
# One Criterion binary holds the whole C suite (Tests/C, a file per man page);
# its suites named *_kernel need a real SCTP kernel, the others do not.
C_TEST_SOURCES := $(sort $(wildcard Tests/C/*.c))
# -fexceptions: cleanup handlers run when a thread is cancelled (libsctp_unwinding.c).
TEST_CFLAGS    := -std=gnu11 -Wall -Wextra -Werror -g -O1 -fexceptions -I include -I Tests/C
SUITE          := $(BUILD)/tests/suite

$(SUITE): $(C_TEST_SOURCES) $(wildcard Tests/C/*.h) include/netinet/sctp.h $(BUILD)/$(SONAME)
	mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -pthread -o $@ $(C_TEST_SOURCES) -L$(BUILD) -lsctp -lcriterion -ldl

# The example a newcomer runs first: a multi-homed echo server and client,
# on a real SCTP kernel (in the VM when this kernel has none).
DEMO := $(BUILD)/examples

$(DEMO)/%: examples/%.c include/netinet/sctp.h $(BUILD)/$(SONAME)
	mkdir -p $(DEMO)
	$(CC) -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -O2 -I include -o $@ $< -L$(BUILD) -lsctp

demo: deps all $(DEMO)/echo_server $(DEMO)/echo_client
	@Tests/vm/kernel-run.sh env LD_LIBRARY_PATH=$(CURDIR)/$(BUILD) examples/run-demo.sh $(DEMO)

# Ours against Debian's libsctp1, side by side (not part of check: no timing
# decides a test). Writes bench/RESULTS.md.
bench: all
	bench/run.sh

# libFuzzer harnesses (Tests/fuzz/README.md): the Swift code built again with
# coverage and AddressSanitizer into build/fuzz (the release build is not
# touched), linked statically into each harness, run from a copy of the
# committed seed corpus for FUZZ_SECONDS each. A crash fails it.
FUZZ         := $(BUILD)/fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(basename $(notdir $(wildcard Tests/fuzz/*.c)))
FUZZ_CC      ?= $(dir $(shell command -v $(SWIFTC)))clang
FUZZ_SANITIZE := -sanitize=fuzzer,address -Xcc -fsanitize=address

$(FUZZ)/SCTP.o: $(SWIFT_SOURCES) $(SHIM_HEADERS) Makefile
	mkdir -p $(FUZZ)
	$(SWIFTC) $(SWIFTFLAGS) $(FUZZ_SANITIZE) -g -c $(SWIFT_SOURCES) -o $@

$(FUZZ)/%: Tests/fuzz/%.c Tests/fuzz/fuzz.h $(FUZZ)/SCTP.o include/netinet/sctp.h
	$(FUZZ_CC) -std=gnu11 -Wall -Wextra -Werror -g -O1 -fsanitize=fuzzer,address -fuse-ld=lld \
		-I include -o $@ $< $(FUZZ)/SCTP.o

fuzz: $(addprefix $(FUZZ)/,$(FUZZ_TARGETS))
	Tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

deps:
	Tests/deps.sh

check: deps all
	Tests/check.sh

# The differential harness (Tests/differential/README.md): random valid call
# sequences against ours and lksctp 1.0.19 and 1.0.21 on the real kernel.
# make check runs it with the defaults; SEED= and COUNT= replay or extend.
DIFFERENTIAL := $(BUILD)/differential/differential
DIFFERENTIAL_SOURCES := $(wildcard Tests/differential/*.c)

$(DIFFERENTIAL): $(DIFFERENTIAL_SOURCES) Tests/differential/differential.h include/netinet/sctp.h
	mkdir -p $(dir $@)
	$(CC) -std=gnu11 -Wall -Wextra -Werror -O1 -g -I include -I Tests/differential -o $@ $(DIFFERENTIAL_SOURCES) -ldl

check-differential: deps all $(DIFFERENTIAL)
	SEED=$(SEED) COUNT=$(COUNT) Tests/differential/run.sh

check-reference: deps all
	SCTP_CHECK_LIBRARY=reference Tests/check.sh

# The suite again with -DSCTP_TEST_RUN_DIVERGENCES: the tests of kept
# divergences run against lksctp instead of being skipped there.
DIVERGENCES_SUITE := $(BUILD)/divergences/tests/suite

$(DIVERGENCES_SUITE): $(C_TEST_SOURCES) $(wildcard Tests/C/*.h) include/netinet/sctp.h $(BUILD)/$(SONAME)
	mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -DSCTP_TEST_RUN_DIVERGENCES -pthread -o $@ $(C_TEST_SOURCES) -L$(BUILD) -lsctp -lcriterion -ldl

check-divergences: deps all $(DIVERGENCES_SUITE)
	SCTP_CHECK_LIBRARY=reference SCTP_CHECK_RUN_DIVERGENCES=1 Tests/check.sh

# --- sanitizers (Tests/sanitizers.md) -------------------------------------------
# A second library and suite in build/asan: the Swift code instrumented by
# swiftc -sanitize=address (swiftc has no UBSan: Swift traps on overflow and
# out-of-bounds itself), the C of the library (the inline shims of csctp.h)
# and the whole suite also under UndefinedBehaviorSanitizer. The toolchain's
# clang compiles and links them, so that one ASan runtime (compiler-rt's, in
# the executable) serves both: the library's __asan_* references resolve to
# the suite's. Same version script and .symver as the real library.
ASAN_BUILD   := $(BUILD)/asan
SANITIZER_CC ?= $(ASSEMBLER)
SANITIZE_C   := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -fuse-ld=bfd

$(ASAN_BUILD)/obj/SCTP.ll: $(SWIFT_SOURCES) $(SHIM_HEADERS) Makefile
	mkdir -p $(dir $@)
	$(SWIFTC) $(SWIFTFLAGS) -sanitize=address -Xcc -fsanitize=undefined -Xcc -fno-sanitize-recover=all \
		-emit-ir $(SWIFT_SOURCES) -o $@.swiftc
	$(ADD_UNWIND_TABLES) $@.swiftc > $@

$(ASAN_BUILD)/obj/SCTP.s: $(ASAN_BUILD)/obj/SCTP.ll
	$(CODEGEN) -S $< -o $@

$(ASAN_BUILD)/obj/libsctp.o: $(ASAN_BUILD)/obj/SCTP.s abi/symver.s
	cat $^ > $(ASAN_BUILD)/obj/libsctp.s
	$(ASSEMBLER) -c $(ASAN_BUILD)/obj/libsctp.s -o $@

$(ASAN_BUILD)/$(LIBRARY): $(ASAN_BUILD)/obj/libsctp.o abi/libsctp.map
	$(SANITIZER_CC) -fuse-ld=bfd $(LDFLAGS_LIB) -o $@ $<

$(ASAN_BUILD)/$(SONAME): $(ASAN_BUILD)/$(LIBRARY)
	ln -sf $(LIBRARY) $@

$(ASAN_BUILD)/libsctp.so: $(ASAN_BUILD)/$(SONAME)
	ln -sf $(SONAME) $@

$(ASAN_BUILD)/tests/suite: $(C_TEST_SOURCES) $(wildcard Tests/C/*.h) include/netinet/sctp.h $(ASAN_BUILD)/libsctp.so
	mkdir -p $(dir $@)
	$(SANITIZER_CC) $(TEST_CFLAGS) $(SANITIZE_C) -o $@ $(C_TEST_SOURCES) -L$(ASAN_BUILD) -lsctp -lcriterion -ldl

# Both run the C suite alone (host stage, then the kernel stage in the VM),
# with Tests/check.sh; results in build/results-asan, build/results-valgrind.
check-asan: deps $(ASAN_BUILD)/tests/suite
	SCTP_CHECK_TOOL=asan Tests/check.sh

check-valgrind: deps all $(SUITE)
	SCTP_CHECK_TOOL=valgrind Tests/check.sh

$(OBJ) $(BUILD):
	mkdir -p $@

install: all
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR)/netinet $(DESTDIR)$(PKGCONFIGDIR)
	install -m 0755 $(BUILD)/$(LIBRARY) $(DESTDIR)$(LIBDIR)/$(LIBRARY)
	ln -sf $(LIBRARY) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libsctp.so
	install -m 0644 include/netinet/sctp.h $(DESTDIR)$(INCLUDEDIR)/netinet/sctp.h
	sed $(PC_SUBSTITUTIONS) pkgconfig/libsctp.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/libsctp.pc
	chmod 0644 $(DESTDIR)$(PKGCONFIGDIR)/libsctp.pc
	install -d $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man7
	install -m 0644 $(MAN3_PAGES) $(DESTDIR)$(MANDIR)/man3/
	install -m 0644 $(MAN7_PAGES) $(DESTDIR)$(MANDIR)/man7/
	install -d $(DESTDIR)$(DOCDIR)
	install -m 0644 DIVERGENCES.md $(DESTDIR)$(DOCDIR)/DIVERGENCES.md

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/$(LIBRARY) $(DESTDIR)$(LIBDIR)/$(SONAME) \
	      $(DESTDIR)$(LIBDIR)/libsctp.so $(DESTDIR)$(INCLUDEDIR)/netinet/sctp.h \
	      $(DESTDIR)$(PKGCONFIGDIR)/libsctp.pc \
	      $(addprefix $(DESTDIR)$(MANDIR)/man3/,$(notdir $(MAN3_PAGES))) \
	      $(addprefix $(DESTDIR)$(MANDIR)/man7/,$(notdir $(MAN7_PAGES))) \
	      $(DESTDIR)$(DOCDIR)/DIVERGENCES.md

clean:
	rm -rf $(OBJ) $(BUILD)/$(LIBRARY) $(BUILD)/$(SONAME) $(BUILD)/libsctp.so \
	       $(BUILD)/libsctp.pc $(BUILD)/tests $(BUILD)/divergences $(FUZZ)
