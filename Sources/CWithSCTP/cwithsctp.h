/* What libwithsctp.so.1 and checksctp see of C: the libc calls they make
 * and inline shims for what Swift cannot import (RTLD_NEXT, a cast, errno's
 * perror). No logic lives here. */
#ifndef CWITHSCTP_H
#define CWITHSCTP_H

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <linux/sctp.h>

typedef int (*cwithsctp_socket_fn)(int domain, int type, int protocol);
typedef int (*cwithsctp_bind_fn)(int fd, const struct sockaddr *address, socklen_t length);
typedef int (*cwithsctp_setsockopt_fn)(int fd, int level, int name, const void *value,
				       socklen_t length);

/* The next definition of a libc function after libwithsctp's own, in the
 * dynamic linker's search order (RTLD_NEXT is a cast macro). */
static inline cwithsctp_socket_fn cwithsctp_next_socket(void)
{
	return (cwithsctp_socket_fn)dlsym(RTLD_NEXT, "socket");
}
static inline cwithsctp_bind_fn cwithsctp_next_bind(void)
{
	return (cwithsctp_bind_fn)dlsym(RTLD_NEXT, "bind");
}
static inline cwithsctp_setsockopt_fn cwithsctp_next_setsockopt(void)
{
	return (cwithsctp_setsockopt_fn)dlsym(RTLD_NEXT, "setsockopt");
}

#endif
