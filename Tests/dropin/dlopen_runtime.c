/* dlopen_runtime.c — use libsctp.so.1 the way language runtimes do: through
 * dlopen/dlsym, never linked.
 *
 *   OpenJDK (jdk.sctp, SctpNet.c) dlsym's sctp_getladdrs, sctp_freeladdrs,
 *   sctp_getpaddrs, sctp_freepaddrs, sctp_bindx and sctp_peeloff.
 *   Erlang's inet_drv dlopen's "libsctp.so.1" (RTLD_NOW) and dlsym's
 *   sctp_bindx, sctp_peeloff, sctp_getladdrs/freeladdrs,
 *   sctp_getpaddrs/freepaddrs and sctp_connectx.
 *
 * This program does both on a real association: a one-to-many server bound
 * with sctp_bindx to 127.0.0.1 and 127.0.0.2, a one-to-one client bound with
 * sctp_bindx to 127.0.0.3 that connects with sctp_connectx@VERS_3, address
 * lists checked from both ends (getpaddrs/getladdrs), the association peeled
 * off and a message each way over the peeled socket. Then sctp_connectx at
 * VERS_1, VERS_2 and VERS_3 (dlvsym), and the plain dlsym("sctp_connectx"),
 * each connects one more client, whose message the server receives.
 *
 * Note: a plain dlsym("sctp_connectx") does not give the default version
 * (@@VERS_3): lksctp also defines an unversioned (Base) sctp_connectx, and
 * glibc's dlsym takes a Base definition first. So what dlsym returns is the
 * 3-argument original, the same function as VERS_1, in lksctp's library as
 * in a faithful replacement; it is called here with 3 arguments.
 *
 *   dlopen_runtime PORT
 *
 * Uses ports PORT (server) and nothing else fixed. Prints every step and
 * where the library came from ("library: PATH", from dladdr); exits 0 only
 * if everything worked. Every wait is bounded (poll timeouts, alarm).
 *
 * Built against Debian's <netinet/sctp.h> (libsctp-dev), not linked with
 * -lsctp: the library is only ever reached through dlopen.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/sctp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef int bindx_fn(int, struct sockaddr *, int, int);
typedef int peeloff_fn(int, sctp_assoc_t);
typedef int getaddrs_fn(int, sctp_assoc_t, struct sockaddr **);
typedef int freeaddrs_fn(struct sockaddr *);
typedef int connectx1_fn(int, struct sockaddr *, int);
typedef int connectx3_fn(int, struct sockaddr *, int, sctp_assoc_t *);

static int failures;

#define CHECK(cond, ...) do { \
	if (cond) { printf("ok:   "); printf(__VA_ARGS__); printf("\n"); } \
	else { failures++; printf("FAIL: "); printf(__VA_ARGS__); \
	       printf(" [errno %d %s]\n", errno, strerror(errno)); } \
	fflush(stdout); \
} while (0)

#define FATAL(...) do { failures++; printf("FAIL: "); printf(__VA_ARGS__); \
	printf(" [errno %d %s]\n", errno, strerror(errno)); \
	printf("result: %d failure(s), stopped early\n", failures); exit(1); } while (0)

static struct sockaddr_in in4(const char *ip, int port)
{
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	inet_pton(AF_INET, ip, &a.sin_addr);
	return a;
}

/* "127.0.0.1:5000 127.0.0.2:5000" for a packed list of n addresses;
 * returns how many bytes the list really took, -1 on an unknown family. */
static int format_list(const struct sockaddr *list, int n, char *out, size_t outlen)
{
	const char *p = (const char *)list;
	out[0] = 0;
	for (int i = 0; i < n; i++) {
		struct sockaddr sa;
		memcpy(&sa, p, sizeof sa);
		char ip[INET6_ADDRSTRLEN] = "?";
		int port, size;
		if (sa.sa_family == AF_INET) {
			struct sockaddr_in s4;
			memcpy(&s4, p, sizeof s4);
			inet_ntop(AF_INET, &s4.sin_addr, ip, sizeof ip);
			port = ntohs(s4.sin_port);
			size = sizeof s4;
		} else if (sa.sa_family == AF_INET6) {
			struct sockaddr_in6 s6;
			memcpy(&s6, p, sizeof s6);
			inet_ntop(AF_INET6, &s6.sin6_addr, ip, sizeof ip);
			port = ntohs(s6.sin6_port);
			size = sizeof s6;
		} else {
			snprintf(out + strlen(out), outlen - strlen(out), "%sfamily=%d", i ? " " : "", sa.sa_family);
			return -1;
		}
		snprintf(out + strlen(out), outlen - strlen(out), "%s%s:%d", i ? " " : "", ip, port);
		p += size;
	}
	return (int)(p - (const char *)list);
}

/* Checks a getpaddrs/getladdrs result against the expected "ip:port" set
 * (any order), frees it with the matching free function. */
static void check_list(const char *what, int n, struct sockaddr *list, freeaddrs_fn *freefn,
		       int want_n, const char *const want[])
{
	char got[512];
	if (n < 0) {
		CHECK(0, "%s returned %d", what, n);
		return;
	}
	if (n > 0 && list == NULL) {
		CHECK(0, "%s returned %d but no list", what, n);
		return;
	}
	format_list(list, n, got, sizeof got);
	int all = (n == want_n);
	for (int i = 0; all && i < want_n; i++) {
		/* token match: "127.0.0.1:5000" must appear as a whole word */
		const char *s = got;
		size_t wl = strlen(want[i]);
		int found = 0;
		while ((s = strstr(s, want[i])) != NULL) {
			if ((s == got || s[-1] == ' ') && (s[wl] == 0 || s[wl] == ' ')) { found = 1; break; }
			s += wl;
		}
		all = found;
	}
	char wanted[512] = "";
	for (int i = 0; i < want_n; i++)
		snprintf(wanted + strlen(wanted), sizeof wanted - strlen(wanted), "%s%s", i ? " " : "", want[i]);
	CHECK(all, "%s = %d [%s] (expected %d [%s])", what, n, got, want_n, wanted);
	if (n > 0) {
		errno = 0;
		int rc = freefn(list);
		CHECK(rc == 0, "free of the %s list returned %d", what, rc);
	}
}

/* Calls getfn(sd, id) and checks its list as check_list does. */
static void check_call_list(const char *what, getaddrs_fn *getfn, freeaddrs_fn *freefn, int sd, sctp_assoc_t id,
			    int want_n, const char *const want[])
{
	struct sockaddr *list = NULL;
	errno = 0;
	int n = getfn(sd, id, &list);
	check_list(what, n, list, freefn, want_n, want);
}

/* Waits up to ms for fd to be readable. */
static int readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

/* One recvmsg on an SCTP socket with SCTP_SNDRCV ancillary data.
 * Returns the length; *notification tells a notification from data;
 * *assoc is the association id (from the notification or the sndrcvinfo). */
static ssize_t sctp_read(int fd, char *buf, size_t len, int *notification, sctp_assoc_t *assoc)
{
	char cbuf[CMSG_SPACE(sizeof(struct sctp_sndrcvinfo))];
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
	if (!readable(fd, 5000)) {
		errno = ETIMEDOUT;
		return -1;
	}
	ssize_t n = recvmsg(fd, &m, 0);
	if (n < 0)
		return n;
	*notification = (m.msg_flags & MSG_NOTIFICATION) != 0;
	*assoc = 0;
	if (*notification) {
		union sctp_notification *sn = (union sctp_notification *)buf;
		if (sn->sn_header.sn_type == SCTP_ASSOC_CHANGE)
			*assoc = sn->sn_assoc_change.sac_assoc_id;
	} else {
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
			if (c->cmsg_level == IPPROTO_SCTP && c->cmsg_type == SCTP_SNDRCV) {
				struct sctp_sndrcvinfo si;
				memcpy(&si, CMSG_DATA(c), sizeof si);
				*assoc = si.sinfo_assoc_id;
			}
	}
	if ((size_t)n < len)
		buf[n] = 0;
	return n;
}

/* Next data message (notifications skipped, COMM_UPs counted in *comm_up). */
static ssize_t read_data(int fd, char *buf, size_t len, sctp_assoc_t *assoc, int *comm_up)
{
	for (int i = 0; i < 16; i++) {
		int notification;
		ssize_t n = sctp_read(fd, buf, len, &notification, assoc);
		if (n < 0 || !notification)
			return n;
		union sctp_notification *sn = (union sctp_notification *)buf;
		if (comm_up && sn->sn_header.sn_type == SCTP_ASSOC_CHANGE &&
		    sn->sn_assoc_change.sac_state == SCTP_COMM_UP)
			(*comm_up)++;
	}
	errno = EPROTO;
	return -1;
}

static sctp_assoc_t status_assoc_id(int fd)
{
	struct sctp_status st;
	socklen_t l = sizeof st;
	memset(&st, 0, sizeof st);
	if (getsockopt(fd, IPPROTO_SCTP, SCTP_STATUS, &st, &l) < 0)
		return -1;
	return st.sstat_assoc_id;
}

static int local_port(int fd)
{
	struct sockaddr_in a;
	socklen_t l = sizeof a;
	if (getsockname(fd, (struct sockaddr *)&a, &l) < 0)
		return -1;
	return ntohs(a.sin_port);
}

static void *need_sym(void *h, const char *name, const char *version)
{
	dlerror();
	void *p = version ? dlvsym(h, name, version) : dlsym(h, name);
	const char *err = dlerror();
	Dl_info info;
	memset(&info, 0, sizeof info);
	if (p)
		dladdr(p, &info);
	CHECK(p != NULL, "%s(\"%s\"%s%s%s) = %p in %s%s%s", version ? "dlvsym" : "dlsym", name,
	      version ? ", \"" : "", version ? version : "", version ? "\"" : "", p,
	      info.dli_fname ? info.dli_fname : "?", err ? " dlerror: " : "", err ? err : "");
	return p;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s PORT\n", argv[0]);
		return 2;
	}
	int port = atoi(argv[1]);
	char portstr[16];
	snprintf(portstr, sizeof portstr, "%d", port);
	setvbuf(stdout, NULL, _IOLBF, 0);
	alarm(60); /* whatever happens, this process ends */

	/* --- the library, as Erlang opens it (and as the JDK does: same object) --- */
	void *h = dlopen("libsctp.so.1", RTLD_NOW);
	if (!h)
		FATAL("dlopen(\"libsctp.so.1\", RTLD_NOW): %s", dlerror());
	printf("ok:   dlopen(\"libsctp.so.1\", RTLD_NOW) = %p\n", h);
	void *hj = dlopen("libsctp.so.1", RTLD_GLOBAL | RTLD_LAZY);
	CHECK(hj == h, "dlopen(\"libsctp.so.1\", RTLD_GLOBAL|RTLD_LAZY) (the JDK's flags) = %p, same handle", hj);

	bindx_fn *bindx = (bindx_fn *)need_sym(h, "sctp_bindx", NULL);
	peeloff_fn *peeloff = (peeloff_fn *)need_sym(h, "sctp_peeloff", NULL);
	getaddrs_fn *getladdrs = (getaddrs_fn *)need_sym(h, "sctp_getladdrs", NULL);
	freeaddrs_fn *freeladdrs = (freeaddrs_fn *)need_sym(h, "sctp_freeladdrs", NULL);
	getaddrs_fn *getpaddrs = (getaddrs_fn *)need_sym(h, "sctp_getpaddrs", NULL);
	freeaddrs_fn *freepaddrs = (freeaddrs_fn *)need_sym(h, "sctp_freepaddrs", NULL);
	connectx1_fn *connectx = (connectx1_fn *)need_sym(h, "sctp_connectx", NULL); /* the Base: see above */
	connectx1_fn *connectx_v1 = (connectx1_fn *)need_sym(h, "sctp_connectx", "VERS_1");
	connectx3_fn *connectx_v2 = (connectx3_fn *)need_sym(h, "sctp_connectx", "VERS_2");
	connectx3_fn *connectx_v3 = (connectx3_fn *)need_sym(h, "sctp_connectx", "VERS_3");
	if (!bindx || !peeloff || !getladdrs || !freeladdrs || !getpaddrs || !freepaddrs || !connectx ||
	    !connectx_v1 || !connectx_v2 || !connectx_v3)
		FATAL("a symbol is missing");

	Dl_info info;
	if (dladdr((void *)bindx, &info) && info.dli_fname) {
		char real[PATH_MAX];
		printf("library: %s\n", info.dli_fname);
		printf("library realpath: %s\n", realpath(info.dli_fname, real) ? real : "?");
	} else {
		CHECK(0, "dladdr(sctp_bindx) tells no file");
	}
	FILE *maps = fopen("/proc/self/maps", "r");
	if (maps) {
		char line[512];
		while (fgets(line, sizeof line, maps))
			if (strstr(line, "libsctp"))
				printf("maps: %s", line);
		fclose(maps);
	}
	CHECK((void *)connectx == (void *)connectx_v1,
	      "dlsym(sctp_connectx) is the unversioned 3-argument original, as in lksctp: VERS_1's function (%p == %p)",
	      (void *)connectx, (void *)connectx_v1);
	CHECK((void *)connectx_v1 != (void *)connectx_v3 && (void *)connectx_v2 != (void *)connectx_v3,
	      "VERS_1 (%p) and VERS_2 (%p) are other functions than VERS_3", (void *)connectx_v1, (void *)connectx_v2);

	/* --- one-to-many server on 127.0.0.1 + 127.0.0.2, bound with sctp_bindx --- */
	int sd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
	if (sd < 0)
		FATAL("socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP)");
	struct sctp_event_subscribe ev;
	memset(&ev, 0, sizeof ev);
	ev.sctp_data_io_event = 1;
	ev.sctp_association_event = 1;
	CHECK(setsockopt(sd, IPPROTO_SCTP, SCTP_EVENTS, &ev, sizeof ev) == 0, "server: SCTP_EVENTS (data_io, association)");
	struct sockaddr_in srv[2] = { in4("127.0.0.1", port), in4("127.0.0.2", port) };
	errno = 0;
	int rc = bindx(sd, (struct sockaddr *)srv, 2, SCTP_BINDX_ADD_ADDR);
	CHECK(rc == 0, "server: sctp_bindx(127.0.0.1:%d + 127.0.0.2:%d, SCTP_BINDX_ADD_ADDR) = %d", port, port, rc);
	if (rc != 0)
		FATAL("cannot go on without the server");
	if (listen(sd, 8) < 0)
		FATAL("listen");
	char a1[64], a2[64], a3[64];
	snprintf(a1, sizeof a1, "127.0.0.1:%d", port);
	snprintf(a2, sizeof a2, "127.0.0.2:%d", port);
	const char *const server_addrs[] = { a1, a2 };
	check_call_list("server: sctp_getladdrs(sd, 0)", getladdrs, freeladdrs, sd, 0, 2, server_addrs);

	/* --- one-to-one client bound to 127.0.0.3 with sctp_bindx, default sctp_connectx --- */
	int c0 = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
	if (c0 < 0)
		FATAL("socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP)");
	struct sockaddr_in cl = in4("127.0.0.3", 0);
	errno = 0;
	rc = bindx(c0, (struct sockaddr *)&cl, 1, SCTP_BINDX_ADD_ADDR);
	CHECK(rc == 0, "client: sctp_bindx(127.0.0.3:0, SCTP_BINDX_ADD_ADDR) = %d", rc);
	int cport = local_port(c0);
	snprintf(a3, sizeof a3, "127.0.0.3:%d", cport);
	const char *const client_addrs[] = { a3 };
	sctp_assoc_t cid = 0;
	errno = 0;
	rc = connectx_v3(c0, (struct sockaddr *)&srv[0], 1, &cid);
	CHECK(rc == 0 && cid > 0, "client: sctp_connectx@VERS_3 to 127.0.0.1:%d = %d, id %d", port, rc, (int)cid);
	if (rc != 0)
		FATAL("cannot go on without the association");
	sctp_assoc_t kid = status_assoc_id(c0);
	CHECK(kid == cid, "client: SCTP_STATUS says association %d (connectx said %d)", (int)kid, (int)cid);

	check_call_list("client: sctp_getpaddrs(c0, 0)", getpaddrs, freepaddrs, c0, 0, 2, server_addrs);
	check_call_list("client: sctp_getladdrs(c0, 0)", getladdrs, freeladdrs, c0, 0, 1, client_addrs);

	/* --- server side: the association's id from COMM_UP, its addresses --- */
	char buf[2048];
	int notification = 0;
	sctp_assoc_t sid = 0;
	ssize_t got = sctp_read(sd, buf, sizeof buf, &notification, &sid);
	union sctp_notification *sn = (union sctp_notification *)buf;
	CHECK(got > 0 && notification && sn->sn_header.sn_type == SCTP_ASSOC_CHANGE &&
	      sn->sn_assoc_change.sac_state == SCTP_COMM_UP && sid > 0,
	      "server: SCTP_ASSOC_CHANGE COMM_UP, association %d", (int)sid);
	if (sid <= 0)
		FATAL("no association on the server");
	check_call_list("server: sctp_getpaddrs(sd, id)", getpaddrs, freepaddrs, sd, sid, 1, client_addrs);
	check_call_list("server: sctp_getladdrs(sd, id)", getladdrs, freeladdrs, sd, sid, 2, server_addrs);

	/* --- peel it off, a message each way over the peeled socket --- */
	errno = 0;
	int p = peeloff(sd, sid);
	CHECK(p >= 0 && p != sd, "server: sctp_peeloff(sd, %d) = %d", (int)sid, p);
	if (p < 0)
		FATAL("no peeled-off socket");
	check_call_list("peeled: sctp_getpaddrs(p, 0)", getpaddrs, freepaddrs, p, 0, 1, client_addrs);
	check_call_list("peeled: sctp_getladdrs(p, 0)", getladdrs, freeladdrs, p, 0, 2, server_addrs);

	const char *hello = "hello from the client";
	CHECK(send(c0, hello, strlen(hello), 0) == (ssize_t)strlen(hello), "client: send(\"%s\")", hello);
	sctp_assoc_t aid = 0;
	got = read_data(p, buf, sizeof buf, &aid, NULL);
	CHECK(got == (ssize_t)strlen(hello) && memcmp(buf, hello, strlen(hello)) == 0,
	      "peeled: received \"%.*s\" (%zd bytes)", got > 0 ? (int)got : 0, buf, got);
	const char *reply = "hello from the peeled-off socket";
	CHECK(send(p, reply, strlen(reply), 0) == (ssize_t)strlen(reply), "peeled: send(\"%s\")", reply);
	got = readable(c0, 5000) ? recv(c0, buf, sizeof buf - 1, 0) : -1;
	if (got >= 0)
		buf[got] = 0;
	CHECK(got == (ssize_t)strlen(reply) && strcmp(buf, reply) == 0, "client: received \"%s\" (%zd bytes)",
	      got > 0 ? buf : "", got);

	/* --- sctp_connectx at each version, one client each --- */
	struct {
		const char *version;
		int fd;
		sctp_assoc_t id;
		int received;
	} v[4] = { { "VERS_1", -1, 0, 0 }, { "VERS_2", -1, 0, 0 }, { "VERS_3", -1, 0, 0 }, { "dlsym", -1, 0, 0 } };
	for (int i = 0; i < 4; i++) {
		v[i].fd = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
		if (v[i].fd < 0)
			FATAL("socket");
		struct sockaddr_in to = srv[i % 2]; /* either server address will do */
		errno = 0;
		if (i == 0 || i == 3) {
			rc = (i == 0 ? connectx_v1 : connectx)(v[i].fd, (struct sockaddr *)&to, 1);
			CHECK(rc == 0, "sctp_connectx%s%s(fd, %s, 1) = %d", i == 0 ? "@" : " from ", v[i].version,
			      server_addrs[i % 2], rc);
		} else {
			rc = (i == 1 ? connectx_v2 : connectx_v3)(v[i].fd, (struct sockaddr *)&to, 1, &v[i].id);
			sctp_assoc_t k = status_assoc_id(v[i].fd);
			CHECK(rc == 0 && v[i].id > 0 && v[i].id == k,
			      "sctp_connectx@%s(fd, %s, 1, &id) = %d, id %d (SCTP_STATUS: %d)", v[i].version,
			      server_addrs[i % 2], rc, (int)v[i].id, (int)k);
		}
		char msg[64];
		snprintf(msg, sizeof msg, "connected with sctp_connectx%s%s", i == 3 ? " from " : "@", v[i].version);
		CHECK(send(v[i].fd, msg, strlen(msg), 0) == (ssize_t)strlen(msg), "%s client: send(\"%s\")",
		      v[i].version, msg);
	}
	int comm_up = 0;
	for (int k = 0; k < 4; k++) {
		got = read_data(sd, buf, sizeof buf - 1, &aid, &comm_up);
		if (got < 0) {
			CHECK(0, "server: message %d of 4 from the connectx clients", k + 1);
			break;
		}
		buf[got] = 0;
		int matched = 0;
		for (int i = 0; i < 4; i++) {
			char msg[64];
			snprintf(msg, sizeof msg, "connected with sctp_connectx%s%s", i == 3 ? " from " : "@", v[i].version);
			if (strcmp(buf, msg) == 0 && !v[i].received) {
				v[i].received = 1;
				matched = 1;
			}
		}
		CHECK(matched, "server: received \"%s\" on association %d", buf, (int)aid);
	}
	for (int i = 0; i < 4; i++)
		CHECK(v[i].received, "server got the message of the %s client", v[i].version);
	CHECK(comm_up == 4, "server: %d COMM_UP notifications for the 4 connectx clients", comm_up);

	for (int i = 0; i < 4; i++)
		close(v[i].fd);
	close(p);
	close(c0);
	close(sd);
	printf("result: %d failure(s)\n", failures);
	return failures ? 1 : 0;
}
