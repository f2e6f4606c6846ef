/* Another preloaded library that wraps socket(2), as fakeroot, proxychains
 * or a tracer does: it says so on standard error, then calls the next
 * definition. Preloaded after libwithsctp.so.1, it is called only when
 * libwithsctp hands socket on to the next definition (ours: RTLD_NEXT), not
 * when it calls libc's directly (lksctp's: dlopen of libc). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <sys/socket.h>

int socket(int domain, int type, int protocol)
{
	int (*next)(int, int, int) = (int (*)(int, int, int))dlsym(RTLD_NEXT, "socket");

	fprintf(stderr, "socket_wrapper: socket(%d, %d, %d)\n", domain, type, protocol);
	return next(domain, type, protocol);
}
