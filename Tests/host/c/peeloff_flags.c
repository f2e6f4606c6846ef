/* A program of lksctp's documented API that calls sctp_peeloff_flags, which
 * lksctp's header declares (HAVE_SCTP_PEELOFF_FLAGS) but its library never
 * exported. It links against ours and fails to link against Debian's. */
#include <stdio.h>
#include <sys/socket.h>
#include <netinet/sctp.h>

int main(void)
{
#ifndef HAVE_SCTP_PEELOFF_FLAGS
#error "the header does not announce sctp_peeloff_flags"
#endif
	int r = sctp_peeloff_flags(-1, 0, SOCK_CLOEXEC);
	printf("sctp_peeloff_flags(-1) = %d\n", r);
	return r == -1 ? 0 : 1;
}
