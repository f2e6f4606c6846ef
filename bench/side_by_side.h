/* bench/side_by_side.h: two libsctp.so.1 in one process, for make bench's
 * timings (bench/driver-side-by-side, bench/pump.c): the
 * libraries take turns on the same sockets, so what differs between two
 * processes (their placement in memory, the machine's load a moment later)
 * cancels out of each round's ratio. */
#ifndef BENCH_SIDE_BY_SIDE_H
#define BENCH_SIDE_BY_SIDE_H

#include <dlfcn.h>
#include <netinet/sctp.h>
#include <stdio.h>
#include <stdlib.h>

/* The functions the benchmarks call, by their names without "sctp_". */
struct library {
	__typeof__(sctp_sendmsg) *sendmsg;
	__typeof__(sctp_send) *send;
	__typeof__(sctp_recvmsg) *recvmsg;
	__typeof__(sctp_sendv) *sendv;
	__typeof__(sctp_recvv) *recvv;
	__typeof__(sctp_bindx) *bindx;
	__typeof__(sctp_connectx) *connectx;
	__typeof__(sctp_getpaddrs) *getpaddrs;
	__typeof__(sctp_freepaddrs) *freepaddrs;
	/* This library's addition (by the header's symbol name), or NULL. */
	__typeof__(sctp_sendx) *sendx;
};

/* RTLD_LOCAL: each library's references to its own functions stay within it
 * (the program links no libsctp). Exits on failure. */
static inline struct library load_library(const char *path)
{
	void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	struct library library;

	if (!handle) {
		fprintf(stderr, "%s\n", dlerror());
		exit(2);
	}
#define RESOLVE(member)                                                             \
	if (!(*(void **)&library.member = dlsym(handle, "sctp_" #member))) {        \
		fprintf(stderr, "%s: no sctp_%s\n", path, #member);                 \
		exit(2);                                                            \
	}
	RESOLVE(sendmsg) RESOLVE(send) RESOLVE(recvmsg) RESOLVE(sendv) RESOLVE(recvv)
	RESOLVE(bindx) RESOLVE(connectx) RESOLVE(getpaddrs) RESOLVE(freepaddrs)
#undef RESOLVE
	*(void **)&library.sendx = dlsym(handle, "__libsctp_sendx");
	return library;
}

#endif
