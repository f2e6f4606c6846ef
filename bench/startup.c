/* bench/startup.c: the trivial program whose start-up make bench times,
 * linked against libsctp.so.1 (found through its RUNPATH: ours or Debian's)
 * and calling one function of it, so the library is loaded, relocated and
 * bound as any user's would be. */
#include <netinet/sctp.h>
#include <sys/socket.h>

int main(void)
{
	return sctp_getaddrlen(AF_INET) == 16 ? 0 : 1;
}
