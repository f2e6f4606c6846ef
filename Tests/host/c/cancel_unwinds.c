/* A thread cancelled while it waits in sctp_recvmsg (on a UDP socket with
 * nothing to read: no SCTP kernel needed) must run its caller's cleanup
 * handler: the unwinder walks through the library's frame by its unwind
 * tables (Tests/C/libsctp_unwinding.c checks the same, and more, in the C
 * suite; this copy needs no Criterion, for another architecture's library
 * under qemu-user). Prints "cancelled C cleaned_up U returned R". */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <netinet/sctp.h>

#if !defined(__EXCEPTIONS)
#error "cancel_unwinds.c needs -fexceptions: without it, cleanup handlers do not run on cancellation"
#endif

static bool cleaned_up, returned;
static pthread_barrier_t entered;
static int fd;

static void clean_up(int *unused)
{
	(void)unused;
	cleaned_up = true;
}

static void *receive(void *unused)
{
	int guard __attribute__((cleanup(clean_up))) = 0;
	struct sctp_sndrcvinfo info;
	char buffer[64];
	int flags = 0;

	(void)unused;
	(void)guard;
	pthread_barrier_wait(&entered);
	sctp_recvmsg(fd, buffer, sizeof buffer, NULL, NULL, &info, &flags);
	returned = true;
	return NULL;
}

int main(void)
{
	struct sockaddr_in any = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	pthread_t thread;
	void *result = NULL;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&any, sizeof any) != 0) {
		perror("UDP socket");
		return 2;
	}
	/* Cancelled before it enters: the cancellation acts at the system call
	 * inside the library, whether it waits there or not. */
	if (pthread_barrier_init(&entered, NULL, 2) != 0 || pthread_create(&thread, NULL, receive, NULL) != 0 ||
	    pthread_cancel(thread) != 0)
		return 2;
	pthread_barrier_wait(&entered);
	if (pthread_join(thread, &result) != 0)
		return 2;
	printf("cancelled %d cleaned_up %d returned %d\n", result == PTHREAD_CANCELED, cleaned_up, returned);
	return 0;
}
