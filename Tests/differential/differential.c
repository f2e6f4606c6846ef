/* The differential harness (Tests/differential/README.md): seeded random
 * sequences of valid calls, run once per library (ours, lksctp 1.0.19,
 * lksctp 1.0.21) on the real SCTP kernel, each in processes of its own (the
 * libraries share their SONAME), the traces compared call by call.
 *
 *   differential [--seed S] [--count N] [--jobs J] [--trace-dir D]
 *                [--show-diffs] NAME=LIBRARY ...
 *
 * The first NAME=LIBRARY is ours, each further one a reference compared
 * with it. A difference that no kept row of DIVERGENCES.md covers (the
 * predicates in divergences.c) fails, printed with the call, every
 * library's result and the sequence's seed. Output is TAP: one test per
 * reference library and call kind.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/sctp.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "differential.h"

/* --- the library under test, resolved by path ------------------------------ */

struct library {
	const char *name, *path;
	int (*bindx)(int, struct sockaddr *, int, int);
	int (*connectx1)(int, struct sockaddr *, int);
	int (*connectx2)(int, struct sockaddr *, int, sctp_assoc_t *);
	int (*connectx3)(int, struct sockaddr *, int, sctp_assoc_t *);
	int (*peeloff)(int, sctp_assoc_t);
	int (*getpaddrs)(int, sctp_assoc_t, struct sockaddr **);
	int (*freepaddrs)(struct sockaddr *);
	int (*getladdrs)(int, sctp_assoc_t, struct sockaddr **);
	int (*freeladdrs)(struct sockaddr *);
	int (*opt_info)(int, sctp_assoc_t, int, void *, socklen_t *);
	int (*sendmsg)(int, const void *, size_t, struct sockaddr *, socklen_t, uint32_t, uint32_t, uint16_t,
		       uint32_t, uint32_t);
	int (*send)(int, const void *, size_t, const struct sctp_sndrcvinfo *, int);
	int (*sendv)(int, const struct iovec *, int, struct sockaddr *, int, void *, socklen_t, unsigned int, int);
	int (*recvmsg)(int, void *, size_t, struct sockaddr *, socklen_t *, struct sctp_sndrcvinfo *, int *);
	int (*recvv)(int, const struct iovec *, int, struct sockaddr *, socklen_t *, void *, socklen_t *,
		     unsigned int *, int *);
};

static void *resolve(void *handle, const char *path, const char *name, const char *version)
{
	void *f = version ? dlvsym(handle, name, version) : dlsym(handle, name);
	if (f == NULL) {
		fprintf(stderr, "differential: %s has no %s%s%s\n", path, name, version ? "@" : "",
			version ? version : "");
		exit(2);
	}
	return f;
}

static void load(struct library *lib)
{
	void *h = dlopen(lib->path, RTLD_LOCAL | RTLD_NOW);
	if (h == NULL) {
		fprintf(stderr, "differential: dlopen %s: %s\n", lib->path, dlerror());
		exit(2);
	}
	lib->bindx = resolve(h, lib->path, "sctp_bindx", NULL);
	lib->connectx1 = resolve(h, lib->path, "sctp_connectx", "VERS_1");
	lib->connectx2 = resolve(h, lib->path, "sctp_connectx", "VERS_2");
	lib->connectx3 = resolve(h, lib->path, "sctp_connectx", "VERS_3");
	lib->peeloff = resolve(h, lib->path, "sctp_peeloff", NULL);
	lib->getpaddrs = resolve(h, lib->path, "sctp_getpaddrs", NULL);
	lib->freepaddrs = resolve(h, lib->path, "sctp_freepaddrs", NULL);
	lib->getladdrs = resolve(h, lib->path, "sctp_getladdrs", NULL);
	lib->freeladdrs = resolve(h, lib->path, "sctp_freeladdrs", NULL);
	lib->opt_info = resolve(h, lib->path, "sctp_opt_info", NULL);
	lib->sendmsg = resolve(h, lib->path, "sctp_sendmsg", NULL);
	lib->send = resolve(h, lib->path, "sctp_send", NULL);
	lib->sendv = resolve(h, lib->path, "sctp_sendv", NULL);
	lib->recvmsg = resolve(h, lib->path, "sctp_recvmsg", NULL);
	lib->recvv = resolve(h, lib->path, "sctp_recvv", NULL);
}

/* --- the sequence's random numbers (the same in every library's run) -------- */

static uint64_t rng_state, sequence_seed;
static bool heap_suspect; /* the sequence made a call that may overrun a heap block */

static uint64_t rnd64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned rnd(unsigned n) { return n ? (unsigned)(rnd64() % n) : 0; }
static bool chance(unsigned percent) { return rnd(100) < percent; }

/* --- the trace ----------------------------------------------------------------
 * One line a call: "kind<TAB>arguments<TAB>result". Kernel-chosen values are
 * normalised: association ids become A1, A2, ... in order of appearance, the
 * sequence's ports P0..P7, TSNs base-relative (T<base>+<delta>), and the
 * fields that measure time are masked. */

static int trace_fd = -1;
static char args_buf[1024];
static char res_buf[16384];
static size_t res_len;

static void args(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args_buf, sizeof args_buf, fmt, ap);
	va_end(ap);
	res_len = 0;
	res_buf[0] = 0;
}

static void res(const char *fmt, ...)
{
	va_list ap;
	if (res_len >= sizeof res_buf - 1)
		return;
	if (res_len) res_buf[res_len++] = ' ';
	va_start(ap, fmt);
	int n = vsnprintf(res_buf + res_len, sizeof res_buf - res_len, fmt, ap);
	va_end(ap);
	if (n > 0) res_len += (size_t)n;
	if (res_len >= sizeof res_buf) res_len = sizeof res_buf - 1;
}

/* Written at once, unbuffered: what a library crashing later in the
 * sequence leaves of the trace is every call before the crash. */
static struct timespec op_start;
static bool profile;

/* While the world is set up, the lines are held: only the attempt that
 * counts (the first whose association came up, or the last) is traced. */
static char held[16384];
static size_t held_len;
static bool holding;

static void emit(const char *kind)
{
	if (profile) {
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		long ms = (now.tv_sec - op_start.tv_sec) * 1000 + (now.tv_nsec - op_start.tv_nsec) / 1000000;
		if (ms >= 20) fprintf(stderr, "slow %ld ms: seed %" PRIu64 " %s %s\n", ms, sequence_seed, kind, args_buf);
		op_start = now;
	}
	if (holding) {
		int n = snprintf(held + held_len, sizeof held - held_len, "%s\t%s\t%s\n", kind, args_buf, res_buf);
		if (n > 0) held_len += (size_t)n;
		if (held_len >= sizeof held) held_len = sizeof held - 1;
		return;
	}
	dprintf(trace_fd, "%s\t%s\t%s\n", kind, args_buf, res_buf);
}

static sctp_assoc_t ids[64];
static unsigned nids;
static uint32_t tsn_bases[64];
static unsigned ntsn;
static unsigned port_base;

/* An association id as A1, A2... in the order the harness learnt of them
 * from the kernel (learn_id: its own reads of the sockets' associations, of
 * the peer's messages, of its peek at L's next one). A value it did not
 * learn (bytes a library left or copied from elsewhere) stays as it is, so
 * that it adds nothing to the numbering. */
static uint32_t norm_id(uint32_t v)
{
	for (unsigned i = 0; i < nids; i++)
		if ((uint32_t)ids[i] == v && v != 0) return 0xA5500000u + i + 1;
	return v;
}

static bool learning; /* id_of learns instead of renaming */

static void learn_id(uint32_t v)
{
	if (v == 0 || v >= 0x80000000u) return;
	for (unsigned i = 0; i < nids; i++)
		if ((uint32_t)ids[i] == v) return;
	if (nids < 64) ids[nids++] = (sctp_assoc_t)v;
}

/* A TSN relative to its association's first, which the harness notes
 * from what the kernel gave it (note_tsn: the peer's raw reads, its peek
 * at L's next message); a value no noted TSN explains (bytes a library
 * left or copied from elsewhere) stays as it is, so that it adds nothing
 * to the numbering. */
/* A sequence sends far fewer messages on an association; a narrow window
 * keeps another association's TSNs (random) from falling in it. */
#define TSN_WINDOW 0x400u

static uint32_t norm_tsn(uint32_t v)
{
	for (unsigned i = 0; i < ntsn; i++)
		if (v - tsn_bases[i] < TSN_WINDOW) return ((i + 1u) << 24) | (v - tsn_bases[i]);
	return v;
}

static void note_tsn(uint32_t v)
{
	for (unsigned i = 0; i < ntsn; i++)
		if (v - tsn_bases[i] < TSN_WINDOW) return;
	if (ntsn < 64) tsn_bases[ntsn++] = v;
}

static uint16_t norm_port(uint16_t netport)
{
	uint16_t p = ntohs(netport);
	if (p >= port_base && p < port_base + 8) return htons((uint16_t)(60000 + p - port_base));
	return netport;
}

/* The helpers below rewrite a copy of a buffer in place, within its length. */
static void fix32(unsigned char *b, size_t len, size_t off, uint32_t (*f)(uint32_t))
{
	uint32_t v;
	if (off + 4 > len) return;
	memcpy(&v, b + off, 4);
	v = f(v);
	memcpy(b + off, &v, 4);
}

static void fix_addr(unsigned char *b, size_t len, size_t off)
{
	uint16_t fam, port;
	if (off + 3 > len) return;
	memcpy(&fam, b + off, 2);
	if (fam != AF_INET && fam != AF_INET6) return;
	if (off + 3 == len) {
		/* a port cut after its first byte: the sequence's ports share it
		 * (port_base is a multiple of 8), as P0..P7 do (60000 + n) */
		if (b[off + 2] == port_base >> 8) b[off + 2] = 60000 >> 8;
		return;
	}
	memcpy(&port, b + off + 2, 2);
	port = norm_port(port);
	memcpy(b + off + 2, &port, 2);
}

static void mask(unsigned char *b, size_t len, size_t off, size_t n)
{
	for (size_t i = off; i < off + n && i < len; i++) b[i] = 0xEE;
}

static void hex(const char *key, const unsigned char *b, size_t len)
{
	char tmp[8192];
	size_t n = 0;
	if (len > 2048) len = 2048;
	for (size_t i = 0; i < len && n + 3 < sizeof tmp; i++) n += (size_t)sprintf(tmp + n, "%02x", b[i]);
	tmp[n] = 0;
	res("%s=%s", key, n ? tmp : "-");
}

static uint32_t id_of(uint32_t v)
{
	if (learning) {
		learn_id(v);
		return v;
	}
	return norm_id(v);
}

static void note_id(sctp_assoc_t id) { learn_id((uint32_t)id); }

/* The associations on fd, learnt: a one-to-many socket's list, else the
 * one of a one-to-one socket (each in the order the kernel made them). */
static void learn_fd(int fd)
{
	if (fd < 0) return;
	union {
		struct sctp_assoc_ids ids;
		sctp_assoc_t space[32];
	} list;
	socklen_t n = sizeof list;
	if (getsockopt(fd, IPPROTO_SCTP, SCTP_GET_ASSOC_ID_LIST, &list, &n) == 0) {
		for (unsigned i = 0; i < list.ids.gaids_number_of_ids && i < 31; i++) learn_id((uint32_t)list.ids.gaids_assoc_id[i]);
		return;
	}
	struct sctp_status st;
	socklen_t l = sizeof st;
	memset(&st, 0, sizeof st);
	if (getsockopt(fd, IPPROTO_SCTP, SCTP_STATUS, &st, &l) == 0) learn_id((uint32_t)st.sstat_assoc_id);
}

/* --- caller buffers with canaries ------------------------------------------- */

#define CANARY 16

struct cbuf {
	unsigned char *region;
	size_t len;
};

/* A buffer of len bytes, canaries either side; every byte (the buffer's own
 * included) set from the sequence's random numbers, with the top bit set so
 * that no byte pattern reads as a small association id. */
static void *cb_new(struct cbuf *b, size_t len)
{
	b->len = len;
	b->region = malloc(len + 2 * CANARY);
	for (size_t i = 0; i < len + 2 * CANARY; i++) b->region[i] = (unsigned char)(0x80 | rnd(128));
	return b->region + CANARY;
}

/* Dumps the canaries and the buffer (normalised by norm, if any). */
static void cb_dump(const char *key, struct cbuf *b, void (*norm)(unsigned char *, size_t, void *), void *ctx)
{
	size_t total = b->len + 2 * CANARY;
	unsigned char *copy = malloc(total);
	memcpy(copy, b->region, total);
	if (norm) norm(copy + CANARY, b->len, ctx);
	char k[64];
	hex(key, copy + CANARY, b->len);
	snprintf(k, sizeof k, "%s.canaries", key);
	unsigned char can[2 * CANARY];
	memcpy(can, copy, CANARY);
	memcpy(can + CANARY, copy + CANARY + b->len, CANARY);
	hex(k, can, 2 * CANARY);
	free(copy);
}

static void cb_free(struct cbuf *b)
{
	free(b->region);
	b->region = NULL;
}

/* --- layouts of what the calls write ----------------------------------------- */

static void norm_sndrcvinfo_at(unsigned char *b, size_t len, size_t off)
{
	fix32(b, len, off + offsetof(struct sctp_sndrcvinfo, sinfo_tsn), norm_tsn);
	fix32(b, len, off + offsetof(struct sctp_sndrcvinfo, sinfo_cumtsn), norm_tsn);
	fix32(b, len, off + offsetof(struct sctp_sndrcvinfo, sinfo_assoc_id), id_of);
}

/* sctp_send's sinfo, an input: its id only */
static void norm_send_sinfo(unsigned char *b, size_t len, void *ctx)
{
	(void)ctx;
	fix32(b, len, offsetof(struct sctp_sndrcvinfo, sinfo_assoc_id), id_of);
}

static void norm_sndrcvinfo(unsigned char *b, size_t len, void *ctx)
{
	(void)ctx;
	norm_sndrcvinfo_at(b, len, 0);
}

static void norm_rcvinfo_at(unsigned char *b, size_t len, size_t off)
{
	fix32(b, len, off + offsetof(struct sctp_rcvinfo, rcv_tsn), norm_tsn);
	fix32(b, len, off + offsetof(struct sctp_rcvinfo, rcv_cumtsn), norm_tsn);
	fix32(b, len, off + offsetof(struct sctp_rcvinfo, rcv_assoc_id), id_of);
}

static void norm_nxtinfo_at(unsigned char *b, size_t len, size_t off)
{
	fix32(b, len, off + offsetof(struct sctp_nxtinfo, nxt_assoc_id), id_of);
}

/* ctx: the infotype the call reported */
static void norm_recvv_info(unsigned char *b, size_t len, void *ctx)
{
	unsigned type = *(unsigned *)ctx;
	if (type == SCTP_RECVV_RCVINFO || type == SCTP_RECVV_RN) norm_rcvinfo_at(b, len, 0);
	if (type == SCTP_RECVV_NXTINFO) norm_nxtinfo_at(b, len, 0);
	if (type == SCTP_RECVV_RN) norm_nxtinfo_at(b, len, sizeof(struct sctp_rcvinfo));
}

/* ctx: the infotype passed */
static void norm_sendv_info(unsigned char *b, size_t len, void *ctx)
{
	unsigned type = *(unsigned *)ctx;
	if (type == SCTP_SENDV_SNDINFO) fix32(b, len, offsetof(struct sctp_sndinfo, snd_assoc_id), id_of);
	if (type == SCTP_SENDV_SPA)
		fix32(b, len, offsetof(struct sctp_sendv_spa, sendv_sndinfo.snd_assoc_id), id_of);
}

static void norm_notification(unsigned char *b, size_t len, void *ctx)
{
	(void)ctx;
	uint16_t type;
	if (len < 2) return;
	memcpy(&type, b, 2);
	switch (type) {
	case SCTP_ASSOC_CHANGE: fix32(b, len, offsetof(struct sctp_assoc_change, sac_assoc_id), id_of); break;
	case SCTP_PEER_ADDR_CHANGE:
		fix_addr(b, len, offsetof(struct sctp_paddr_change, spc_aaddr));
		fix32(b, len, offsetof(struct sctp_paddr_change, spc_assoc_id), id_of);
		break;
	case SCTP_SHUTDOWN_EVENT: fix32(b, len, offsetof(struct sctp_shutdown_event, sse_assoc_id), id_of); break;
	case SCTP_SEND_FAILED:
		norm_sndrcvinfo_at(b, len, offsetof(struct sctp_send_failed, ssf_info));
		fix32(b, len, offsetof(struct sctp_send_failed, ssf_assoc_id), id_of);
		break;
	case SCTP_REMOTE_ERROR: fix32(b, len, offsetof(struct sctp_remote_error, sre_assoc_id), id_of); break;
	case SCTP_ADAPTATION_INDICATION:
		fix32(b, len, offsetof(struct sctp_adaptation_event, sai_assoc_id), id_of);
		break;
	case SCTP_SENDER_DRY_EVENT: fix32(b, len, offsetof(struct sctp_sender_dry_event, sender_dry_assoc_id), id_of); break;
	case SCTP_PARTIAL_DELIVERY_EVENT:
		fix32(b, len, offsetof(struct sctp_pdapi_event, pdapi_assoc_id), id_of);
		break;
	}
}

static void norm_assoc_buf(unsigned char *b, size_t len, void *ctx)
{
	(void)ctx;
	fix32(b, len, 0, id_of);
}

static void norm_sockaddr_buf(unsigned char *b, size_t len, void *ctx)
{
	(void)ctx;
	fix_addr(b, len, 0);
}

static const char *addr_text(const struct sockaddr *sa, char *out, size_t n)
{
	char a[INET6_ADDRSTRLEN];
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s = (const void *)sa;
		inet_ntop(AF_INET, &s->sin_addr, a, sizeof a);
		snprintf(out, n, "%s:%u", a, ntohs(norm_port(s->sin_port)));
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s = (const void *)sa;
		inet_ntop(AF_INET6, &s->sin6_addr, a, sizeof a);
		snprintf(out, n, "[%s]:%u/%u/%u", a, ntohs(norm_port(s->sin6_port)), s->sin6_flowinfo, s->sin6_scope_id);
	} else {
		snprintf(out, n, "family%u", sa->sa_family);
	}
	return out;
}

/* --- the world of a sequence: a library-side socket L, its peer's sockets ----- */

struct world {
	int fam;             /* of the sockets: AF_INET or AF_INET6 */
	int lstyle, rstyle;  /* SOCK_STREAM or SOCK_SEQPACKET */
	int L;               /* the socket the library calls use */
	int R;               /* the peer's listening socket */
	int RA;              /* the peer's socket of the association (R itself when one-to-many) */
	int peeled;          /* a socket sctp_peeloff returned, or -1 */
	sctp_assoc_t lid, rid; /* the association's id on either side, 0 when none */
	bool up;
	int lhost;           /* the host L is bound to first: 0 (::1) or 1 (127.0.0.1) */
	char why[64];        /* why the setup failed, for the log */
	int extra_fds[8];
	int nextra;
};

static const struct library *lib;
static void wait_settled(int fd, int style);

static void tsetopt(int fd, int opt, const void *v, socklen_t n)
{
	(void)setsockopt(fd, IPPROTO_SCTP, opt, v, n);
}

static void sock_defaults(int fd)
{
	struct timeval tv = {2, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	struct linger lg = {1, 0};
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
	int one = 1;
	tsetopt(fd, SCTP_NODELAY, &one, sizeof one);
	/* every DATA acknowledged at once: a side knows its messages arrived
	 * (wait_settled) without waiting out the delayed-SACK timer */
	struct sctp_sack_info sack = {0, 0, 1};
	tsetopt(fd, SCTP_DELAYED_SACK, &sack, sizeof sack);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
}

/* Address n: 0 is ::1, 1..4 are 127.0.0.n; as an AF_INET6 socket address
 * when v6 (127.0.0.n v4-mapped), else AF_INET. */
static size_t make_addr(void *out, int n, bool v6, uint16_t port)
{
	if (!v6) {
		struct sockaddr_in *s = out;
		memset(s, 0, sizeof *s);
		s->sin_family = AF_INET;
		s->sin_port = htons(port);
		s->sin_addr.s_addr = htonl(0x7f000000u + (uint32_t)(n ? n : 1));
		return sizeof *s;
	}
	struct sockaddr_in6 *s = out;
	memset(s, 0, sizeof *s);
	s->sin6_family = AF_INET6;
	s->sin6_port = htons(port);
	if (n == 0) {
		s->sin6_addr = in6addr_loopback;
	} else {
		s->sin6_addr.s6_addr[10] = 0xff;
		s->sin6_addr.s6_addr[11] = 0xff;
		s->sin6_addr.s6_addr[12] = 127;
		s->sin6_addr.s6_addr[15] = (uint8_t)n;
	}
	return sizeof *s;
}

/* A packed list of count addresses for the world's family: for AF_INET6
 * sockets a mix of ::1 (as AF_INET6) and 127.0.0.n (as AF_INET). The first
 * is host `first`; desc gets a description. */
static size_t packed_list(struct world *w, unsigned char *buf, int count, int first, uint16_t port, bool vary_ports,
			  char *desc, size_t dn)
{
	size_t off = 0, dl = 0;
	desc[0] = 0;
	/* distinct addresses where the list must be a set (the kernel refuses a
	 * bindx or connectx list naming one twice), for at most 4 entries */
	bool used[5] = {false};
	bool distinct = vary_ports == false && count <= 4;
	for (int i = 0; i < count; i++) {
		int host = i == 0 ? first : 1 + (int)rnd(4);
		bool v6 = false;
		if (w->fam == AF_INET6) {
			v6 = i == 0 ? host == 0 : chance(30);
			if (v6 && chance(70)) host = 0;
		}
		if (!v6 && host == 0) host = 1;
		if (distinct && used[host]) {
			v6 = false;
			for (host = 1; host < 4 && used[host]; host++) {
			}
		}
		used[host] = true;
		uint16_t p = port;
		if (i > 0 && vary_ports) {
			switch (rnd(3)) {
			case 0: p = 0; break;
			case 1: p = (uint16_t)(port_base + 6); break;
			default: break;
			}
		}
		off += make_addr(buf + off, host, v6, p);
		dl += (size_t)snprintf(desc + dl, dn > dl ? dn - dl : 0, "%s%s%d:P%d", i ? "," : "", v6 ? "6/" : "4/",
				       host, p ? (int)(p - port_base) : -1);
		if (dl >= dn) dl = dn - 1;
	}
	return off;
}

static void set_events(int fd, bool data_io, bool assoc, bool shutdown)
{
	struct sctp_event_subscribe ev;
	memset(&ev, 0, sizeof ev);
	ev.sctp_data_io_event = data_io;
	ev.sctp_association_event = assoc;
	ev.sctp_shutdown_event = shutdown;
	tsetopt(fd, SCTP_EVENTS, &ev, sizeof ev);
}

/* The associations of fd: its one (id 0) when one-to-one, else the list. */
static unsigned assoc_list(int fd, int style, sctp_assoc_t *out, unsigned max)
{
	if (style == SOCK_STREAM) {
		out[0] = 0;
		return 1;
	}
	union {
		struct sctp_assoc_ids ids;
		sctp_assoc_t space[32];
	} list;
	socklen_t n = sizeof list;
	if (getsockopt(fd, IPPROTO_SCTP, SCTP_GET_ASSOC_ID_LIST, &list, &n) < 0) return 0;
	unsigned k = 0;
	for (unsigned i = 0; i < list.ids.gaids_number_of_ids && k < max && i < 31; i++) out[k++] = list.ids.gaids_assoc_id[i];
	return k;
}

static sctp_assoc_t first_assoc_id(int fd, int style)
{
	if (style == SOCK_STREAM) {
		struct sctp_status st;
		socklen_t n = sizeof st;
		memset(&st, 0, sizeof st);
		if (getsockopt(fd, IPPROTO_SCTP, SCTP_STATUS, &st, &n) == 0) return st.sstat_assoc_id;
		return 0;
	}
	sctp_assoc_t list[31];
	unsigned k = assoc_list(fd, style, list, 31);
	return k > 0 ? list[k - 1] : 0;
}

static void learn_world_ids(void);

static void result_errno(int r)
{
	/* (while the world is set up, its ids are learnt in a fixed order
	 * instead: the call's own, L's, the peer's) */
	int e = errno;
	if (!holding) learn_world_ids();
	errno = e;
	res("ret=%d", r);
	if (r < 0) res("errno=%s", strerrorname_np(errno) ? strerrorname_np(errno) : "?");
}

/* What the peer received after a library send: every message waiting on its
 * side, raw recvmsg, data and each ancillary message. */
static void peer_receive(struct world *w, const char *kind)
{
	int fd = w->RA >= 0 ? w->RA : w->R;
	args("peer");
	wait_settled(w->L, w->lstyle);
	learn_world_ids();
	int n = 0;
	for (;;) {
		/* (a message not there once L's side has settled is given a
		 * while more: a send on an association still being set up, a
		 * guest the host starves) */
		struct pollfd p = {fd, POLLIN, 0};
		if ((poll(&p, 1, 0) <= 0 && (n > 0 || poll(&p, 1, 300) <= 0)) || !(p.revents & POLLIN)) break;
		unsigned char data[2048];
		union {
			struct sockaddr_storage ss;
			unsigned char b[sizeof(struct sockaddr_storage)];
		} from;
		unsigned char control[512];
		struct iovec iov = {data, sizeof data};
		struct msghdr m = {&from, sizeof from, &iov, 1, control, sizeof control, 0};
		memset(&from, 0, sizeof from);
		ssize_t r = recvmsg(fd, &m, MSG_DONTWAIT);
		if (r < 0) {
			res("recv%d=%s", n, strerrorname_np(errno));
			break;
		}
		char a[128];
		res("msg%d.len=%zd flags=%#x from=%s", n, r, m.msg_flags,
		    m.msg_namelen ? addr_text((struct sockaddr *)&from, a, sizeof a) : "-");
		if (m.msg_flags & MSG_NOTIFICATION) norm_notification(data, (size_t)r, NULL);
		hex("data", data, (size_t)r);
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
			unsigned char *d = CMSG_DATA(c);
			size_t dl = c->cmsg_len - CMSG_LEN(0);
			if (c->cmsg_level == IPPROTO_SCTP && c->cmsg_type == SCTP_RCVINFO &&
			    dl >= sizeof(struct sctp_rcvinfo)) {
				note_tsn(((struct sctp_rcvinfo *)(void *)d)->rcv_tsn);
				learn_id((uint32_t)((struct sctp_rcvinfo *)(void *)d)->rcv_assoc_id);
			}
			if (c->cmsg_level == IPPROTO_SCTP && c->cmsg_type == SCTP_SNDRCV) norm_sndrcvinfo_at(d, dl, 0);
			if (c->cmsg_level == IPPROTO_SCTP && c->cmsg_type == SCTP_RCVINFO) norm_rcvinfo_at(d, dl, 0);
			if (c->cmsg_level == IPPROTO_SCTP && c->cmsg_type == SCTP_NXTINFO) norm_nxtinfo_at(d, dl, 0);
			char key[48];
			snprintf(key, sizeof key, "cmsg%d/%d", c->cmsg_level, c->cmsg_type);
			hex(key, d, dl);
		}
		if (++n >= 16) break;
	}
	if (n == 0) res("nothing");
	char k[64];
	snprintf(k, sizeof k, "%s/peer", kind);
	emit(k);
}

static struct world *cur_world;

/* Every association the world's sockets have now, learnt (after each
 * library call, before its outputs are renamed). */
static void learn_world_ids(void)
{
	struct world *w = cur_world;
	if (w == NULL) return;
	learn_fd(w->L);
	learn_fd(w->R);
	learn_fd(w->RA);
	learn_fd(w->peeled);
	for (int i = 0; i < w->nextra; i++) learn_fd(w->extra_fds[i]);
}

static void world_close(struct world *w)
{
	int fds[] = {w->L, w->R, w->RA, w->peeled};
	for (unsigned i = 0; i < sizeof fds / sizeof fds[0]; i++)
		if (fds[i] >= 0) close(fds[i]);
	for (int i = 0; i < w->nextra; i++) close(w->extra_fds[i]);
}

/* The peer's side, raw: a listening socket on 127.0.0.1 (or ::1) port P0,
 * also bound (bindx, raw setsockopt) to 127.0.0.2 and .3. */
static bool world_peer(struct world *w)
{
	w->R = socket(w->fam, w->rstyle, IPPROTO_SCTP);
	if (w->R < 0) return false;
	sock_defaults(w->R);
	set_events(w->R, true, false, false);
	int one = 1;
	tsetopt(w->R, SCTP_RECVRCVINFO, &one, sizeof one);
	union {
		struct sockaddr_storage ss;
		unsigned char b[512];
	} a;
	size_t n = make_addr(&a, w->fam == AF_INET6 ? 0 : 1, w->fam == AF_INET6, (uint16_t)port_base);
	if (bind(w->R, (struct sockaddr *)&a, (socklen_t)n) < 0) return false;
	size_t off = 0;
	for (int h = w->fam == AF_INET6 ? 1 : 2; h <= 3; h++) off += make_addr(a.b + off, h, false, (uint16_t)port_base);
	(void)setsockopt(w->R, IPPROTO_SCTP, SCTP_SOCKOPT_BINDX_ADD, a.b, (socklen_t)off);
	return listen(w->R, 8) == 0;
}

static long elapsed_ms(const struct timespec *since)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

static void pause_ms(long ms)
{
	struct timespec ts = {0, ms * 1000 * 1000};
	nanosleep(&ts, NULL);
}

/* Whether every association of fd is settled: established with nothing
 * of its own unacknowledged (each side acknowledges at once), or gone. */
static bool settled(int fd, int style)
{
	sctp_assoc_t ids_[32];
	unsigned n = assoc_list(fd, style, ids_, 32);
	for (unsigned i = 0; i < n; i++) {
		struct sctp_status st;
		socklen_t l = sizeof st;
		memset(&st, 0, sizeof st);
		st.sstat_assoc_id = ids_[i];
		if (getsockopt(fd, IPPROTO_SCTP, SCTP_STATUS, &st, &l) < 0) continue;
		if (st.sstat_state == SCTP_CLOSED) continue;
		if (st.sstat_state != SCTP_ESTABLISHED || st.sstat_unackdata != 0 || st.sstat_penddata != 0) return false;
	}
	return true;
}

/* Waits (polled: in the emulated guest a blocking call now and then sleeps
 * through the event) until what a side sent has arrived, a handshake or an
 * ending has run its course: no result then depends on timing. Bounded. */
static void wait_settled(int fd, int style)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!settled(fd, style) && elapsed_ms(&t0) < 4000) pause_ms(1);
}

static char why_not[64];

/* Waits until fd (of the style given) has an established association. */
static bool wait_established(int fd, int style)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (elapsed_ms(&t0) < 4000) {
		sctp_assoc_t id = style == SOCK_STREAM ? 0 : first_assoc_id(fd, style);
		struct sctp_status st;
		socklen_t n = sizeof st;
		memset(&st, 0, sizeof st);
		st.sstat_assoc_id = id;
		if ((style == SOCK_STREAM || id != 0) && getsockopt(fd, IPPROTO_SCTP, SCTP_STATUS, &st, &n) == 0) {
			if (st.sstat_state == SCTP_ESTABLISHED) return true;
			if (st.sstat_state == SCTP_CLOSED) return false;
		} else if (style == SOCK_STREAM) {
			/* a one-to-one socket shows its association only once it
			 * is established; a refused one ends the connect */
			struct pollfd p = {fd, POLLOUT, 0};
			if (poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP))) return false;
		} else {
			/* a one-to-many socket's new association is now and then
			 * not yet in its list right after connect */
			snprintf(why_not, sizeof why_not, "assocs=%u", assoc_list(fd, style, &id, 1));
		}
		pause_ms(1);
	}
	return false;
}

/* Every path of the association on fd confirmed: a heartbeat asked for on
 * each, then waited for (bounded). Otherwise the kernel confirms them on its
 * own timer, in the middle of a sequence: which path a message takes, where
 * the peer sees it come from and what SCTP_GET_PEER_ADDR_INFO says would
 * depend on when. */
static void confirm_paths(int fd, sctp_assoc_t id)
{
	union {
		struct sctp_getaddrs g;
		unsigned char b[sizeof(struct sctp_getaddrs) + 16 * sizeof(struct sockaddr_in6)];
	} ga;
	memset(&ga, 0, sizeof ga);
	ga.g.assoc_id = id;
	socklen_t n = sizeof ga;
	if (getsockopt(fd, IPPROTO_SCTP, SCTP_GET_PEER_ADDRS, &ga, &n) < 0) return;
	struct sockaddr_storage peers[16];
	unsigned count = 0;
	size_t off = 0;
	for (unsigned i = 0; i < ga.g.addr_num && count < 16; i++) {
		const struct sockaddr *sa = (const void *)(ga.g.addrs + off);
		size_t l = sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
		if (off + l > n - sizeof(struct sctp_getaddrs)) break;
		memset(&peers[count], 0, sizeof peers[count]);
		memcpy(&peers[count++], sa, l);
		off += l;
	}
	for (unsigned i = 0; i < count; i++) {
		struct sctp_paddrparams pp;
		memset(&pp, 0, sizeof pp);
		pp.spp_assoc_id = id;
		memcpy(&pp.spp_address, &peers[i], sizeof peers[i]);
		pp.spp_flags = SPP_HB_DEMAND;
		(void)setsockopt(fd, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, &pp, sizeof pp);
	}
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		bool all = true;
		for (unsigned i = 0; i < count && all; i++) {
			struct sctp_paddrinfo pi;
			socklen_t l = sizeof pi;
			memset(&pi, 0, sizeof pi);
			pi.spinfo_assoc_id = id;
			memcpy(&pi.spinfo_address, &peers[i], sizeof peers[i]);
			if (getsockopt(fd, IPPROTO_SCTP, SCTP_GET_PEER_ADDR_INFO, &pi, &l) == 0 && pi.spinfo_state != SCTP_ACTIVE)
				all = false;
		}
		if (all || elapsed_ms(&t0) >= 3000) return;
		pause_ms(1);
	}
}

/* Waits until the association on fd is gone (the peer's ABORT or SHUTDOWN
 * has run its course). */
static void wait_gone(int fd, sctp_assoc_t id)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (elapsed_ms(&t0) < 4000) {
		struct sctp_status st;
		socklen_t n = sizeof st;
		memset(&st, 0, sizeof st);
		st.sstat_assoc_id = id;
		if (getsockopt(fd, IPPROTO_SCTP, SCTP_STATUS, &st, &n) < 0 || st.sstat_state == SCTP_CLOSED) return;
		pause_ms(1);
	}
}

static void set_blocking(int fd, bool blocking)
{
	int fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, blocking ? fl & ~O_NONBLOCK : fl | O_NONBLOCK);
}

/* L: bound by bind(2) or by sctp_bindx (traced), connected by connect(2)
 * or by one of sctp_connectx's versions (traced). */
static void world_setup_once(struct world *w)
{
	w->L = w->RA = w->peeled = -1;
	w->lid = w->rid = 0;
	w->up = false;
	w->why[0] = why_not[0] = 0;
	w->nextra = 0;
	if (!world_peer(w)) {
		args("setup peer");
		res("failed errno=%s", strerrorname_np(errno));
		emit("setup");
		return;
	}
	w->L = socket(w->fam, w->lstyle, IPPROTO_SCTP);
	sock_defaults(w->L);
	set_events(w->L, false, false, false);
	unsigned char list[16 * sizeof(struct sockaddr_in6)];
	char desc[512];
	/* the host L is first bound to (::1 or 127.0.0.1): connecting to it
	 * first, the handshake's chunks have an address of L's to come to */
	w->lhost = w->fam == AF_INET6 && chance(50) ? 0 : 1;
	if (chance(50)) {
		int count = 1 + rnd(3);
		size_t len = packed_list(w, list, count, w->lhost, (uint16_t)(port_base + 1), false, desc, sizeof desc);
		(void)len;
		args("setup bind count=%d addrs=%s flags=ADD", count, desc);
		errno = 0;
		int r = lib->bindx(w->L, (struct sockaddr *)list, count, SCTP_BINDX_ADD_ADDR);
		result_errno(r);
		emit("sctp_bindx");
	} else {
		size_t n = make_addr(list, w->lhost, w->fam == AF_INET6, (uint16_t)(port_base + 1));
		(void)bind(w->L, (struct sockaddr *)list, (socklen_t)n);
	}
	if (w->fam == AF_INET6) {
		/* an IPv6 L also has the other family's loopback (raw, not
		 * traced; refused if bindx added it already): every peer address
		 * is a path L can send on, none waits for its retransmission
		 * timer to move to another */
		size_t n = make_addr(list, w->lhost == 0 ? 1 : 0, w->lhost == 0 ? false : true, (uint16_t)(port_base + 1));
		(void)setsockopt(w->L, IPPROTO_SCTP, SCTP_SOCKOPT_BINDX_ADD, list, (socklen_t)n);
	}
	int count = 1 + rnd(3);
	/* first the address the peer's socket was bound to, of L's family */
	int first = w->lhost;
	packed_list(w, list, count, first, (uint16_t)port_base, false, desc, sizeof desc);
	/* later entries may name an address the peer has not bound (127.0.0.4): */
	int version = rnd(5); /* 0: connect(2), 1..3: sctp_connectx@VERS_n, 4: VERS_3 without id */
	int r;
	set_blocking(w->L, false);
	if (version == 0) {
		size_t n = make_addr(list, first, first == 0, (uint16_t)port_base);
		r = connect(w->L, (struct sockaddr *)list, (socklen_t)n);
		if (r < 0) snprintf(w->why, sizeof w->why, "connect=%s", strerrorname_np(errno));
	} else {
		struct cbuf idb;
		sctp_assoc_t *id = cb_new(&idb, sizeof(sctp_assoc_t));
		args("setup VERS_%d count=%d addrs=%s id=%s", version == 4 ? 3 : version, count, desc,
		     version == 4 || version == 1 ? "NULL" : "ptr");
		errno = 0;
		if (version == 1)
			r = lib->connectx1(w->L, (struct sockaddr *)list, count);
		else if (version == 2)
			r = lib->connectx2(w->L, (struct sockaddr *)list, count, id);
		else
			r = lib->connectx3(w->L, (struct sockaddr *)list, count, version == 4 ? NULL : id);
		/* the kernel's id of the association, first */
		if ((version == 2 || version == 3) && (r >= 0 || errno == EINPROGRESS)) learn_id((uint32_t)*id);
		result_errno(r);
		if (version == 2 || version == 3) cb_dump("id", &idb, norm_assoc_buf, NULL);
		cb_free(&idb);
		emit("sctp_connectx");
	}
	bool established = wait_established(w->L, w->lstyle);
	set_blocking(w->L, true);
	if (w->rstyle == SOCK_STREAM) {
		struct pollfd p = {w->R, POLLIN, 0};
		if (poll(&p, 1, established ? 2000 : 0) == 1) w->RA = accept(w->R, NULL, NULL);
		if (w->RA >= 0) {
			sock_defaults(w->RA);
			set_events(w->RA, true, false, false);
			int one = 1;
			tsetopt(w->RA, SCTP_RECVRCVINFO, &one, sizeof one);
		}
	}
	w->lid = first_assoc_id(w->L, w->lstyle);
	w->rid = first_assoc_id(w->RA >= 0 ? w->RA : w->R, w->RA >= 0 ? SOCK_STREAM : w->rstyle);
	note_id(w->lid);
	note_id(w->rid);
	w->up = established && w->lid != 0 && w->rid != 0;
	if (w->up) {
		confirm_paths(w->L, w->lid);
		confirm_paths(w->RA >= 0 ? w->RA : w->R, w->RA >= 0 ? 0 : w->rid);
	}
	args("setup");
	res("up=%d", w->up);
	/* why not, for the log (a setup line that differs is not compared) */
	if (!w->up) res("established=%d lid=%d rid=%d accepted=%d %s %s", established, w->lid != 0, w->rid != 0, w->RA >= 0, w->why, why_not);
	emit("setup");
}

/* The world, set up again (the same choices, the same ports) when its
 * association did not come up: in the emulated guest a handshake's chunk
 * is now and then late past every wait. Only the last attempt is traced. */
static void world_setup(struct world *w)
{
	uint64_t rng = rng_state;
	unsigned ids_known = nids, tsns_known = ntsn;
	for (int attempt = 0;; attempt++) {
		rng_state = rng;
		nids = ids_known;
		ntsn = tsns_known;
		holding = true;
		held_len = 0;
		world_setup_once(w);
		holding = false;
		if (w->up || attempt == 2) break;
		world_close(w);
	}
	if (held_len) (void)!write(trace_fd, held, held_len);
}

/* An association id as a program would pass it, chosen from what is known:
 * the association's (either side's: the wrong socket's), 0, SCTP_*_ASSOC, or
 * one that does not exist. */
static sctp_assoc_t pick_id(struct world *w, char *desc, size_t n)
{
	switch (rnd(8)) {
	case 0: case 1: case 2: snprintf(desc, n, "own"); return w->lid;
	case 3: snprintf(desc, n, "peer's"); return w->rid;
	case 4: case 5: snprintf(desc, n, "0"); return 0;
	case 6: snprintf(desc, n, "%s", "SCTP_CURRENT_ASSOC"); return SCTP_CURRENT_ASSOC;
	/* an id the kernel does not reach in a run (it counts up from 1) */
	default: snprintf(desc, n, "unknown"); return 0x7ffffff0;
	}
}

static int lib_fd(struct world *w) { return w->L; }

/* --- the calls ------------------------------------------------------------------- */

/* A message's time to live (ms) that no sequence outlives: a shorter one
 * would let the host's load decide whether it is sent or abandoned. */
static uint32_t long_ttl(void) { return 30000 + rnd(30000); }

static void op_sendmsg(struct world *w)
{
	size_t len = rnd(4) == 0 ? 0 : 1 + rnd(200);
	unsigned char *msg = malloc(len + 1);
	for (size_t i = 0; i < len; i++) msg[i] = (unsigned char)rnd(256);
	union {
		struct sockaddr_storage ss;
		unsigned char b[64];
	} to;
	socklen_t tolen = 0;
	const char *todesc = "NULL";
	bool with_to = w->lstyle == SOCK_SEQPACKET ? chance(80) : chance(20);
	if (with_to) {
		int host = w->fam == AF_INET6 && chance(50) ? 0 : 1 + rnd(2);
		tolen = (socklen_t)make_addr(&to, host, host == 0 || (w->fam == AF_INET6 && chance(30)), (uint16_t)port_base);
		todesc = host == 0 ? "::1:P0" : host == 1 ? "127.0.0.1:P0" : "127.0.0.2:P0";
		if (chance(10)) tolen += 4; /* a program passing sizeof(struct sockaddr_storage)-ish */
	}
	static const uint32_t flag_choices[] = {0, 0, 0, SCTP_UNORDERED, SCTP_ADDR_OVER, SCTP_UNORDERED | 0x10000,
						0x20000, SCTP_SENDALL};
	uint32_t flags = flag_choices[rnd(sizeof flag_choices / sizeof flag_choices[0])];
	uint16_t stream = (uint16_t)(chance(80) ? rnd(10) : 1000 + rnd(100));
	uint32_t ppid = (uint32_t)rnd64(), ttl = chance(70) ? 0 : long_ttl(), ctx = (uint32_t)rnd64();
	args("len=%zu to=%s tolen=%u flags=%#x stream=%u ppid=%#x ttl=%u context=%#x", len, todesc, tolen, flags, stream,
	     ppid, ttl, ctx);
	errno = 0;
	int r = lib->sendmsg(lib_fd(w), msg, len, with_to ? (struct sockaddr *)&to : NULL, tolen, ppid, flags, stream, ttl,
			     ctx);
	result_errno(r);
	emit("sctp_sendmsg");
	free(msg);
	if (r >= 0) peer_receive(w, "sctp_sendmsg");
}

static void op_send(struct world *w)
{
	size_t len = rnd(5) == 0 ? 0 : 1 + rnd(200);
	unsigned char *msg = malloc(len + 1);
	for (size_t i = 0; i < len; i++) msg[i] = (unsigned char)rnd(256);
	struct cbuf sb;
	struct sctp_sndrcvinfo *si = NULL;
	char iddesc[32] = "-";
	bool with = chance(85);
	if (with) {
		si = cb_new(&sb, sizeof *si);
		if (chance(70)) memset(si, 0, sizeof *si);
		si->sinfo_stream = (uint16_t)(chance(80) ? rnd(10) : 1000 + rnd(100));
		si->sinfo_flags = (uint16_t)(chance(70) ? 0 : chance(50) ? SCTP_UNORDERED : SCTP_ADDR_OVER);
		si->sinfo_ppid = (uint32_t)rnd64();
		si->sinfo_context = (uint32_t)rnd64();
		si->sinfo_timetolive = chance(70) ? 0 : long_ttl();
		si->sinfo_assoc_id = pick_id(w, iddesc, sizeof iddesc);
	}
	int flags = chance(80) ? 0 : chance(50) ? MSG_DONTWAIT : MSG_NOSIGNAL;
	args("len=%zu sinfo=%s stream=%u sflags=%#x id=%s flags=%#x", len, with ? "ptr" : "NULL", si ? si->sinfo_stream : 0,
	     si ? si->sinfo_flags : 0, iddesc, flags);
	errno = 0;
	int r = lib->send(lib_fd(w), msg, len, si, flags);
	result_errno(r);
	if (with) {
		cb_dump("sinfo", &sb, norm_send_sinfo, NULL);
		cb_free(&sb);
	}
	emit("sctp_send");
	free(msg);
	if (r >= 0) peer_receive(w, "sctp_send");
}

static void op_sendv(struct world *w)
{
	int iovcnt = rnd(4);
	struct iovec iov[4];
	unsigned char data[4][64];
	size_t total = 0;
	for (int i = 0; i < iovcnt; i++) {
		size_t l = rnd(64);
		for (size_t j = 0; j < l; j++) data[i][j] = (unsigned char)rnd(256);
		iov[i].iov_base = data[i];
		iov[i].iov_len = l;
		total += l;
	}
	int addrcnt = chance(40) ? 0 : 1 + rnd(8);
	unsigned char list[9 * sizeof(struct sockaddr_in6)];
	char desc[512] = "";
	bool vary = chance(50);
	if (addrcnt) packed_list(w, list, addrcnt, w->fam == AF_INET6 && chance(50) ? 0 : 1, (uint16_t)port_base, vary,
				 desc, sizeof desc);
	unsigned infotype = rnd(5);
	union {
		struct sctp_sndinfo snd;
		struct sctp_prinfo pr;
		struct sctp_authinfo auth;
		struct sctp_sendv_spa spa;
		unsigned char b[64];
	} info;
	struct cbuf ib;
	unsigned char *ip = cb_new(&ib, sizeof info);
	memset(&info, 0, sizeof info);
	char iddesc[32] = "-";
	socklen_t infolen = 0;
	switch (infotype) {
	case SCTP_SENDV_SNDINFO:
		info.snd.snd_sid = (uint16_t)(chance(80) ? rnd(10) : 1000);
		info.snd.snd_flags = (uint16_t)(chance(70) ? 0 : SCTP_UNORDERED);
		info.snd.snd_ppid = (uint32_t)rnd64();
		info.snd.snd_context = (uint32_t)rnd64();
		info.snd.snd_assoc_id = pick_id(w, iddesc, sizeof iddesc);
		infolen = sizeof info.snd;
		break;
	case SCTP_SENDV_PRINFO:
		info.pr.pr_policy = (uint16_t)rnd(4);
		info.pr.pr_value = info.pr.pr_policy == SCTP_PR_SCTP_TTL ? long_ttl() : rnd(1000);
		infolen = sizeof info.pr;
		break;
	case SCTP_SENDV_AUTHINFO:
		info.auth.auth_keynumber = (uint16_t)rnd(2);
		infolen = sizeof info.auth;
		break;
	case SCTP_SENDV_SPA:
		info.spa.sendv_flags = rnd(8);
		info.spa.sendv_sndinfo.snd_sid = (uint16_t)rnd(10);
		info.spa.sendv_sndinfo.snd_ppid = (uint32_t)rnd64();
		info.spa.sendv_sndinfo.snd_assoc_id = pick_id(w, iddesc, sizeof iddesc);
		info.spa.sendv_prinfo.pr_policy = (uint16_t)rnd(4);
		info.spa.sendv_prinfo.pr_value =
			info.spa.sendv_prinfo.pr_policy == SCTP_PR_SCTP_TTL ? long_ttl() : rnd(1000);
		infolen = sizeof info.spa;
		/* 1.0.19 builds the SPA's members in a heap block with 2 or more
		 * addresses (DIVERGENCES.md sendv-spa-overflow) */
		if (addrcnt >= 2 && (info.spa.sendv_flags & 1) && (info.spa.sendv_flags & 6)) heap_suspect = true;
		break;
	}
	int lenvariant = rnd(10);
	if (lenvariant == 0) infolen = 0;
	else if (lenvariant == 1) infolen += 4;
	else if (lenvariant == 2 && infolen) infolen -= 1;
	bool info_null = infotype == SCTP_SENDV_NOINFO && chance(60);
	memcpy(ip, &info, sizeof info);
	int flags = chance(90) ? 0 : MSG_DONTWAIT;
	args("iovcnt=%d total=%zu addrcnt=%d addrs=%s infotype=%u info=%s infolen=%u flags=%#x sendv_flags=%u id=%s", iovcnt,
	     total, addrcnt, desc, infotype, info_null ? "NULL" : "ptr", infolen, flags,
	     infotype == SCTP_SENDV_SPA ? info.spa.sendv_flags : 0, iddesc);
	errno = 0;
	int r = lib->sendv(lib_fd(w), iovcnt ? iov : NULL, iovcnt, addrcnt ? (struct sockaddr *)list : NULL, addrcnt,
			   info_null ? NULL : ip, infolen, infotype, flags);
	result_errno(r);
	cb_dump("info", &ib, norm_sendv_info, &infotype);
	cb_free(&ib);
	emit("sctp_sendv");
	if (r >= 0) peer_receive(w, "sctp_sendv");
}

/* The peer's raw sendmsg to L's association of LEN bytes (0: no iovec at
 * all) with SI as its SCTP_SNDINFO. */
static bool peer_sendmsg(struct world *w, void *data, size_t len, struct sctp_sndinfo si, int flags)
{
	int fd = w->RA >= 0 ? w->RA : w->R;
	unsigned char control[CMSG_SPACE(sizeof si)];
	struct iovec iov = {data, len};
	struct msghdr m = {NULL, 0, &iov, len ? 1 : 0, control, sizeof control, 0};
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = IPPROTO_SCTP;
	c->cmsg_type = SCTP_SNDINFO;
	c->cmsg_len = CMSG_LEN(sizeof si);
	si.snd_assoc_id = w->RA >= 0 ? 0 : w->rid;
	memcpy(CMSG_DATA(c), &si, sizeof si);
	return sendmsg(fd, &m, flags) >= 0;
}

/* The peer sends 0-2 messages to L. */
static int peer_send(struct world *w, int count)
{
	int sent = 0;
	for (int i = 0; i < count; i++) {
		unsigned char data[256];
		size_t len = 1 + rnd(chance(20) ? 250 : 60);
		for (size_t j = 0; j < len; j++) data[j] = (unsigned char)rnd(256);
		struct sctp_sndinfo si = {0};
		si.snd_sid = (uint16_t)rnd(10);
		si.snd_flags = (uint16_t)(chance(20) ? SCTP_UNORDERED : 0);
		si.snd_ppid = (uint32_t)rnd64();
		si.snd_context = (uint32_t)rnd64();
		if (peer_sendmsg(w, data, len, si, MSG_NOSIGNAL | MSG_DONTWAIT)) sent++;
	}
	return sent;
}

static void recv_options(struct world *w, char *desc, size_t n)
{
	bool rcvinfo = chance(50), nxtinfo = chance(40), data_io = chance(50), notif = chance(40);
	int v;
	v = rcvinfo;
	tsetopt(lib_fd(w), SCTP_RECVRCVINFO, &v, sizeof v);
	v = nxtinfo;
	tsetopt(lib_fd(w), SCTP_RECVNXTINFO, &v, sizeof v);
	set_events(lib_fd(w), data_io, notif, notif);
	snprintf(desc, n, "rcvinfo=%d nxtinfo=%d data_io=%d notifications=%d", rcvinfo, nxtinfo, data_io, notif);
}

/* What is waiting on L, peeked raw (so that a call is made only when it
 * will not block, and notifications are told from data). */
static bool peek_waiting(struct world *w, bool *notification, bool sent)
{
	if (sent) wait_settled(w->RA >= 0 ? w->RA : w->R, w->RA >= 0 ? SOCK_STREAM : w->rstyle);
	struct pollfd p = {lib_fd(w), POLLIN, 0};
	if (poll(&p, 1, 0) <= 0 && (!sent || poll(&p, 1, 300) <= 0)) return false;
	/* peeked with SCTP_RCVINFO (the option as it was again after): the
	 * TSN of the peer's message, to number those a library reports by */
	int was = 0, on = 1;
	socklen_t wl = sizeof was;
	(void)getsockopt(lib_fd(w), IPPROTO_SCTP, SCTP_RECVRCVINFO, &was, &wl);
	tsetopt(lib_fd(w), SCTP_RECVRCVINFO, &on, sizeof on);
	unsigned char b[512], control[256];
	struct iovec iov = {b, sizeof b};
	struct msghdr m = {NULL, 0, &iov, 1, control, sizeof control, 0};
	ssize_t r = recvmsg(lib_fd(w), &m, MSG_PEEK | MSG_DONTWAIT);
	tsetopt(lib_fd(w), SCTP_RECVRCVINFO, &was, sizeof was);
	if (r < 0) return false;
	learn_world_ids();
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == IPPROTO_SCTP && c->cmsg_type == SCTP_RCVINFO &&
		    c->cmsg_len >= CMSG_LEN(sizeof(struct sctp_rcvinfo))) {
			struct sctp_rcvinfo ri;
			memcpy(&ri, CMSG_DATA(c), sizeof ri);
			note_tsn(ri.rcv_tsn);
			learn_id((uint32_t)ri.rcv_assoc_id);
		}
	*notification = (m.msg_flags & MSG_NOTIFICATION) != 0;
	if (*notification) {
		/* the association it is about may be gone already */
		learning = true;
		norm_notification(b, (size_t)r, NULL);
		learning = false;
	}
	return true;
}

/* A receive call's setup: L's options drawn (described in OPTS), the peer's
 * messages sent and what is waiting peeked. False, with the row SKIPPED
 * emitted, when nothing is waiting: the call would block. */
static bool receive_ready(struct world *w, const char *skipped, char *opts, size_t n, bool *notification)
{
	recv_options(w, opts, n);
	int sent = peer_send(w, (int)rnd(3));
	*notification = false;
	if (peek_waiting(w, notification, sent > 0)) return true;
	args("%s", opts);
	res("nothing waiting");
	emit(skipped);
	return false;
}

static socklen_t pick_len(socklen_t full)
{
	switch (rnd(7)) {
	case 0: return 0;
	case 1: return full;
	case 2: return full;
	case 3: return full - 1;
	case 4: return full + 1 + rnd(16);
	case 5: return sizeof(struct sockaddr_in);
	default: return rnd(full + 16);
	}
}

static void op_recvmsg(struct world *w)
{
	char opts[128];
	bool notification;
	if (!receive_ready(w, "sctp_recvmsg/skipped", opts, sizeof opts, &notification)) return;
	size_t len = chance(20) ? rnd(8) : 1 + rnd(300);
	struct cbuf mb, fb, sb, flb, fl;
	unsigned char *msg = cb_new(&mb, len);
	bool with_from = chance(70), with_fromlen = chance(80), with_sinfo = chance(80), with_flags = chance(80);
	socklen_t fromlen_in = pick_len(sizeof(struct sockaddr_in6));
	struct sockaddr *from = with_from ? (void *)cb_new(&fb, fromlen_in) : NULL;
	socklen_t *fromlen = with_fromlen ? cb_new(&flb, sizeof(socklen_t)) : NULL;
	if (fromlen) *fromlen = fromlen_in;
	struct sctp_sndrcvinfo *sinfo = with_sinfo ? (void *)cb_new(&sb, sizeof *sinfo) : NULL;
	int *flags = with_flags ? cb_new(&fl, sizeof(int)) : NULL;
	int flags_in = chance(85) ? 0 : MSG_PEEK;
	if (flags) *flags = flags_in;
	args("%s len=%zu from=%s fromlen=%s%u sinfo=%s flags=%s%d", opts, len, with_from ? "ptr" : "NULL",
	     with_fromlen ? "" : "NULL/", fromlen_in, with_sinfo ? "ptr" : "NULL", with_flags ? "" : "NULL/", flags_in);
	errno = 0;
	int r = lib->recvmsg(lib_fd(w), msg, len, from, fromlen, sinfo, flags);
	result_errno(r);
	cb_dump("msg", &mb, notification ? norm_notification : NULL, NULL);
	if (with_from) cb_dump("from", &fb, norm_sockaddr_buf, NULL);
	if (with_fromlen) cb_dump("fromlen", &flb, NULL, NULL);
	if (with_sinfo) cb_dump("sinfo", &sb, norm_sndrcvinfo, NULL);
	if (with_flags) cb_dump("msg_flags", &fl, NULL, NULL);
	emit("sctp_recvmsg");
	cb_free(&mb);
	if (with_from) cb_free(&fb);
	if (with_fromlen) cb_free(&flb);
	if (with_sinfo) cb_free(&sb);
	if (with_flags) cb_free(&fl);
}

static void op_recvv(struct world *w)
{
	char opts[128];
	bool notification;
	if (!receive_ready(w, "sctp_recvv/skipped", opts, sizeof opts, &notification)) return;
	int iovlen = 1 + rnd(3);
	struct cbuf ib[3], fb, flb, infb, ilb, itb, fl;
	struct iovec iov[3];
	char iovdesc[64] = "";
	size_t dl = 0;
	for (int i = 0; i < iovlen; i++) {
		size_t l = chance(20) ? rnd(4) : 1 + rnd(150);
		iov[i].iov_base = cb_new(&ib[i], l);
		iov[i].iov_len = l;
		dl += (size_t)snprintf(iovdesc + dl, sizeof iovdesc - dl, "%s%zu", i ? "," : "", l);
	}
	bool with_from = chance(70), with_fromlen = chance(80), with_info = chance(85), with_infolen = chance(90),
	     with_infotype = chance(90), with_flags = chance(80);
	socklen_t fromlen_in = pick_len(sizeof(struct sockaddr_in6));
	struct sockaddr *from = with_from ? (void *)cb_new(&fb, fromlen_in) : NULL;
	socklen_t *fromlen = with_fromlen ? cb_new(&flb, sizeof(socklen_t)) : NULL;
	if (fromlen) *fromlen = fromlen_in;
	socklen_t infolen_in;
	switch (rnd(6)) {
	case 0: infolen_in = sizeof(struct sctp_rcvinfo); break;
	case 1: infolen_in = sizeof(struct sctp_nxtinfo); break;
	case 2: infolen_in = sizeof(struct sctp_recvv_rn); break;
	case 3: infolen_in = sizeof(struct sctp_recvv_rn) + 1 + rnd(16); break;
	default: infolen_in = rnd(sizeof(struct sctp_recvv_rn) + 8); break;
	}
	void *info = with_info ? cb_new(&infb, infolen_in) : NULL;
	socklen_t *infolen = with_infolen ? cb_new(&ilb, sizeof(socklen_t)) : NULL;
	if (infolen) *infolen = infolen_in;
	unsigned *infotype = with_infotype ? cb_new(&itb, sizeof(unsigned)) : NULL;
	int *flags = with_flags ? cb_new(&fl, sizeof(int)) : NULL;
	int flags_in = chance(85) ? 0 : MSG_PEEK;
	if (flags) *flags = flags_in;
	args("%s iov=%s from=%s fromlen=%s%u info=%s infolen=%s%u infotype=%s flags=%s%d", opts, iovdesc,
	     with_from ? "ptr" : "NULL", with_fromlen ? "" : "NULL/", fromlen_in, with_info ? "ptr" : "NULL",
	     with_infolen ? "" : "NULL/", infolen_in, with_infotype ? "ptr" : "NULL", with_flags ? "" : "NULL/", flags_in);
	errno = 0;
	int r = lib->recvv(lib_fd(w), iov, iovlen, from, fromlen, info, infolen, infotype, flags);
	result_errno(r);
	if (notification && r > 0) {
		/* the notification as one piece, whichever iovecs it spans */
		unsigned char flat[3 * 160];
		size_t n = 0;
		for (int i = 0; i < iovlen && n < (size_t)r; i++) {
			size_t l = iov[i].iov_len < (size_t)r - n ? iov[i].iov_len : (size_t)r - n;
			memcpy(flat + n, iov[i].iov_base, l);
			n += l;
		}
		norm_notification(flat, n, NULL);
		n = 0;
		for (int i = 0; i < iovlen && n < (size_t)r; i++) {
			size_t l = iov[i].iov_len < (size_t)r - n ? iov[i].iov_len : (size_t)r - n;
			memcpy(iov[i].iov_base, flat + n, l);
			n += l;
		}
	}
	for (int i = 0; i < iovlen; i++) {
		char k[16];
		snprintf(k, sizeof k, "iov%d", i);
		cb_dump(k, &ib[i], NULL, NULL);
		cb_free(&ib[i]);
	}
	unsigned type_out = infotype ? *infotype : 99;
	if (with_from) { cb_dump("from", &fb, norm_sockaddr_buf, NULL); cb_free(&fb); }
	if (with_fromlen) { cb_dump("fromlen", &flb, NULL, NULL); cb_free(&flb); }
	if (with_info) { cb_dump("info", &infb, norm_recvv_info, &type_out); cb_free(&infb); }
	if (with_infolen) { cb_dump("infolen", &ilb, NULL, NULL); cb_free(&ilb); }
	if (with_infotype) { cb_dump("infotype", &itb, NULL, NULL); cb_free(&itb); }
	if (with_flags) { cb_dump("flags", &fl, NULL, NULL); cb_free(&fl); }
	emit("sctp_recvv");
}

static int pick_socket(struct world *w, char *desc, size_t n)
{
	switch (rnd(6)) {
	case 0: snprintf(desc, n, "peer-listener"); return w->R;
	case 1:
		if (w->RA >= 0) { snprintf(desc, n, "peer-accepted"); return w->RA; }
		snprintf(desc, n, "peer-listener"); return w->R;
	case 2:
		if (w->peeled >= 0) { snprintf(desc, n, "peeled"); return w->peeled; }
		/* fall through */
	default: snprintf(desc, n, "L"); return w->L;
	}
}

static void op_getaddrs(struct world *w, bool peer)
{
	char sdesc[32], iddesc[32];
	int fd = pick_socket(w, sdesc, sizeof sdesc);
	sctp_assoc_t id = pick_id(w, iddesc, sizeof iddesc);
	if (fd == w->R || fd == w->RA) {
		/* from the peer's side "own" is its id */
		if (id == w->lid && strcmp(iddesc, "own") == 0) id = w->rid;
		else if (id == w->rid && strcmp(iddesc, "peer's") == 0) id = w->lid;
	}
	struct sockaddr *sentinel = (struct sockaddr *)&sentinel, *addrs = sentinel;
	args("socket=%s id=%s", sdesc, iddesc);
	errno = 0;
	int r = peer ? lib->getpaddrs(fd, id, &addrs) : lib->getladdrs(fd, id, &addrs);
	result_errno(r);
	res("addrs=%s", addrs == sentinel ? "unchanged" : addrs == NULL ? "NULL" : "set");
	if (r > 0 && addrs != sentinel && addrs != NULL) {
		char list[2048];
		size_t off = 0, lo = 0;
		for (int i = 0; i < r && i < 32; i++) {
			struct sockaddr *sa = (struct sockaddr *)((char *)addrs + off);
			char a[128];
			lo += (size_t)snprintf(list + lo, sizeof list - lo, "%s%s", i ? "," : "", addr_text(sa, a, sizeof a));
			if (lo >= sizeof list) lo = sizeof list - 1;
			off += sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
		}
		res("list=%s", list);
	}
	if (addrs != sentinel && addrs != NULL) {
		if (peer) lib->freepaddrs(addrs);
		else lib->freeladdrs(addrs);
	}
	emit(peer ? "sctp_getpaddrs" : "sctp_getladdrs");
}

struct option_layout {
	const char *name;
	int opt;
	size_t size;
	int id_off;     /* where the option's association id is, -1 if it has none */
	int addr_off;   /* an address the caller fills in (input), -1 if none */
	const int *masked; /* offset, length pairs of values that measure time, ended by -1 */
};

static const int status_masked[] = {offsetof(struct sctp_status, sstat_primary.spinfo_srtt), 4,
				    offsetof(struct sctp_status, sstat_primary.spinfo_rto), 4, -1};
static const int paddrinfo_masked[] = {offsetof(struct sctp_paddrinfo, spinfo_srtt), 4,
				       offsetof(struct sctp_paddrinfo, spinfo_rto), 4, -1};
static const int none_masked[] = {-1};

#define LAYOUT(opt, type, idfield, addrfield, m)                                                                        \
	{#opt, opt, sizeof(type), idfield, addrfield, m}

static const struct option_layout options[] = {
	LAYOUT(SCTP_RTOINFO, struct sctp_rtoinfo, 0, -1, none_masked),
	LAYOUT(SCTP_ASSOCINFO, struct sctp_assocparams, 0, -1, none_masked),
	LAYOUT(SCTP_INITMSG, struct sctp_initmsg, -1, -1, none_masked),
	LAYOUT(SCTP_NODELAY, int, -1, -1, none_masked),
	LAYOUT(SCTP_AUTOCLOSE, int, -1, -1, none_masked),
	LAYOUT(SCTP_PRIMARY_ADDR, struct sctp_prim, 0, offsetof(struct sctp_prim, ssp_addr), none_masked),
	LAYOUT(SCTP_DISABLE_FRAGMENTS, int, -1, -1, none_masked),
	LAYOUT(SCTP_PEER_ADDR_PARAMS, struct sctp_paddrparams, 0, offsetof(struct sctp_paddrparams, spp_address),
	       none_masked),
	LAYOUT(SCTP_DEFAULT_SEND_PARAM, struct sctp_sndrcvinfo, offsetof(struct sctp_sndrcvinfo, sinfo_assoc_id), -1,
	       none_masked),
	LAYOUT(SCTP_EVENTS, struct sctp_event_subscribe, -1, -1, none_masked),
	LAYOUT(SCTP_I_WANT_MAPPED_V4_ADDR, int, -1, -1, none_masked),
	LAYOUT(SCTP_MAXSEG, struct sctp_assoc_value, 0, -1, none_masked),
	LAYOUT(SCTP_STATUS, struct sctp_status, 0, offsetof(struct sctp_status, sstat_primary.spinfo_address),
	       status_masked),
	LAYOUT(SCTP_GET_PEER_ADDR_INFO, struct sctp_paddrinfo, 0, offsetof(struct sctp_paddrinfo, spinfo_address),
	       paddrinfo_masked),
	LAYOUT(SCTP_AUTH_ACTIVE_KEY, struct sctp_authkeyid, 0, -1, none_masked),
	LAYOUT(SCTP_PEER_AUTH_CHUNKS, struct sctp_authchunks, 0, -1, none_masked),
	LAYOUT(SCTP_LOCAL_AUTH_CHUNKS, struct sctp_authchunks, 0, -1, none_masked),
	/* options lksctp's sctp_opt_info does not know */
	LAYOUT(SCTP_CONTEXT, struct sctp_assoc_value, 0, -1, none_masked),
	LAYOUT(SCTP_GET_ASSOC_NUMBER, uint32_t, -1, -1, none_masked),
	LAYOUT(SCTP_RECVRCVINFO, int, -1, -1, none_masked),
};

/* the first 17 of options[]: those lksctp's sctp_opt_info knows */
#define LKSCTP_OPTIONS 17

struct opt_ctx {
	const struct option_layout *o;
	int ret;
};

static void norm_option(unsigned char *b, size_t len, void *ctx)
{
	const struct option_layout *o = ((struct opt_ctx *)ctx)->o;
	if (o->id_off >= 0) fix32(b, len, (size_t)o->id_off, id_of);
	/* lksctp (and so ours) puts the id first in the buffer of every option
	 * it knows; where the kernel then refused, the id is still there */
	if (o->id_off != 0 && ((struct opt_ctx *)ctx)->ret < 0 && o - options < LKSCTP_OPTIONS) fix32(b, len, 0, id_of);
	if (o->opt == SCTP_STATUS) fix32(b, len, offsetof(struct sctp_status, sstat_primary.spinfo_assoc_id), id_of);
	if (o->addr_off >= 0) fix_addr(b, len, (size_t)o->addr_off);
	for (const int *m = o->masked; *m >= 0; m += 2) mask(b, len, (size_t)m[0], (size_t)m[1]);
}

static void op_opt_info(struct world *w)
{
	const struct option_layout *o = &options[rnd(sizeof options / sizeof options[0])];
	char sdesc[32], iddesc[32];
	int fd = pick_socket(w, sdesc, sizeof sdesc);
	sctp_assoc_t id = pick_id(w, iddesc, sizeof iddesc);
	socklen_t size;
	switch (rnd(8)) {
	case 0: size = 0; break;
	case 1: size = (socklen_t)rnd(4); break;
	case 2: size = (socklen_t)o->size - 1; break;
	case 3: size = (socklen_t)o->size + 1 + rnd(16); break;
	case 4: size = (socklen_t)rnd((unsigned)o->size + 8); break;
	default: size = (socklen_t)o->size; break;
	}
	/* the buffer as a program fills it: zeroed, or left as it was, with the
	 * address to ask about where the option has one */
	struct cbuf b, sb;
	size_t alloc = size > o->size ? size : o->size;
	bool exact = chance(70);
	if (exact) alloc = size;
	unsigned char *arg = cb_new(&b, alloc);
	int fill = rnd(3);
	if (fill) memset(arg, 0, alloc);
	if (fill == 2 && o->addr_off >= 0 && (size_t)o->addr_off + sizeof(struct sockaddr_in6) <= alloc) {
		make_addr(arg + o->addr_off, w->fam == AF_INET6 ? 0 : 1, w->fam == AF_INET6, (uint16_t)port_base);
	}
	socklen_t *sp = cb_new(&sb, sizeof(socklen_t));
	*sp = size;
	args("opt=%s socket=%s id=%s size=%u buffer=%zu fill=%s", o->name, sdesc, iddesc, size, alloc,
	     fill == 0 ? "random" : fill == 1 ? "zero" : "address");
	errno = 0;
	int r = lib->opt_info(fd, id, o->opt, arg, sp);
	result_errno(r);
	struct opt_ctx ctx = {o, r};
	cb_dump("arg", &b, norm_option, &ctx);
	cb_dump("size", &sb, NULL, NULL);
	cb_free(&b);
	cb_free(&sb);
	emit("sctp_opt_info");
}

static void op_bindx(struct world *w)
{
	unsigned char list[8 * sizeof(struct sockaddr_in6)];
	char desc[512] = "";
	int count = rnd(4);
	int first = w->fam == AF_INET6 && chance(40) ? 0 : 1 + rnd(4);
	uint16_t port = chance(70) ? (uint16_t)(port_base + 1) : chance(50) ? 0 : (uint16_t)(port_base + 7);
	if (count) packed_list(w, list, count, first, port, false, desc, sizeof desc);
	int flags = chance(50) ? SCTP_BINDX_ADD_ADDR : SCTP_BINDX_REM_ADDR;
	bool on_fresh = chance(30);
	int fd = w->L;
	if (on_fresh) {
		/* a socket of its own, not connected, first bound to 127.0.0.1 (or ::1) */
		fd = socket(w->fam, chance(50) ? SOCK_STREAM : SOCK_SEQPACKET, IPPROTO_SCTP);
		sock_defaults(fd);
		unsigned char a[sizeof(struct sockaddr_in6)];
		size_t n = make_addr(a, w->fam == AF_INET6 ? 0 : 1, w->fam == AF_INET6, (uint16_t)(port_base + 2));
		if (chance(80)) (void)bind(fd, (struct sockaddr *)a, (socklen_t)n);
		if (w->nextra < 8) w->extra_fds[w->nextra++] = fd;
		if (port == port_base + 1) port = (uint16_t)(port_base + 2);
		if (count) packed_list(w, list, count, first, port, false, desc, sizeof desc);
	}
	args("socket=%s count=%d addrs=%s flags=%s", on_fresh ? "fresh" : "L", count, desc,
	     flags == SCTP_BINDX_ADD_ADDR ? "ADD" : "REM");
	errno = 0;
	int r = lib->bindx(fd, count ? (struct sockaddr *)list : (struct sockaddr *)list, count, flags);
	result_errno(r);
	emit("sctp_bindx");
	if (on_fresh && r == 0) {
		/* what it is bound to now, raw */
		op_getaddrs(w, false);
	}
}

static void op_connectx(struct world *w)
{
	/* a further connect: on a one-to-many socket to an address with no
	 * listener (port P5: an ABORT comes back), or to the peer again */
	unsigned char list[8 * sizeof(struct sockaddr_in6)];
	char desc[512] = "";
	int count = 1 + rnd(3);
	uint16_t port = chance(50) ? (uint16_t)(port_base + 5) : (uint16_t)port_base;
	/* first a host of L's family (its INIT-ACK or ABORT has an address of
	 * L's to come to) */
	packed_list(w, list, count, w->lhost == 0 ? 0 : 1 + rnd(3), port, false, desc, sizeof desc);
	int version = 1 + rnd(3);
	struct cbuf idb;
	sctp_assoc_t *id = cb_new(&idb, sizeof(sctp_assoc_t));
	bool nonblocking = chance(50);
	args("VERS_%d count=%d addrs=%s%s", version, count, desc, nonblocking ? " O_NONBLOCK" : "");
	if (nonblocking) set_blocking(w->L, false);
	errno = 0;
	int r = version == 1 ? lib->connectx1(w->L, (struct sockaddr *)list, count)
		: version == 2 ? lib->connectx2(w->L, (struct sockaddr *)list, count, id)
			       : lib->connectx3(w->L, (struct sockaddr *)list, count, id);
	/* the kernel's id of an association that may be gone already, before
	 * those learnt from the sockets (the peer's side's may be there or not) */
	if (version > 1 && (r >= 0 || errno == EINPROGRESS)) learn_id((uint32_t)*id);
	result_errno(r);
	if (version > 1) cb_dump("id", &idb, norm_assoc_buf, NULL);
	cb_free(&idb);
	emit("sctp_connectx");
	if (nonblocking) set_blocking(w->L, true);
	/* the new association up, or refused, before the next call */
	wait_settled(w->L, w->lstyle);
}

static void op_peeloff(struct world *w)
{
	bool peer_side = chance(50);
	int fd = peer_side ? w->R : w->L;
	char iddesc[32];
	sctp_assoc_t id = pick_id(w, iddesc, sizeof iddesc);
	if (peer_side && strcmp(iddesc, "own") == 0) id = w->rid;
	else if (peer_side && strcmp(iddesc, "peer's") == 0) id = w->lid;
	args("socket=%s id=%s", peer_side ? "peer-listener" : "L", iddesc);
	errno = 0;
	int r = lib->peeloff(fd, id);
	res("ret=%s", r >= 0 ? "fd" : "-1");
	if (r < 0) res("errno=%s", strerrorname_np(errno));
	emit("sctp_peeloff");
	if (r >= 0) {
		sock_defaults(r);
		if (peer_side && w->RA < 0) {
			w->RA = r;
		} else if (w->peeled < 0) {
			w->peeled = r;
		} else if (w->nextra < 8) {
			w->extra_fds[w->nextra++] = r;
		} else {
			close(r);
		}
	}
}

/* The peer ends the association: SHUTDOWN (graceful) or ABORT. */
static void op_peer_end(struct world *w)
{
	bool abort_it = chance(50);
	int fd = w->RA >= 0 ? w->RA : w->R;
	bool done;
	if (w->RA >= 0 && w->rstyle == SOCK_STREAM) {
		if (abort_it) {
			struct linger lg = {1, 0};
			setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
			done = close(fd) == 0;
			w->RA = socket(AF_INET, SOCK_DGRAM, 0); /* keeps the slot's number valid */
		} else {
			done = shutdown(fd, SHUT_WR) == 0;
		}
	} else {
		struct sctp_sndinfo si = {0};
		si.snd_flags = abort_it ? SCTP_ABORT : SCTP_EOF;
		done = peer_sendmsg(w, NULL, 0, si, MSG_NOSIGNAL);
	}
	/* the ending run its course on L's side (or the peeled-off socket's) */
	if (done) {
		wait_gone(w->L, w->lid);
		if (w->peeled >= 0) wait_gone(w->peeled, 0);
	}
	args("%s", abort_it ? "ABORT" : "SHUTDOWN");
	res("done");
	emit("peer-end");
}

static void run_sequence(uint64_t seed)
{
	rng_state = sequence_seed = seed;
	heap_suspect = false;
	cur_world = NULL;
	clock_gettime(CLOCK_MONOTONIC, &op_start);
	nids = ntsn = 0;
	dprintf(trace_fd, "SEQ %" PRIu64 "\n", seed);
	struct world w;
	memset(&w, 0, sizeof w);
	w.L = w.R = w.RA = w.peeled = -1;
	cur_world = &w;
	w.fam = chance(50) ? AF_INET : AF_INET6;
	w.lstyle = chance(50) ? SOCK_STREAM : SOCK_SEQPACKET;
	w.rstyle = chance(50) ? SOCK_STREAM : SOCK_SEQPACKET;
	args("family=%s L=%s peer=%s", w.fam == AF_INET ? "inet" : "inet6", w.lstyle == SOCK_STREAM ? "1to1" : "1toM",
	     w.rstyle == SOCK_STREAM ? "1to1" : "1toM");
	emit("world");
	world_setup(&w);
	int ops = 2 + rnd(5);
	bool ended = false;
	for (int i = 0; i < ops; i++) {
		unsigned k = rnd(100);
		if (k < 14) op_sendmsg(&w);
		else if (k < 24) op_send(&w);
		else if (k < 40) op_sendv(&w);
		else if (k < 52) op_recvmsg(&w);
		else if (k < 66) op_recvv(&w);
		else if (k < 72) op_getaddrs(&w, true);
		else if (k < 77) op_getaddrs(&w, false);
		else if (k < 85) op_opt_info(&w);
		else if (k < 89) op_bindx(&w);
		else if (k < 91) op_connectx(&w);
		else if (k < 95) op_peeloff(&w);
		else if (!ended) {
			op_peer_end(&w);
			ended = true;
		}
	}
	world_close(&w);
	cur_world = NULL;
	dprintf(trace_fd, "END\n");
}

/* --- running the libraries and comparing ---------------------------------------- */

#define MAX_LIBS 4

static struct library libs[MAX_LIBS];
static int nlibs;

/* A worker loads its library once and runs its sequences in a child it
 * forks, which tells it (in shared memory) which sequence it is on: a
 * library that crashes or hangs (60 s) ends that sequence only, traced as
 * such, and a new child goes on from the next one. */
static void worker(int li, int job, int jobs, uint64_t seed, uint64_t count, const char *path)
{
	lib = &libs[li];
	load(&libs[li]);
	trace_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
	if (trace_fd < 0) {
		perror(path);
		exit(2);
	}
	volatile uint64_t *current = mmap(NULL, sizeof *current, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (current == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	unsigned slot = (unsigned)(li * jobs + job);
	uint64_t next = (uint64_t)job;
	while (next < count) {
		*current = next;
		pid_t p = fork();
		if (p == 0) {
			for (uint64_t i = next; i < count; i += (uint64_t)jobs) {
				*current = i;
				alarm(60);
				/* below the kernel's ephemeral ports (32768 on) */
				port_base = 10000u + slot * 640u + (unsigned)((i / (uint64_t)jobs) % 80u) * 8u;
				run_sequence(seed + i);
				if (heap_suspect) {
					/* the next sequence in a new child: a heap block
					 * 1.0.19 overran (sendv-spa-overflow) would abort
					 * a later sequence's call, not this one's */
					*current = i + (uint64_t)jobs;
					_exit(3);
				}
			}
			*current = count;
			_exit(0);
		}
		int st = 0;
		while (waitpid(p, &st, 0) < 0 && errno == EINTR) {
		}
		if (WIFEXITED(st) && WEXITSTATUS(st) == 0) break;
		if (WIFEXITED(st) && WEXITSTATUS(st) == 3) {
			next = *current;
			continue;
		}
		if (WIFSIGNALED(st))
			dprintf(trace_fd, "crash\t\tsignal=%s\nEND\n",
				sigabbrev_np(WTERMSIG(st)) ? sigabbrev_np(WTERMSIG(st)) : "?");
		else
			dprintf(trace_fd, "crash\t\texit=%d\nEND\n", WEXITSTATUS(st));
		next = *current + (uint64_t)jobs;
	}
	close(trace_fd);
	_exit(0);
}

int main(int argc, char **argv)
{
	uint64_t seed = (uint64_t)time(NULL), count = 1000;
	int jobs = 2;
	const char *dir = NULL;
	bool show = false;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seed") && i + 1 < argc) seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--count") && i + 1 < argc) count = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--jobs") && i + 1 < argc) jobs = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--trace-dir") && i + 1 < argc) dir = argv[++i];
		else if (!strcmp(argv[i], "--show-diffs")) show = true;
		else if (!strcmp(argv[i], "--check-rows") && i + 1 < argc) return check_rows(argv[i + 1]);
		else if (strchr(argv[i], '=') && nlibs < MAX_LIBS) {
			char *eq = strchr(argv[i], '=');
			*eq = 0;
			libs[nlibs].name = argv[i];
			libs[nlibs].path = eq + 1;
			nlibs++;
		} else {
			fprintf(stderr, "usage: differential [--seed S] [--count N] [--jobs J] [--trace-dir D] [--show-diffs] "
					"NAME=LIBRARY...\n");
			return 2;
		}
	}
	if (nlibs < 2 || jobs < 1 || jobs > MAX_JOBS) {
		fprintf(stderr, "differential: two to four NAME=LIBRARY, --jobs 1 to %d\n", MAX_JOBS);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	profile = getenv("DIFFERENTIAL_PROFILE") != NULL;
	char tmpdir[] = "/tmp/differential.XXXXXX";
	if (dir != NULL) (void)mkdir(dir, 0755);
	if (dir == NULL) dir = mkdtemp(tmpdir);
	if (dir == NULL) {
		perror("mkdtemp");
		return 2;
	}
	printf("# differential: seed %" PRIu64 " count %" PRIu64 " (replay: make check-differential SEED=%" PRIu64
	       " COUNT=%" PRIu64 ")\n",
	       seed, count, seed, count);
	for (int i = 0; i < nlibs; i++) printf("# %s: %s\n", libs[i].name, libs[i].path);
	fflush(stdout);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	char paths[MAX_LIBS][MAX_JOBS][512];
	pid_t pids[MAX_LIBS * MAX_JOBS];
	int np = 0;
	for (int li = 0; li < nlibs; li++)
		for (int j = 0; j < jobs; j++) {
			snprintf(paths[li][j], sizeof paths[li][j], "%s/%s.%d.trace", dir, libs[li].name, j);
			pid_t p = fork();
			if (p == 0) worker(li, j, jobs, seed, count, paths[li][j]);
			pids[np++] = p;
		}
	int bad = 0;
	for (int i = 0; i < np; i++) {
		int st;
		waitpid(pids[i], &st, 0);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			printf("# a worker ended abnormally (status %#x)\n", st);
			bad++;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("# sequences run in %.1f s\n", (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	const char *names[MAX_LIBS];
	for (int i = 0; i < nlibs; i++) names[i] = libs[i].name;
	return compare_traces(names, nlibs, paths, jobs, count, seed, show, bad);
}
