/* A plain TCP echo server, as any program has one: it knows nothing of
 * SCTP. It says which protocol its sockets got (what withsctp changes), then
 * echoes one line back and waits for the client to close.
 *
 *   tcp_echo_server PORT      listens on 127.0.0.1:PORT
 */
#define _GNU_SOURCE
#include "tcp_echo.h"

int main(int argc, char **argv)
{
	struct sockaddr_in address = loopback_port(argc, argv);
	int one = 1;
	char line[256];

	setvbuf(stdout, NULL, _IOLBF, 0);
	int listener = tcp_socket(0);
	printf("server: listening socket protocol %d\n", protocol_of(listener));
	set_nodelay("server", listener);
	setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(listener, (struct sockaddr *)&address, sizeof address) || listen(listener, 1)) {
		printf("bind/listen: %s\n", strerrorname_np(errno));
		return 1;
	}
	int connection = accept(listener, NULL, NULL);
	if (connection < 0) {
		printf("accept: %s\n", strerrorname_np(errno));
		return 1;
	}
	printf("server: accepted socket protocol %d\n", protocol_of(connection));
	ssize_t n = read_line(connection, line, sizeof line);
	if (n < 0)
		return 1;
	printf("server: received %s", line);
	if (write(connection, line, n) != n)
		return 1;
	/* Until the client closes. */
	while ((n = read(connection, line, sizeof line)) > 0)
		;
	printf("server: the client closed\n");
	return 0;
}
