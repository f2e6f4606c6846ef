/* The control of the additions checks: a stand-in libsctp.so.1 that exports
 * sctp_sendx and sctp_peeloff_flags under their plain names as default
 * versions (sctp_sendx@@VERS_4), as this library did before: the library of
 * own_additions.c loaded after it has its calls taken. Returns -1, not the
 * markers. */
#include <sys/types.h>
#include <sys/socket.h>

ssize_t sctp_sendx(int sd, const void *msg, size_t len, struct sockaddr *addrs, int addrcnt, void *sinfo,
		   int flags);
int sctp_peeloff_flags(int sd, int assoc_id, unsigned flags);

ssize_t sctp_sendx(int sd, const void *msg, size_t len, struct sockaddr *addrs, int addrcnt, void *sinfo,
		   int flags)
{
	(void)sd, (void)msg, (void)len, (void)addrs, (void)addrcnt, (void)sinfo, (void)flags;
	return -1;
}

int sctp_peeloff_flags(int sd, int assoc_id, unsigned flags)
{
	(void)sd, (void)assoc_id, (void)flags;
	return -1;
}
