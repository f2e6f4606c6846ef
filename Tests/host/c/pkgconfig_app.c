/* A consumer built only with $(pkg-config --cflags --libs libsctp): says
 * which library file it runs with, and what sctp_getaddrlen answers. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <sys/socket.h>
#include <netinet/sctp.h>

int main(void)
{
	Dl_info info;

	if (!dladdr((void *)sctp_getaddrlen, &info) || !info.dli_fname) {
		printf("dladdr failed\n");
		return 1;
	}
	printf("using %s\n", info.dli_fname);
	printf("sctp_getaddrlen(AF_INET) = %d\n", sctp_getaddrlen(AF_INET));
	printf("sctp_getaddrlen(AF_INET6) = %d\n", sctp_getaddrlen(AF_INET6));
	return 0;
}
