/* A program of the library own_additions.c (rspterminal to librsplib): it
 * calls the library, which calls its own sctp_sendx and sctp_peeloff_flags.
 * Prints "own_send N" and "own_peeloff N": the markers 4242 and 4343 when
 * the calls reached the library's own definitions. */
#include <stdio.h>

long own_send(void);
long own_peeloff(void);

int main(void)
{
	printf("own_send %ld\n", own_send());
	printf("own_peeloff %ld\n", own_peeloff());
	return 0;
}
