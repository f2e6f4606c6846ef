/* A plain TCP client, as any program has one: it knows nothing of SCTP. It
 * connects, says which protocol its socket got, sends what it reads on its
 * standard input as one line and prints the echo, then holds the connection
 * open until its standard input ends.
 *
 *   tcp_echo_client PORT      connects to 127.0.0.1:PORT
 */
#define _GNU_SOURCE
#include "tcp_echo.h"

int main(int argc, char **argv)
{
	struct sockaddr_in address = loopback_port(argc, argv);
	char line[256];

	setvbuf(stdout, NULL, _IOLBF, 0);
	int fd = tcp_socket(IPPROTO_TCP);
	printf("client: socket protocol %d\n", protocol_of(fd));
	set_nodelay("client", fd);
	if (connect(fd, (struct sockaddr *)&address, sizeof address)) {
		printf("connect: %s\n", strerrorname_np(errno));
		return 1;
	}
	if (!fgets(line, sizeof line, stdin))
		return 1;
	size_t n = strlen(line);
	if (write(fd, line, n) != (ssize_t)n || read_line(fd, line, sizeof line) < 0)
		return 1;
	printf("client: echo %s", line);
	while (fgets(line, sizeof line, stdin))
		;
	close(fd);
	return 0;
}
