# libsctp.so.1 in Embedded Swift.
#   make            build build/libsctp.so.1.1.0 (and its symlinks), build/libsctp.a,
#                   and lksctp-tools' withsctp and checksctp (build/tools)
#   make ARCH=aarch64|armv7|i686   the same for arm64, armhf or i386, into build/ARCH
#   make check      install what the tests need, run every test (real SCTP kernel included)
#   make check-arch the C suite of arm64, armhf and i386 on a real kernel of each, and the
#                   amd64 kernel stage on Debian 13's kernel (Tests/arch/run.sh)
#   make install    PREFIX=/usr/local DESTDIR=  (library, header, pkg-config file, man pages)
#   make uninstall
#   make check-reference   the C suite against lksctp 1.0.19 and 1.0.21 (Debian's libsctp1)
#   make check-divergences the tests of DIVERGENCES.md's rows run against lksctp, to show the
#                          harm each names (its tests fail there by design; not part of make check)
#   make demo       a multi-homed echo server and client on a real SCTP kernel
#   make bench      per-call cost against Debian's libsctp1 (bench/RESULTS.md)
#   make bench-arm64  its arm64 instruction rows, against Debian's libsctp1:arm64
#   make fuzz       libFuzzer harnesses of the parsers (Tests/fuzz), FUZZ_SECONDS=60 each
#   make check-asan       the C suite (host and real kernel) with the library and the
#                         tests under AddressSanitizer (+ UBSan on the C), leaks included
#   make check-valgrind   the C suite (host and real kernel) under valgrind's memcheck
#   make deb        Debian packages libsctp1 and libsctp-dev (debian/) in build/deb/<arch>/,
#                   checked by lintian
#   make check-arch-host  the host packaging tests of make ARCH=aarch64, armv7 and i686's
#                         libraries against Debian's libsctp1 of each (under qemu-user)
#   make check-deb-arch   make deb ARCH='s packages installed by apt in a clean bookworm root of
#                         each architecture, its programs on that architecture's kernel (Tests/deb)

VERSION    := 1.1.0
SONAME     := libsctp.so.1
LIBRARY    := libsctp.so.$(VERSION)

PREFIX     ?= /usr/local
LIBDIR     ?= $(PREFIX)/lib
BINDIR     ?= $(PREFIX)/bin
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
MANDIR     ?= $(PREFIX)/share/man
DOCDIR     ?= $(PREFIX)/share/doc/libsctp
DESTDIR    ?=

# ARCH=aarch64, armv7 (armhf: hard float) or i686 (i386) cross-builds into
# build/ARCH with Debian's cross toolchain (Tests/deps.sh installs it); the
# default, the build machine's architecture, builds into build/ as before.
# Only a command-line ARCH counts: an ARCH in the environment means other
# things to other builds (the kernel's ARCH=x86).
BUILD_ARCH := $(shell uname -m)
ifneq ($(origin ARCH),command line)
ARCH       := $(BUILD_ARCH)
endif
CC         ?= cc
SWIFTC     ?= swiftc
# The toolchain's own clang assembles what its swiftc emits (LLVM section types).
ASSEMBLER  ?= $(dir $(shell command -v $(SWIFTC)))clang
# The toolchain's own binutils, which know every architecture it targets.
OBJCOPY    ?= $(dir $(shell command -v $(SWIFTC)))llvm-objcopy
ARCHIVER   ?= $(dir $(shell command -v $(SWIFTC)))llvm-ar

# Per architecture: the Linux triple, Debian's name for its cross toolchain,
# and the baseline of Debian's port (armhf: ARMv7-A, VFPv3-D16, no NEON;
# i386: i686, no SSE). The toolchain ships Embedded Swift's standard library
# for x86_64-unknown-linux-gnu and bare-metal triples only, so a cross build
# compiles the Swift code for the bare-metal triple of the same CPU and ABI
# (SWIFT_TARGET_*) while its C importer, the code generator and the
# assembler work for the Linux triple with the cross toolchain's headers:
# what the library calls, its calling convention, relocations, stack
# protector and unwind tables are those of Linux (README, Architectures).
# swiftc's driver does not pass its -clang-target on to the frontend (its
# -### shows none), hence -Xfrontend.
TRIPLE_aarch64       := aarch64-unknown-linux-gnu
SWIFT_TARGET_aarch64 := aarch64-none-none-elf
GNU_TYPE_aarch64     := aarch64-linux-gnu
TRIPLE_armv7         := armv7-unknown-linux-gnueabihf
SWIFT_TARGET_armv7   := armv7-none-none-eabi
GNU_TYPE_armv7       := arm-linux-gnueabihf
CPU_FLAGS_armv7      := -march=armv7-a -mfpu=vfpv3-d16 -mfloat-abi=hard
ABI_ASM_armv7        := abi/arm-ehabi.s
TRIPLE_i686          := i686-unknown-linux-gnu
SWIFT_TARGET_i686    := i686-unknown-none-elf
GNU_TYPE_i686        := i686-linux-gnu
CPU_FLAGS_i686       := -march=i686
CROSS_ARCHS          := aarch64 armv7 i686

# The build machine's own: as before, into build/.
NATIVE_SWIFT_TARGET := -target $(BUILD_ARCH)-unknown-linux-gnu
NATIVE_TARGET_FLAGS := -target $(BUILD_ARCH)-unknown-linux-gnu
ifeq ($(ARCH),$(BUILD_ARCH))
BUILD              := build
TARGET_SWIFTFLAGS  := $(NATIVE_SWIFT_TARGET)
TARGET_FLAGS       := $(NATIVE_TARGET_FLAGS)
else
ifeq ($(filter $(ARCH),$(CROSS_ARCHS)),)
$(error ARCH=$(ARCH): the architectures are $(BUILD_ARCH) (the default) and $(CROSS_ARCHS))
endif
BUILD              := build/$(ARCH)
SYSROOT            := /usr/$(GNU_TYPE_$(ARCH))
TARGET_SWIFTFLAGS  := -target $(SWIFT_TARGET_$(ARCH)) -Xfrontend -clang-target -Xfrontend $(TRIPLE_$(ARCH)) \
	-Xcc --sysroot=$(SYSROOT) $(addprefix -Xcc ,$(CPU_FLAGS_$(ARCH)))
TARGET_FLAGS       := -target $(TRIPLE_$(ARCH)) $(CPU_FLAGS_$(ARCH))
IR_TRIPLE          := $(TRIPLE_$(ARCH))
# The C of the tests and examples too, unless CC was given.
ifeq ($(origin CC),default)
CC                 := $(GNU_TYPE_$(ARCH))-gcc
endif
endif
OBJ        := $(BUILD)/obj

SWIFT_SOURCES := $(sort $(wildcard Sources/SCTP/*.swift))
MAN3_PAGES    := $(sort $(wildcard man/man3/*.3))
MAN7_PAGES    := $(sort $(wildcard man/man7/*.7))
MAN1_PAGES    := $(sort $(wildcard man/man1/*.1))
SHIM_HEADERS  := Sources/CSCTP/csctp.h Sources/CSCTP/module.modulemap include/netinet/sctp.h

# Embedded Swift: no runtime library, no metadata; the .so needs only libc.
# -O, not -Osize: -Osize copies structures with rep movsb, a dozen times
# the instructions of the moves -O emits, for no smaller a library.
SWIFTFLAGS := -enable-experimental-feature Embedded \
	-enable-experimental-feature CImplementation \
	-wmo -parse-as-library -O -module-name SCTP -D SCTP_VERSIONED_ABI \
	-I Sources/CSCTP -Xcc -fPIC -Xfrontend -function-sections

LDFLAGS_LIB := -shared -Wl,-soname,$(SONAME) \
	-Wl,--version-script=abi/libsctp.map \
	-Wl,--gc-sections -Wl,--as-needed -Wl,-z,relro -Wl,-z,now -Wl,-z,noexecstack

.PHONY: all clean install uninstall deb check check-arch check-arch-host check-deb-arch check-differential check-reference check-divergences check-asan check-valgrind demo bench bench-arm64 deps fuzz

all: $(BUILD)/$(LIBRARY) $(BUILD)/$(SONAME) $(BUILD)/libsctp.so $(BUILD)/libsctp.pc $(BUILD)/libsctp.a tools

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
ADD_UNWIND_TABLES := sed -E -e 's/^(attributes \#[0-9]+ = \{ )/\1uwtable /'
CODEGEN := $(ASSEMBLER) -O2 -Xclang -disable-llvm-passes -fPIC -ffunction-sections -fno-addrsig

# The Swift code compiles to assembly so that abi/symver.s, which gives
# sctp_connectx its four versions, can be assembled into the same object
# (.symver only names symbols of its own object).
#
# The pipeline, written once. An object of Swift code:
#   $(call swift_object_rules,OBJECT,MODULE,INPUTS,SWIFT_FLAGS,TARGET_FLAGS,ASSEMBLY,TRIPLE)
# the Swift files among INPUTS (the others: headers it depends on) ->
# DIR/MODULE.ll (with unwind tables) -> DIR/MODULE.s -> with ASSEMBLY
# appended (abi/symver.s, abi/arm-ehabi.s) -> OBJECT (DIR/NAME.o). SWIFT_FLAGS:
# swiftc's target and extra options; TARGET_FLAGS: clang's, for code
# generation and assembly; TRIPLE, if given, replaces the IR's bare-metal
# triple (the data layouts are the same). The IR step fails if it added no
# uwtable. And the library from DIR/obj/libsctp.o:
#   $(call library_rules,DIR,SWIFT_FLAGS,TARGET_FLAGS,LINK,ASSEMBLY,TRIPLE)
# DIR/libsctp.so.1.1.0 and its links, linked by LINK (a compiler driver, or
# nothing for an object-only build).
define swift_object_rules
$(dir $(1))$(2).ll: $(3) Makefile
	mkdir -p $$(dir $$@)
	$$(SWIFTC) $$(SWIFTFLAGS) $(4) -emit-ir $(filter %.swift,$(3)) -o $$@.swiftc
	$$(ADD_UNWIND_TABLES) $(if $(7),-e 's/^target triple = .*/target triple = "$(7)"/') $$@.swiftc > $$@
	@[ $$$$(grep -c uwtable $$@) -gt $$$$(grep -c uwtable $$@.swiftc) ] || \
		{ echo "$$@: adding unwind tables changed nothing" >&2; rm -f $$@; exit 1; }

$(dir $(1))$(2).s: $(dir $(1))$(2).ll
	$$(CODEGEN) $(5) -S $$< -o $$@

$(1): $(dir $(1))$(2).s $(6)
	cat $$^ > $(basename $(1)).all.s
	$$(ASSEMBLER) $(5) -c $(basename $(1)).all.s -o $$@
endef

define library_rules
$(call swift_object_rules,$(1)/obj/libsctp.o,SCTP,$(SWIFT_SOURCES) $(SHIM_HEADERS),$(2),$(3),$(5),$(6))

ifneq ($(4),)
$(1)/$$(LIBRARY): $(1)/obj/libsctp.o abi/libsctp.map
	$(4) $$(LDFLAGS_LIB) -o $$@ $(1)/obj/libsctp.o

$(1)/$$(SONAME): $(1)/$$(LIBRARY)
	ln -sf $$(LIBRARY) $$@

$(1)/libsctp.so: $(1)/$$(SONAME)
	ln -sf $$(SONAME) $$@
endif
endef

$(eval $(call library_rules,$(BUILD),$(TARGET_SWIFTFLAGS),$(TARGET_FLAGS),$(CC),abi/symver.s $(ABI_ASM_$(ARCH)),$(IR_TRIPLE)))

# The static library, as libsctp-dev ships it: the shared library's object
# with every symbol made local but the API (the version script's names, and
# the names abi/symver.s gives, which are global in Debian's libsctp.a too),
# so that nothing else of the Embedded Swift code (its runtime functions, its
# mangled names) meets a static program's own symbols. The versioned names
# stay as the assembler wrote them: ld binds a plain sctp_connectx to
# sctp_connectx@@VERS_3, as with Debian's libsctp.a.
$(OBJ)/static-globals.txt: abi/libsctp.map abi/symver.s | $(OBJ)
	{ sed -n 's/^[[:space:]]*\([A-Za-z_][A-Za-z0-9_]*\);$$/\1/p' abi/libsctp.map; \
	  sed -n 's/^\.symver \([^,]*\), *\([^[:space:]]*\)$$/\1\n\2/p' abi/symver.s; } | sort -u > $@

$(OBJ)/static/libsctp.o: $(OBJ)/libsctp.o $(OBJ)/static-globals.txt
	mkdir -p $(dir $@)
	$(OBJCOPY) --keep-global-symbols=$(OBJ)/static-globals.txt $< $@

$(BUILD)/libsctp.a: $(OBJ)/static/libsctp.o
	rm -f $@
	$(ARCHIVER) rcsD $@ $<

# --- lksctp-tools' withsctp and checksctp ---------------------------------------
# In Embedded Swift as the library, from the same pipeline (unwind tables
# included): libwithsctp.so.1 (Sources/WithSCTP), which withsctp preloads,
# exports socket, setsockopt and bind as lksctp's does and needs only libc;
# checksctp (Sources/CheckSCTP). The withsctp of build/tools runs them from
# the tree; make install writes the script anew for its own paths, which are
# Debian's lksctp-tools' under PREFIX (BINDIR, LIBDIR/lksctp-tools).
TOOLS          := $(BUILD)/tools
WITHSCTP_LIB   := libwithsctp.so.$(VERSION)
WITHSCTP_DIR   := $(LIBDIR)/lksctp-tools
TOOL_HEADERS   := Sources/CWithSCTP/cwithsctp.h Sources/CWithSCTP/module.modulemap
TOOL_LDFLAGS   := -Wl,--gc-sections -Wl,--as-needed -Wl,-z,relro -Wl,-z,now -Wl,-z,noexecstack

.PHONY: tools
tools: $(TOOLS)/$(WITHSCTP_LIB) $(TOOLS)/libwithsctp.so.1 $(TOOLS)/checksctp $(TOOLS)/withsctp

# From the library's pipeline, with the architecture's own assembly (armv7:
# no libgcc_s).
$(foreach tool,WithSCTP CheckSCTP,$(eval $(call swift_object_rules,$(OBJ)/$(tool).o,$(tool),\
	$(sort $(wildcard Sources/$(tool)/*.swift)) $(TOOL_HEADERS),\
	$(TARGET_SWIFTFLAGS) -module-name $(tool) -I Sources/CWithSCTP,$(TARGET_FLAGS),$(ABI_ASM_$(ARCH)),$(IR_TRIPLE))))

$(TOOLS)/$(WITHSCTP_LIB): $(OBJ)/WithSCTP.o abi/libwithsctp.map
	mkdir -p $(TOOLS)
	$(CC) -shared -Wl,-soname,libwithsctp.so.1 -Wl,--version-script=abi/libwithsctp.map $(TOOL_LDFLAGS) -o $@ $<

$(TOOLS)/libwithsctp.so.1: $(TOOLS)/$(WITHSCTP_LIB)
	ln -sf $(WITHSCTP_LIB) $@

$(TOOLS)/checksctp: $(OBJ)/CheckSCTP.o
	mkdir -p $(TOOLS)
	$(CC) $(TOOL_LDFLAGS) -o $@ $<

WITHSCTP_SUBSTITUTIONS = -e 's|@LIBDIR@|$(1)|g' -e 's|@BINDIR@|$(2)|g' -e 's|@LIBVER@|$(VERSION)|g'

$(TOOLS)/withsctp: Sources/WithSCTP/withsctp.in Makefile
	mkdir -p $(TOOLS)
	sed $(call WITHSCTP_SUBSTITUTIONS,$(CURDIR)/$(TOOLS),$(CURDIR)/$(TOOLS)) $< > $@
	chmod 0755 $@

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
# Criterion: the installed one, or another architecture's, which cannot be
# installed beside it, from the directory make check-arch unpacked it in.
CRITERION_DIR  ?=
,              := ,
CRITERION      := $(if $(CRITERION_DIR),-L$(CRITERION_DIR) -l:libcriterion.so.3 -Wl$(,)-rpath-link$(,)$(CRITERION_DIR),-lcriterion)

# CRITERION_LITE=1: Tests/C/criterion-lite instead, for an architecture Debian
# builds no Criterion for (armhf; make check-arch).
ifneq ($(CRITERION_LITE),)
CRITERION      := Tests/C/criterion-lite/runner.c
TEST_CFLAGS    += -I Tests/C/criterion-lite
endif

$(SUITE): $(C_TEST_SOURCES) $(wildcard Tests/C/*.h Tests/C/criterion-lite/*.c) include/netinet/sctp.h $(BUILD)/$(SONAME)
	mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -pthread -o $@ $(C_TEST_SOURCES) -L$(BUILD) -lsctp $(CRITERION) -ldl

# The example a newcomer runs first: a multi-homed echo server and client,
# on a real SCTP kernel (in the VM when this kernel has none).
DEMO := $(BUILD)/examples

$(DEMO)/%: examples/%.c examples/echo.h include/netinet/sctp.h $(BUILD)/$(SONAME)
	mkdir -p $(DEMO)
	$(CC) -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -O2 -I include -o $@ $< -L$(BUILD) -lsctp

demo: deps all $(DEMO)/echo_server $(DEMO)/echo_client
	@Tests/vm/kernel-run.sh env LD_LIBRARY_PATH=$(CURDIR)/$(BUILD) examples/run-demo.sh $(DEMO)

# Ours against Debian's libsctp1, side by side (not part of check: no timing
# decides a test). Writes bench/RESULTS.md.
bench: all
	bench/run.sh

# The arm64 instruction rows of bench/RESULTS.md (callgrind:arm64 under qemu-user).
bench-arm64:
	$(MAKE) ARCH=aarch64
	bench/arm64.sh

# libFuzzer harnesses (Tests/fuzz/README.md): the Swift code built again with
# coverage and AddressSanitizer into build/fuzz (the release build is not
# touched), linked statically into each harness, run from a copy of the
# committed seed corpus for FUZZ_SECONDS each. A crash fails it.
FUZZ         := build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(basename $(notdir $(wildcard Tests/fuzz/*.c)))
FUZZ_CC      ?= $(dir $(shell command -v $(SWIFTC)))clang
FUZZ_SANITIZE := -sanitize=fuzzer,address -Xcc -fsanitize=address

$(eval $(call library_rules,$(FUZZ),$(NATIVE_SWIFT_TARGET) $(FUZZ_SANITIZE) -g,$(NATIVE_TARGET_FLAGS),,abi/symver.s))

$(FUZZ)/%: Tests/fuzz/%.c Tests/fuzz/fuzz.h $(FUZZ)/obj/libsctp.o include/netinet/sctp.h
	$(FUZZ_CC) -std=gnu11 -Wall -Wextra -Werror -g -O1 -fsanitize=fuzzer,address -fuse-ld=lld \
		-I include -o $@ $< $(FUZZ)/obj/libsctp.o

fuzz: $(addprefix $(FUZZ)/,$(FUZZ_TARGETS))
	Tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

deps:
	Tests/deps.sh

# The host packaging tests of each cross build against Debian's libsctp1 of
# that architecture, under qemu-user (Tests/host/arch.sh; it installs what
# it needs with Tests/deps.sh ARCH).
check-arch-host:
	Tests/host/arch.sh $(CROSS_ARCHS)

check: deps all $(BUILD)/differential/differential
	Tests/check.sh

check-arch: deps
	Tests/arch/run.sh

check-deb-arch: deps
	Tests/deb/arch.sh

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
	Tests/reference/run.sh

# The suite again with -DSCTP_TEST_RUN_DIVERGENCES: the tests of kept
# divergences run against lksctp instead of being skipped there.
DIVERGENCES_SUITE := $(BUILD)/divergences/tests/suite

$(DIVERGENCES_SUITE): $(C_TEST_SOURCES) $(wildcard Tests/C/*.h) include/netinet/sctp.h $(BUILD)/$(SONAME)
	mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -DSCTP_TEST_RUN_DIVERGENCES -pthread -o $@ $(C_TEST_SOURCES) -L$(BUILD) -lsctp -lcriterion -ldl

check-divergences: deps all $(DIVERGENCES_SUITE)
	SCTP_CHECK_RUN_DIVERGENCES=1 Tests/reference/run.sh

# --- sanitizers (Tests/sanitizers.md) -------------------------------------------
# A second library and suite in build/asan: the Swift code instrumented by
# swiftc -sanitize=address (swiftc has no UBSan: Swift traps on overflow and
# out-of-bounds itself), the C of the library (the inline shims of csctp.h)
# and the whole suite also under UndefinedBehaviorSanitizer. The toolchain's
# clang compiles and links them, so that one ASan runtime (compiler-rt's, in
# the executable) serves both: the library's __asan_* references resolve to
# the suite's. Same version script and .symver as the real library.
ASAN_BUILD   := build/asan
SANITIZER_CC ?= $(ASSEMBLER)
SANITIZE_C   := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -fuse-ld=bfd

$(eval $(call library_rules,$(ASAN_BUILD),$(NATIVE_SWIFT_TARGET) -sanitize=address \
	-Xcc -fsanitize=undefined -Xcc -fno-sanitize-recover=all,$(NATIVE_TARGET_FLAGS),$(SANITIZER_CC) -fuse-ld=bfd,abi/symver.s))

$(ASAN_BUILD)/tests/suite: $(C_TEST_SOURCES) $(wildcard Tests/C/*.h) include/netinet/sctp.h $(ASAN_BUILD)/libsctp.so
	mkdir -p $(dir $@)
	$(SANITIZER_CC) $(TEST_CFLAGS) $(SANITIZE_C) -o $@ $(C_TEST_SOURCES) -L$(ASAN_BUILD) -lsctp -lcriterion -ldl

# Both run the C suite alone (host stage, then the kernel stage in the VM),
# with Tests/sanitizers/run.sh; results in build/results-asan, build/results-valgrind.
check-asan: deps $(ASAN_BUILD)/tests/suite
	Tests/sanitizers/run.sh asan

check-valgrind: deps all $(SUITE)
	Tests/sanitizers/run.sh valgrind

$(OBJ) $(BUILD):
	mkdir -p $@

# dpkg-buildpackage in a copy of the tree (debian/build.sh), lintian after.
deb:
	debian/build.sh $(VERSION) $(ARCH)

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
	install -m 0644 $(BUILD)/libsctp.a $(DESTDIR)$(LIBDIR)/libsctp.a
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(WITHSCTP_DIR) $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(TOOLS)/checksctp $(DESTDIR)$(BINDIR)/checksctp
	sed $(call WITHSCTP_SUBSTITUTIONS,$(WITHSCTP_DIR),$(BINDIR)) Sources/WithSCTP/withsctp.in > $(DESTDIR)$(BINDIR)/withsctp
	chmod 0755 $(DESTDIR)$(BINDIR)/withsctp
	install -m 0644 $(TOOLS)/$(WITHSCTP_LIB) $(DESTDIR)$(WITHSCTP_DIR)/$(WITHSCTP_LIB)
	ln -sf $(WITHSCTP_LIB) $(DESTDIR)$(WITHSCTP_DIR)/libwithsctp.so.1
	install -m 0644 $(MAN1_PAGES) $(DESTDIR)$(MANDIR)/man1/

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/$(LIBRARY) $(DESTDIR)$(LIBDIR)/$(SONAME) \
	      $(DESTDIR)$(LIBDIR)/libsctp.so $(DESTDIR)$(INCLUDEDIR)/netinet/sctp.h \
	      $(DESTDIR)$(PKGCONFIGDIR)/libsctp.pc \
	      $(addprefix $(DESTDIR)$(MANDIR)/man3/,$(notdir $(MAN3_PAGES))) \
	      $(addprefix $(DESTDIR)$(MANDIR)/man7/,$(notdir $(MAN7_PAGES))) \
	      $(DESTDIR)$(DOCDIR)/DIVERGENCES.md $(DESTDIR)$(LIBDIR)/libsctp.a \
	      $(DESTDIR)$(BINDIR)/checksctp $(DESTDIR)$(BINDIR)/withsctp \
	      $(DESTDIR)$(WITHSCTP_DIR)/$(WITHSCTP_LIB) $(DESTDIR)$(WITHSCTP_DIR)/libwithsctp.so.1 \
	      $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN1_PAGES)))

clean:
	rm -rf $(OBJ) $(BUILD)/$(LIBRARY) $(BUILD)/$(SONAME) $(BUILD)/libsctp.so \
	       $(BUILD)/libsctp.pc $(BUILD)/tests $(BUILD)/divergences $(FUZZ) \
	       $(BUILD)/libsctp.a $(TOOLS)
