/* A library of its own that defines functions named as libsctp's additions,
 * as Debian's librsplib (libtdnetutilities.so.3) defines its own sctp_sendx
 * because lksctp has none. Built without a version script: its own calls
 * below are unversioned references, which the dynamic linker resolves
 * through the whole process's scope, libsctp.so.1 included when that comes
 * first (LD_PRELOAD, or linked before it). Each returns a marker, so a call
 * shows whose definition it reached. */
#include <sys/types.h>
#include <sys/socket.h>

#define OWN_SENDX_MARKER 4242
#define OWN_PEELOFF_FLAGS_MARKER 4343

struct sctp_sndrcvinfo;

ssize_t sctp_sendx(int sd, const void *msg, size_t len, struct sockaddr *addrs, int addrcnt,
		   struct sctp_sndrcvinfo *sinfo, int flags);
int sctp_peeloff_flags(int sd, int assoc_id, unsigned flags);

ssize_t sctp_sendx(int sd, const void *msg, size_t len, struct sockaddr *addrs, int addrcnt,
		   struct sctp_sndrcvinfo *sinfo, int flags)
{
	(void)sd, (void)msg, (void)len, (void)addrs, (void)addrcnt, (void)sinfo, (void)flags;
	return OWN_SENDX_MARKER;
}

int sctp_peeloff_flags(int sd, int assoc_id, unsigned flags)
{
	(void)sd, (void)assoc_id, (void)flags;
	return OWN_PEELOFF_FLAGS_MARKER;
}

/* What the library's other code does: call its own functions by name. */
long own_send(void)
{
	return (long)sctp_sendx(-1, "x", 1, (struct sockaddr *)0, 1, (struct sctp_sndrcvinfo *)0, 0);
}

long own_peeloff(void)
{
	return sctp_peeloff_flags(-1, 0, 0);
}
