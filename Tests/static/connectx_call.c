/* sctp_connectx with its id argument, and nothing else: which face of
 * sctp_connectx a static link binds a plain call to (Tests/static/run.sh
 * reads it from the disassembly). Builds with lksctp's header and ours. */
#include <stddef.h>
#include <sys/socket.h>
#include <netinet/sctp.h>

int call_sctp_connectx(int sd, struct sockaddr *addrs, int count, sctp_assoc_t *id)
{
	return sctp_connectx(sd, addrs, count, id);
}

int main(void)
{
	sctp_assoc_t id = 0;

	return call_sctp_connectx(-1, NULL, 0, &id) == -1 ? 0 : 1;
}
