/* What the echo server and its client agree on. */
#include <arpa/inet.h>
#include <string.h>

/* The server's two addresses, 127.0.0.1 and 127.0.0.2 at PORT: it binds
 * both (sctp_bindx), the client connects to both at once (sctp_connectx). */
static void echo_server_addresses(struct sockaddr_in addresses[2], int port)
{
	const char *ip[2] = { "127.0.0.1", "127.0.0.2" };

	memset(addresses, 0, 2 * sizeof addresses[0]);
	for (int i = 0; i < 2; i++) {
		addresses[i].sin_family = AF_INET;
		addresses[i].sin_port = htons(port);
		inet_pton(AF_INET, ip[i], &addresses[i].sin_addr);
	}
}
