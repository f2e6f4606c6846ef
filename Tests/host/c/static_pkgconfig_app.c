/* A consumer linked -static with $(pkg-config --static --cflags --libs
 * libsctp): no dynamic library to find, the installed libsctp.a in it. */
#include <stdio.h>
#include <sys/socket.h>
#include <netinet/sctp.h>

int main(void)
{
	printf("sctp_getaddrlen(AF_INET) = %d\n", sctp_getaddrlen(AF_INET));
	return 0;
}
