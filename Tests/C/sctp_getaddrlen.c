/* sctp_getaddrlen: the length of a socket address of a family, as the packed
 * address lists of sctp_bindx(3), sctp_connectx(3) and sctp_sendv(3) count
 * it. lksctp has no man page for it; its header and source say: the size of
 * struct sockaddr_in for AF_INET, of struct sockaddr_in6 for AF_INET6, and 0
 * for every other family. Pure computation: no suite needs a kernel. */
#include "sctp_test.h"

#include <sys/un.h>

Test(sctp_getaddrlen, af_inet_gives_the_size_of_sockaddr_in)
{
	cr_assert_eq(sctp_getaddrlen(AF_INET), 16);
	cr_assert_eq(sctp_getaddrlen(AF_INET), (int)sizeof(struct sockaddr_in));
}

Test(sctp_getaddrlen, af_inet6_gives_the_size_of_sockaddr_in6)
{
	cr_assert_eq(sctp_getaddrlen(AF_INET6), 28);
	cr_assert_eq(sctp_getaddrlen(AF_INET6), (int)sizeof(struct sockaddr_in6));
}

Test(sctp_getaddrlen, af_unspec_gives_0)
{
	cr_assert_eq(sctp_getaddrlen(AF_UNSPEC), 0);
}

Test(sctp_getaddrlen, af_unix_gives_0)
{
	/* A family with a socket address of its own, which SCTP does not carry. */
	cr_assert_eq(sctp_getaddrlen(AF_UNIX), 0);
}

Test(sctp_getaddrlen, an_unknown_family_gives_0)
{
	cr_assert_eq(sctp_getaddrlen((sa_family_t)0xFFFF), 0);
	cr_assert_eq(sctp_getaddrlen((sa_family_t)(AF_MAX + 1)), 0);
}
