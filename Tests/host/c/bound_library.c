/* Built with the header and library of whichever libsctp it is compiled
 * against (Debian's, for abi.sh), then run with LD_LIBRARY_PATH pointing at
 * another one: prints, from inside the process, which file the dynamic
 * linker bound sctp_bindx and sctp_connectx to, and whether sctp_connectx is
 * its VERS_3 face. The calls themselves may fail on a host without SCTP
 * (EPROTONOSUPPORT, EBADF): only the binding matters here. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netinet/sctp.h> /* after netinet/in.h: lksctp's breaks before it */

static int where(const char *name, void *fn)
{
	Dl_info info;

	if (!dladdr(fn, &info) || !info.dli_fname) {
		printf("%s: dladdr failed\n", name);
		return 1;
	}
	printf("%s %s\n", name, info.dli_fname);
	return 0;
}

int main(void)
{
	struct sockaddr_in sin;
	sctp_assoc_t id = 0;
	void *v3;
	int r, bad = 0;

	bad |= where("sctp_bindx", (void *)sctp_bindx);
	bad |= where("sctp_connectx", (void *)sctp_connectx);

	v3 = dlvsym(RTLD_DEFAULT, "sctp_connectx", "VERS_3");
	printf("sctp_connectx_is_VERS_3 %d\n", v3 != NULL && v3 == (void *)sctp_connectx);

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(9);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	errno = 0;
	r = sctp_bindx(-1, (struct sockaddr *)&sin, 1, SCTP_BINDX_ADD_ADDR);
	printf("call sctp_bindx(-1) = %d (%s)\n", r, strerror(errno));
	errno = 0;
	r = sctp_connectx(-1, (struct sockaddr *)&sin, 1, &id);
	printf("call sctp_connectx(-1) = %d (%s)\n", r, strerror(errno));
	return bad;
}
