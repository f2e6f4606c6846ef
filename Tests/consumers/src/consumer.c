/* The consumer every build system of Tests/consumers/run.sh builds: it must
 * compile against THIS library's <netinet/sctp.h> (lksctp's declares no
 * sctp_sendx), link against this libsctp.so.1 (lksctp's exports no
 * __libsctp_sendx@VERS_4, the header's name of sctp_sendx, and its loader
 * refuses to run the program with it),
 * and run with it. It prints the file sctp_getaddrlen
 * was found in, then checks a few answers that are this library's own.
 * Exit status 0 when every check holds. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/sctp.h>

#ifndef HAVE_SCTP_SENDV
#error "not this library's <netinet/sctp.h>: HAVE_SCTP_SENDV is not defined"
#endif

#ifndef CONSUMER_BUILD
#define CONSUMER_BUILD "unnamed"
#endif

/* Declared by this library's header only (RFC 6458 section 9.11), and
 * exported by this library only (as __libsctp_sendx@VERS_4, the name the
 * header gives it). An undeclared name in an initializer is an error in
 * every C mode, where an undeclared function called is only a warning in
 * some. */
static ssize_t (*const send_to_addresses)(int, const void *, size_t, struct sockaddr *, int,
					   struct sctp_sndrcvinfo *, int) = sctp_sendx;

static int failures;

static void expect(int ok, const char *what)
{
	printf("%s: %s\n", ok ? "ok" : "FAILED", what);
	if (!ok)
		failures++;
}

/* The file a function's definition was loaded from: the address the
 * library itself gives for the symbol (a non-PIE program's own &f can be a
 * PLT stub in the program), then dladdr on it. */
static const char *library_of(const char *symbol, void *direct)
{
	Dl_info info;
	void *library = dlopen("libsctp.so.1", RTLD_NOW | RTLD_NOLOAD);
	void *address = library ? dlsym(library, symbol) : NULL;

	if (!address)
		address = direct;
	if (!dladdr(address, &info) || !info.dli_fname)
		return NULL;
	return info.dli_fname;
}

int main(void)
{
	int (*getaddrlen)(sa_family_t) = sctp_getaddrlen;
	void *direct;
	const char *path;
	int rc, error;

	memcpy(&direct, &getaddrlen, sizeof direct);
	path = library_of("sctp_getaddrlen", direct);
	printf("build: %s\n", CONSUMER_BUILD);
	printf("library: %s\n", path ? path : "(dladdr failed)");
	expect(path != NULL, "dladdr names the file of sctp_getaddrlen");

	expect(sctp_getaddrlen(AF_INET) == 16, "sctp_getaddrlen(AF_INET) == 16");
	expect(sctp_getaddrlen(AF_INET6) == 28, "sctp_getaddrlen(AF_INET6) == 28");

	errno = 0;
	rc = sctp_bindx(-1, NULL, 1, SCTP_BINDX_ADD_ADDR);
	error = errno;
	printf("sctp_bindx(-1, NULL, 1, SCTP_BINDX_ADD_ADDR) = %d, errno %d (%s)\n", rc, error,
	       strerror(error));
	expect(rc == -1 && error == EFAULT, "sctp_bindx with a NULL list: -1, EFAULT");

	errno = 0;
	rc = (int)send_to_addresses(-1, "x", 1, NULL, 1, NULL, 0);
	error = errno;
	printf("sctp_sendx(-1, \"x\", 1, NULL, 1, NULL, 0) = %d, errno %d (%s)\n", rc, error,
	       strerror(error));
	expect(rc == -1 && error == EFAULT, "sctp_sendx with a NULL list: -1, EFAULT");
	return failures == 0 ? 0 : 1;
}
