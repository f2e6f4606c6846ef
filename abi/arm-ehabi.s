# armv7 (ARM EHABI) only, appended like abi/symver.s. Each function's
# unwind entry in the compact model makes the assembler emit a reference to
# __aeabi_unwind_cpp_pr0 or pr1, so that a static link pulls that
# personality routine in. The unwinder that reads the entries (libgcc's, as
# pthread_cancel and backtrace load it) runs its own copy for the compact
# model and never calls these names, so, as glibc does for its own objects
# (sysdeps/arm/aeabi_unwind_cpp_pr1.c), they get hidden definitions here,
# which trap if anything ever called them, rather than a libgcc_s.so.1 that
# the library would otherwise need (Debian's libsctp1:armhf needs libc and
# ld-linux-armhf only).
	.syntax unified
	.arm
	.section .text.__aeabi_unwind_cpp_pr0,"ax",%progbits
	.p2align 2
	.globl __aeabi_unwind_cpp_pr0
	.hidden __aeabi_unwind_cpp_pr0
	.type __aeabi_unwind_cpp_pr0,%function
	.globl __aeabi_unwind_cpp_pr1
	.hidden __aeabi_unwind_cpp_pr1
	.type __aeabi_unwind_cpp_pr1,%function
	.globl __aeabi_unwind_cpp_pr2
	.hidden __aeabi_unwind_cpp_pr2
	.type __aeabi_unwind_cpp_pr2,%function
__aeabi_unwind_cpp_pr0:
__aeabi_unwind_cpp_pr1:
__aeabi_unwind_cpp_pr2:
	udf #0
	.size __aeabi_unwind_cpp_pr0, . - __aeabi_unwind_cpp_pr0
	.size __aeabi_unwind_cpp_pr1, . - __aeabi_unwind_cpp_pr1
	.size __aeabi_unwind_cpp_pr2, . - __aeabi_unwind_cpp_pr2
