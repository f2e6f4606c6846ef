/* A program written the way programs that use the kernel's headers are:
 * <linux/in.h> and <linux/in6.h> for the addresses and IPPROTO_SCTP, then
 * <netinet/sctp.h> for the calls, with no <netinet/in.h> anywhere (glibc's
 * would redefine what the kernel's defined). It compiles with lksctp's
 * header; it must with ours. Prints "IPPROTO_SCTP N", "sctp_getaddrlen N"
 * and "sctp_bindx RESULT ERRNO" (a bad descriptor). */
#include <endian.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <netinet/sctp.h>

int main(void)
{
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	int r;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htobe16(5000);
	sin.sin_addr.s_addr = htobe32(INADDR_LOOPBACK);
	memset(&sin6, 0, sizeof sin6);
	sin6.sin6_family = AF_INET6;
	errno = 0;
	r = sctp_bindx(-1, (struct sockaddr *)&sin, 1, SCTP_BINDX_ADD_ADDR);
	printf("IPPROTO_SCTP %d\n", (int)IPPROTO_SCTP);
	printf("sctp_getaddrlen %d %d\n", sctp_getaddrlen(AF_INET), sctp_getaddrlen(sin6.sin6_family));
	printf("sctp_bindx %d %d\n", r, errno);
	return 0;
}
