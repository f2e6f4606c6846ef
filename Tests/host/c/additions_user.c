/* A program that calls sctp_sendx and sctp_peeloff_flags. Built with this
 * library's <netinet/sctp.h>, it asks for the header's names of them
 * (__libsctp_sendx@VERS_4, __libsctp_peeloff_flags@VERS_4); with
 * -DBUILT_BEFORE, for what a program built before the header named them so
 * asks for: sctp_sendx@VERS_4 and sctp_peeloff_flags@VERS_4, the plain
 * names. Prints "sctp_sendx R ERRNO" and "sctp_peeloff_flags R ERRNO". */
#include <errno.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/socket.h>

#ifdef BUILT_BEFORE
ssize_t old_sendx(int, const void *, size_t, struct sockaddr *, int, void *, int);
int old_peeloff_flags(int, int, unsigned);
__asm__(".symver old_sendx, sctp_sendx@VERS_4");
__asm__(".symver old_peeloff_flags, sctp_peeloff_flags@VERS_4");
#define sctp_sendx old_sendx
#define sctp_peeloff_flags old_peeloff_flags
#else
#include <netinet/sctp.h>
#endif

int main(void)
{
	long r;

	errno = 0;
	r = (long)sctp_sendx(-1, "x", 1, NULL, 1, NULL, 0);
	printf("sctp_sendx %ld %d\n", r, errno);
	errno = 0;
	r = sctp_peeloff_flags(-1, 0, 0);
	printf("sctp_peeloff_flags %ld %d\n", r, errno);
	return 0;
}
