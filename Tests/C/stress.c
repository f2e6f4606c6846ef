/* Concurrency and load on a real SCTP kernel: the send and receive calls
 * (sctp_sendmsg, sctp_sendv, sctp_recvmsg, sctp_recvv) and sctp_peeloff used
 * by many threads at once, each message numbered, of a random size and on a
 * random stream, and checked on arrival:
 *
 * - exactly once: a message arrives where its sequence number is the next one
 *   expected for its (sender thread, destination, stream), or, where several
 *   threads receive from one socket, once in a shared table of what has
 *   arrived; at the end every message sent has arrived;
 * - intact: whole (MSG_EOR, the length its header says), the checksum in its
 *   header right, every byte the one its seeded generator makes;
 * - in order per stream: what SCTP guarantees, order on each stream of each
 *   association as the messages were queued, seen through each receiving
 *   thread (its stream sequence numbers only grow);
 * - on the stream, with the payload protocol id and on the association the
 *   receive call reports (sinfo_* of SCTP_SNDRCV, rcv_* of SCTP_RCVINFO);
 * - with errno per thread: every thread makes calls that fail on purpose,
 *   each with its own errno, while the others are busy, and sees its own.
 *
 * Threads cannot end a Criterion test: they record the first failure (see
 * CHECK) and stop, and the test's own thread asserts that there was none.
 * Seeds are fixed; every wait is bounded; no timing decides a test.
 *
 * SCTP_STRESS_REPORT=1 in the environment prints what each test moved.
 */
#include "sctp_test.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <sys/uio.h>

/* Streams every association opens (SCTP_INITMSG) and the messages use. */
#define STREAMS 8
/* The largest payload: a message is up to two pages. */
#define MAX_PAYLOAD 8160
/* Receive buffers hold far more than any message, so that none is cut. */
#define RECEIVE_CAPACITY 65536
/* How long a thread waits for the next thing to happen before it fails. */
#define IDLE_LIMIT_MS 20000
#define POLL_MS 100
/* How long a receiver waits for more once every message has been sent. */
#define SETTLE_MS 5000

/* --- the first failure of any thread ----------------------------------------- */

static struct {
	pthread_mutex_t lock;
	atomic_bool failed;
	char message[1024];
} failure = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void record_failure(int line, const char *format, ...) __attribute__((format(printf, 2, 3)));

static void record_failure(int line, const char *format, ...)
{
	pthread_mutex_lock(&failure.lock);
	if (!atomic_load(&failure.failed)) {
		int used = snprintf(failure.message, sizeof failure.message, "stress.c:%d: ", line);
		va_list args;
		va_start(args, format);
		vsnprintf(failure.message + used, sizeof failure.message - (size_t)used, format, args);
		va_end(args);
		atomic_store(&failure.failed, true);
	}
	pthread_mutex_unlock(&failure.lock);
}

/* In a thread's function that returns bool: records the failure, returns false. */
#define CHECK(condition, ...)                                      \
	do {                                                       \
		if (!(condition)) {                                \
			record_failure(__LINE__, __VA_ARGS__);     \
			return false;                              \
		}                                                  \
	} while (0)

static bool stopping(void)
{
	return atomic_load(&failure.failed);
}

static void assert_no_thread_failed(void)
{
	cr_assert_not(atomic_load(&failure.failed), "%s", failure.message);
}

static void start_thread(pthread_t *thread, void *(*body)(void *), void *argument)
{
	cr_assert_eq(pthread_create(thread, NULL, body, argument), 0, "pthread_create failed");
}

/* Counts one more POLL_MS round in which nothing happened (`idle`, reset by
 * the caller when something does); fails after IDLE_LIMIT_MS of them. */
static bool still_idle_within_limit(int *idle, const char *what)
{
	CHECK(++*idle * POLL_MS < IDLE_LIMIT_MS, "%s: nothing happened for %d ms", what, IDLE_LIMIT_MS);
	return true;
}

/* --- deterministic randomness and messages ------------------------------------ */

static uint32_t next_random(uint32_t *state)
{
	uint32_t x = *state;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *state = x;
}

static uint32_t random_below(uint32_t *state, uint32_t bound)
{
	return next_random(state) % bound;
}

/* A payload length: many small ones, many of a few hundred bytes to two KB,
 * and a third above 2 KB, some above a page. */
static size_t random_payload_length(uint32_t *state)
{
	uint32_t kind = random_below(state, 10);
	if (kind < 3)
		return random_below(state, 64);
	if (kind < 7)
		return 64 + random_below(state, 1984);
	return 2048 + random_below(state, MAX_PAYLOAD - 2048 + 1);
}

/* What every message starts with. `route` is the destination of the
 * message among the sender's (an association index); `sequence` counts the
 * sender's messages to that route on that stream, from 0. */
struct stress_header {
	uint32_t magic;
	uint16_t sender, stream;
	uint32_t route, sequence;
	uint32_t length; /* of the whole message, header included */
	uint32_t ppid;   /* the payload protocol id it was sent with */
	uint32_t checksum; /* FNV-1a of the payload */
};

#define STRESS_MAGIC 0x53545253u

static uint32_t payload_seed(uint16_t sender, uint32_t route, uint16_t stream, uint32_t sequence)
{
	uint32_t seed = 2166136261u;
	uint32_t parts[4] = { sender, route, stream, sequence };
	for (int i = 0; i < 4; i++)
		seed = (seed ^ parts[i]) * 16777619u;
	return seed | 1; /* xorshift needs a state other than 0 */
}

static void fill_payload(unsigned char *payload, size_t length, uint32_t seed)
{
	for (size_t i = 0; i < length; i++) {
		if (i % 4 == 0)
			next_random(&seed);
		payload[i] = (unsigned char)(seed >> (8 * (i % 4)));
	}
}

static uint32_t checksum_of(const unsigned char *bytes, size_t length)
{
	uint32_t hash = 2166136261u;
	for (size_t i = 0; i < length; i++)
		hash = (hash ^ bytes[i]) * 16777619u;
	return hash;
}

static uint32_t ppid_of(uint16_t sender, uint32_t route, uint16_t stream, uint32_t sequence)
{
	return ((uint32_t)sender << 24) ^ (route << 20) ^ ((uint32_t)stream << 16) ^ sequence;
}

/* A message of `payload_length` random bytes after its header, in `out`
 * (room for sizeof header + MAX_PAYLOAD); returns its length. */
static size_t build_message(unsigned char *out, uint16_t sender, uint32_t route, uint16_t stream, uint32_t sequence,
			    size_t payload_length)
{
	struct stress_header h = {
		.magic = STRESS_MAGIC,
		.sender = sender,
		.stream = stream,
		.route = route,
		.sequence = sequence,
		.length = (uint32_t)(sizeof h + payload_length),
		.ppid = ppid_of(sender, route, stream, sequence),
	};
	unsigned char *payload = out + sizeof h;
	fill_payload(payload, payload_length, payload_seed(sender, route, stream, sequence));
	h.checksum = checksum_of(payload, payload_length);
	memcpy(out, &h, sizeof h);
	return h.length;
}

/* --- receiving ----------------------------------------------------------------- */

enum receive_call { WITH_RECVMSG, WITH_RECVV };

static const char *receive_call_name(enum receive_call call)
{
	return call == WITH_RECVMSG ? "sctp_recvmsg" : "sctp_recvv";
}

/* What a receive call got and reported of one message. */
struct delivery {
	ssize_t length;
	int flags;
	uint16_t stream, ssn;
	uint32_t ppid;
	sctp_assoc_t assoc;
};

/* Sets up `fd` for `call`: SCTP_SNDRCV (sctp_data_io_event) for
 * sctp_recvmsg, SCTP_RCVINFO for sctp_recvv, never both on one socket, and no
 * other event. */
static void receive_with(int fd, enum receive_call call)
{
	subscribe_events(fd, call == WITH_RECVMSG, false, false, false);
	if (call == WITH_RECVV)
		sctp_test_enable(fd, SCTP_RECVRCVINFO);
}

/* The same from a thread, where the test cannot be failed directly. */
static bool receive_with_from_a_thread(int fd, enum receive_call call)
{
	struct sctp_event_subscribe events;
	memset(&events, 0, sizeof events);
	events.sctp_data_io_event = call == WITH_RECVMSG;
	CHECK(setsockopt(fd, SOL_SCTP, SCTP_EVENTS, &events, sizeof events) == 0, "SCTP_EVENTS: %s", strerror(errno));
	int on = call == WITH_RECVV;
	CHECK(setsockopt(fd, SOL_SCTP, SCTP_RECVRCVINFO, &on, sizeof on) == 0, "SCTP_RECVRCVINFO: %s",
	      strerror(errno));
	return true;
}

static void set_nonblocking(int fd)
{
	int flags = fcntl(fd, F_GETFL);
	cr_assert_geq(flags, 0);
	cr_assert_eq(fcntl(fd, F_SETFL, flags | O_NONBLOCK), 0);
}

enum received { RECEIVED_NOTHING, RECEIVED_MESSAGE, RECEIVED_FAILURE };

/* One receive with `call` on nonblocking `fd` into `buffer`
 * (RECEIVE_CAPACITY bytes): a message, with what the call reported of it in
 * *d, or nothing, when nothing was queued (errno then EAGAIN, exactly).
 * Notifications are skipped (none is subscribed to). */
static enum received receive_message(int fd, enum receive_call call, unsigned char *buffer, struct delivery *d)
{
	for (;;) {
		memset(d, 0, sizeof *d);
		struct sockaddr_storage from;
		socklen_t fromlen = sizeof from;
		int flags = 0;
		errno = 0;
		if (call == WITH_RECVMSG) {
			struct sctp_sndrcvinfo sinfo;
			memset(&sinfo, 0xa5, sizeof sinfo);
			d->length = sctp_recvmsg(fd, buffer, RECEIVE_CAPACITY, (struct sockaddr *)&from, &fromlen,
						 &sinfo, &flags);
			d->stream = sinfo.sinfo_stream;
			d->ssn = sinfo.sinfo_ssn;
			d->ppid = sinfo.sinfo_ppid;
			d->assoc = sinfo.sinfo_assoc_id;
		} else {
			/* Scattered over two buffers, cut at an odd place. */
			struct iovec parts[2] = { { buffer, 13 }, { buffer + 13, RECEIVE_CAPACITY - 13 } };
			struct sctp_rcvinfo info;
			memset(&info, 0xa5, sizeof info);
			socklen_t infolen = sizeof info;
			unsigned int infotype = 0x7777;
			d->length = sctp_recvv(fd, parts, 2, (struct sockaddr *)&from, &fromlen, &info, &infolen,
					       &infotype, &flags);
			if (d->length >= 0 && !(flags & MSG_NOTIFICATION))
				CHECK(infotype == SCTP_RECVV_RCVINFO && infolen == sizeof info,
				      "sctp_recvv: *infotype %u, *infolen %u, expected SCTP_RECVV_RCVINFO", infotype,
				      (unsigned)infolen);
			d->stream = info.rcv_sid;
			d->ssn = info.rcv_ssn;
			d->ppid = info.rcv_ppid;
			d->assoc = info.rcv_assoc_id;
		}
		int error = errno;
		if (d->length < 0) {
			CHECK(error == EAGAIN, "%s on fd %d: %s, expected a message or EAGAIN", receive_call_name(call),
			      fd, strerror(error));
			return RECEIVED_NOTHING;
		}
		d->flags = flags;
		if (flags & MSG_NOTIFICATION)
			continue;
		CHECK(fromlen > 0 && (from.ss_family == AF_INET || from.ss_family == AF_INET6),
		      "%s: the sender's address has length %u, family %u", receive_call_name(call), (unsigned)fromlen,
		      from.ss_family);
		return RECEIVED_MESSAGE;
	}
}

/* Checks that a delivered message is whole and intact and that the receive
 * call reported the stream and ppid its header names; its header is put in
 * *h. */
static bool verify_message(const unsigned char *buffer, const struct delivery *d, enum receive_call call,
			   struct stress_header *h, unsigned char *scratch)
{
	const char *name = receive_call_name(call);
	CHECK(d->flags & MSG_EOR, "%s: %zd bytes without MSG_EOR (flags %#x): a message cut", name, d->length,
	      d->flags);
	CHECK(d->length >= (ssize_t)sizeof *h, "%s: a message of %zd bytes, shorter than its header", name, d->length);
	memcpy(h, buffer, sizeof *h);
	CHECK(h->magic == STRESS_MAGIC, "%s: a message of %zd bytes without the magic number", name, d->length);
	CHECK(h->length == (uint32_t)d->length, "%s: sender %u stream %u message %u: %zd bytes, it was %u", name,
	      h->sender, h->stream, h->sequence, d->length, h->length);
	CHECK(h->stream < STREAMS, "%s: stream %u in a header", name, h->stream);
	const unsigned char *payload = buffer + sizeof *h;
	size_t payload_length = (size_t)d->length - sizeof *h;
	CHECK(checksum_of(payload, payload_length) == h->checksum,
	      "%s: sender %u route %u stream %u message %u: the payload's checksum is wrong", name, h->sender,
	      h->route, h->stream, h->sequence);
	fill_payload(scratch, payload_length, payload_seed(h->sender, h->route, h->stream, h->sequence));
	CHECK(memcmp(payload, scratch, payload_length) == 0,
	      "%s: sender %u route %u stream %u message %u: other bytes than sent", name, h->sender, h->route,
	      h->stream, h->sequence);
	CHECK(h->ppid == ppid_of(h->sender, h->route, h->stream, h->sequence),
	      "%s: sender %u message %u: the header's ppid is not the one sent", name, h->sender, h->sequence);
	CHECK(d->stream == h->stream, "%s: sender %u message %u of stream %u reported on stream %u", name, h->sender,
	      h->sequence, h->stream, d->stream);
	CHECK(d->ppid == h->ppid, "%s: sender %u message %u sent with ppid %#x reported with %#x", name, h->sender,
	      h->sequence, h->ppid, d->ppid);
	return true;
}

/* --- sending ------------------------------------------------------------------- */

/* Where a thread sends: `fd`, and on a one-to-many socket the address of
 * the peer and the id of the association to it. */
struct destination {
	int fd;
	bool one_to_many;
	struct address to;
	sctp_assoc_t assoc;
};

enum send_call { WITH_SENDMSG, WITH_SENDV_SNDINFO, WITH_SENDV_SPA_TO_ADDRESS, SEND_CALLS };

static const char *send_call_name(enum send_call call)
{
	static const char *const names[SEND_CALLS] = { "sctp_sendmsg", "sctp_sendv (SNDINFO)",
						       "sctp_sendv (SPA, to the address)" };
	return names[call];
}

/* One message of `length` bytes at `message` to `d` on `stream` with
 * `ppid`: sctp_sendmsg (to the address on a one-to-many socket), sctp_sendv
 * with an sctp_sndinfo naming the association, or sctp_sendv to the peer's
 * address with an sctp_sendv_spa; the two sctp_sendv gather the header and
 * the payload from two buffers. Returns what the call returned, errno as it
 * left it. */
static int send_message(const struct destination *d, enum send_call call, const unsigned char *message,
			size_t length, uint16_t stream, uint32_t ppid)
{
	struct iovec parts[2] = { { (void *)message, sizeof(struct stress_header) },
				  { (void *)(message + sizeof(struct stress_header)),
				    length - sizeof(struct stress_header) } };
	switch (call) {
	case WITH_SENDMSG: {
		struct sockaddr *to = d->one_to_many ? (struct sockaddr *)&d->to.ss : NULL;
		return sctp_sendmsg(d->fd, message, length, to, d->one_to_many ? d->to.len : 0, ppid, 0, stream, 0, 0);
	}
	case WITH_SENDV_SNDINFO: {
		struct sctp_sndinfo info;
		memset(&info, 0, sizeof info);
		info.snd_sid = stream;
		info.snd_ppid = ppid;
		info.snd_assoc_id = d->one_to_many ? d->assoc : 0;
		return sctp_sendv(d->fd, parts, 2, NULL, 0, &info, sizeof info, SCTP_SENDV_SNDINFO, 0);
	}
	default: {
		struct sctp_sendv_spa spa;
		memset(&spa, 0, sizeof spa);
		spa.sendv_flags = SCTP_SEND_SNDINFO_VALID;
		spa.sendv_sndinfo.snd_sid = stream;
		spa.sendv_sndinfo.snd_ppid = ppid;
		return sctp_sendv(d->fd, parts, 2, (struct sockaddr *)&d->to.ss, 1, &spa, sizeof spa, SCTP_SENDV_SPA,
				  0);
	}
	}
}

/* Sends, blocking, `sender`'s next message to `route` at `d`: on a random
 * stream, of a random size, with a random one of the send calls; `sent`
 * counts the messages sent on each stream, and `buffer` has room for the
 * largest message. */
static bool send_random_message(const struct destination *d, uint16_t sender, uint32_t route, uint32_t *sent,
				uint32_t *random, unsigned char *buffer)
{
	uint16_t stream = (uint16_t)random_below(random, STREAMS);
	enum send_call call = (enum send_call)random_below(random, SEND_CALLS);
	size_t length = build_message(buffer, sender, route, stream, sent[stream], random_payload_length(random));
	errno = 0;
	int rc = send_message(d, call, buffer, length, stream, ppid_of(sender, route, stream, sent[stream]));
	int error = errno;
	CHECK(rc == (int)length, "sender %u: %s of %zu bytes to route %u returned %d (%s)", sender,
	      send_call_name(call), length, route, rc, strerror(error));
	sent[stream]++;
	return true;
}

/* --- errno, per thread ----------------------------------------------------------- */

/* What the failing calls use: a nonblocking one-to-many socket with no
 * association, and a file. Each thread has its own. */
struct probe_context {
	int idle;
	int file;
};

static void probe_context_open(struct probe_context *c, int family)
{
	c->idle = sctp_test_socket(family, SOCK_SEQPACKET);
	set_nonblocking(c->idle);
	c->file = sctp_test_file_descriptor();
}

static void probe_context_close(struct probe_context *c)
{
	close(c->idle);
	close(c->file);
}

static int probe_bindx_with_flags_neither_add_nor_remove(const struct probe_context *c)
{
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sctp_bindx(c->idle, (struct sockaddr *)&a, 1, 0);
}

static int probe_sendmsg_on_a_bad_descriptor(const struct probe_context *c)
{
	(void)c;
	return sctp_sendmsg(-1, "x", 1, NULL, 0, 0, 0, 0, 0, 0);
}

static int probe_recvmsg_with_nothing_queued(const struct probe_context *c)
{
	char byte;
	struct sctp_sndrcvinfo sinfo;
	int flags = 0;
	return sctp_recvmsg(c->idle, &byte, 1, NULL, NULL, &sinfo, &flags);
}

static int probe_recvv_on_a_file(const struct probe_context *c)
{
	char byte;
	struct iovec v = { &byte, 1 };
	int flags = 0;
	return sctp_recvv(c->file, &v, 1, NULL, NULL, NULL, NULL, NULL, &flags);
}

static int probe_sendv_without_an_association(const struct probe_context *c)
{
	/* SIGPIPE is ignored by the tests: lksctp drops MSG_NOSIGNAL. */
	struct iovec v = { "x", 1 };
	return sctp_sendv(c->idle, &v, 1, NULL, 0, NULL, 0, SCTP_SENDV_NOINFO, MSG_NOSIGNAL);
}

static const struct errno_probe {
	const char *name;
	int (*call)(const struct probe_context *);
	int expected;
} errno_probes[] = {
	{ "sctp_bindx with flags 0", probe_bindx_with_flags_neither_add_nor_remove, EINVAL },
	{ "sctp_sendmsg on descriptor -1", probe_sendmsg_on_a_bad_descriptor, EBADF },
	{ "sctp_recvmsg on an empty nonblocking socket", probe_recvmsg_with_nothing_queued, EAGAIN },
	{ "sctp_recvv on a file", probe_recvv_on_a_file, ENOTSOCK },
	{ "sctp_sendv on a one-to-many socket without an association", probe_sendv_without_an_association, EPIPE },
};

#define ERRNO_PROBES (sizeof errno_probes / sizeof errno_probes[0])

/* Makes failing call number `index` (threads start at different ones, so
 * that at any moment they expect different errnos), checks its errno, lets
 * the other threads run, and checks that errno is still this thread's. */
static bool probe_errno(const struct probe_context *c, unsigned index, atomic_uint *count)
{
	const struct errno_probe *p = &errno_probes[index % ERRNO_PROBES];
	errno = 0;
	int rc = p->call(c);
	int error = errno;
	CHECK(rc == -1 && error == p->expected, "%s returned %d, errno %d (%s), expected -1 with %s", p->name, rc,
	      error, strerror(error), strerror(p->expected));
	sched_yield();
	sched_yield();
	error = errno;
	CHECK(error == p->expected, "after %s, errno went from %s to %s while other threads ran", p->name,
	      strerror(p->expected), strerror(error));
	atomic_fetch_add(count, 1);
	return true;
}

/* --- associations over the loopback --------------------------------------------- */

/* Asks for STREAMS outgoing streams on `fd` before it sets up an association. */
static void open_streams(int fd)
{
	struct sctp_initmsg init;
	memset(&init, 0, sizeof init);
	init.sinit_num_ostreams = STREAMS;
	init.sinit_max_instreams = STREAMS;
	cr_assert_eq(setsockopt(fd, SOL_SCTP, SCTP_INITMSG, &init, sizeof init), 0, "SCTP_INITMSG: %s",
		     strerror(errno));
}

static void assert_outgoing_streams(int fd, sctp_assoc_t assoc)
{
	struct sctp_status status;
	memset(&status, 0, sizeof status);
	status.sstat_assoc_id = assoc;
	socklen_t len = sizeof status;
	cr_assert_eq(getsockopt(fd, SOL_SCTP, SCTP_STATUS, &status, &len), 0, "SCTP_STATUS: %s", strerror(errno));
	cr_assert_eq(status.sstat_outstrms, STREAMS, "the association has %u outgoing streams, expected %d",
		     status.sstat_outstrms, STREAMS);
}

/* An association from a new `client_type` socket to a listener of
 * `server_type` on `ip`, with STREAMS streams; the listener is set up for
 * receiving with `call`. On a one-to-many server, *server is the listener;
 * on a one-to-one server, the accepted socket (the listener is closed). */
struct association {
	struct destination out; /* the client end */
	int server;
	sctp_assoc_t server_assoc;
};

static struct association open_association(int family, int client_type, int server_type, const char *ip,
					   enum receive_call call)
{
	struct association a;
	uint16_t port;
	int listener = sctp_test_listener(family, server_type, ip, &port);
	receive_with(listener, call);
	a.out.fd = sctp_test_socket(family, client_type);
	open_streams(a.out.fd);
	a.out.one_to_many = client_type == SOCK_SEQPACKET;
	a.out.to = address_of(ip, port);
	if (a.out.one_to_many) {
		a.out.assoc = connect_association(a.out.fd, ip, port);
	} else {
		connect_to(a.out.fd, ip, port);
		a.out.assoc = sctp_test_first_association(a.out.fd);
	}
	assert_outgoing_streams(a.out.fd, a.out.assoc);
	if (server_type == SOCK_STREAM) {
		a.server = accept_bounded(listener);
		close(listener);
	} else {
		a.server = listener;
	}
	a.server_assoc = sctp_test_first_association(a.server);
	return a;
}

static void close_association(struct association *a)
{
	close(a->out.fd);
	close(a->server);
}

static void report(const char *format, ...) __attribute__((format(printf, 1, 2)));

static void report(const char *format, ...)
{
	const char *value = getenv("SCTP_STRESS_REPORT");
	if (value == NULL || strcmp(value, "1") != 0)
		return;
	va_list args;
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
	fputc('\n', stderr);
}

/* What the threads of a test moved, for the report. */
struct totals {
	atomic_ulong sent, received, bytes;
	atomic_uint probes;
};

/* --- eight threads, each with its own associations -------------------------------- */

#define OWN_THREADS 8
#define OWN_ASSOCIATIONS 2  /* per thread: one to a one-to-one server, one to a one-to-many server */
#define OWN_MESSAGES 250    /* per association */

struct own_association {
	struct association a;
	enum receive_call call;
	uint32_t sent[STREAMS], received[STREAMS];
	unsigned messages_sent, messages_received;
};

struct own_worker {
	uint16_t index;
	uint32_t random;
	struct own_association assoc[OWN_ASSOCIATIONS];
	struct probe_context probes;
	struct totals *totals;
	pthread_barrier_t *start;
	unsigned char out[sizeof(struct stress_header) + MAX_PAYLOAD];
	unsigned char in[RECEIVE_CAPACITY];
	unsigned char scratch[RECEIVE_CAPACITY];
};

/* The message waiting to go out, kept while its send would block. */
struct pending_send {
	bool waiting;
	int route;
	uint16_t stream;
	enum send_call call;
	size_t length;
};

/* Receives what is queued on route `r` of `w` and checks each message: its
 * sequence number is the next on its stream, and so is its stream sequence
 * number (one sender per association), on the server's association. */
static bool own_receive_queued(struct own_worker *w, int r)
{
	struct own_association *o = &w->assoc[r];
	for (;;) {
		struct delivery d;
		enum received got = receive_message(o->a.server, o->call, w->in, &d);
		if (got == RECEIVED_FAILURE)
			return false;
		if (got == RECEIVED_NOTHING)
			return true;
		struct stress_header h;
		if (!verify_message(w->in, &d, o->call, &h, w->scratch))
			return false;
		CHECK(h.sender == w->index && h.route == (uint32_t)r,
		      "thread %u route %d got a message of thread %u route %u", w->index, r, h.sender, h.route);
		CHECK(h.sequence == o->received[h.stream],
		      "thread %u route %d stream %u: message %u arrived where %u was next", w->index, r, h.stream,
		      h.sequence, o->received[h.stream]);
		CHECK(d.ssn == (uint16_t)h.sequence, "thread %u route %d stream %u: message %u has stream sequence %u",
		      w->index, r, h.stream, h.sequence, d.ssn);
		CHECK(d.assoc == o->a.server_assoc, "thread %u route %d: reported on association %d, it is %d", w->index,
		      r, (int)d.assoc, (int)o->a.server_assoc);
		o->received[h.stream]++;
		o->messages_received++;
		atomic_fetch_add(&w->totals->received, 1);
		atomic_fetch_add(&w->totals->bytes, (unsigned long)d.length);
	}
}

/* Tries to send the pending message; it stays pending if the send would block. */
static bool own_try_send(struct own_worker *w, struct pending_send *p)
{
	struct own_association *o = &w->assoc[p->route];
	struct stress_header h;
	memcpy(&h, w->out, sizeof h);
	errno = 0;
	int rc = send_message(&o->a.out, p->call, w->out, p->length, p->stream, h.ppid);
	int error = errno;
	if (rc < 0 && error == EAGAIN)
		return true;
	CHECK(rc == (int)p->length, "thread %u route %d: %s of %zu bytes returned %d (%s)", w->index, p->route,
	      send_call_name(p->call), p->length, rc, strerror(error));
	p->waiting = false;
	o->sent[p->stream]++;
	o->messages_sent++;
	atomic_fetch_add(&w->totals->sent, 1);
	return true;
}

static bool own_run(struct own_worker *w)
{
	struct pending_send p = { .waiting = false };
	unsigned total = OWN_ASSOCIATIONS * OWN_MESSAGES, sent = 0, received = 0, probe = w->index;
	int idle = 0;
	while (received < total && !stopping()) {
		if (!p.waiting && sent < total) {
			do
				p.route = (int)random_below(&w->random, OWN_ASSOCIATIONS);
			while (w->assoc[p.route].messages_sent == OWN_MESSAGES);
			struct own_association *o = &w->assoc[p.route];
			p.stream = (uint16_t)random_below(&w->random, STREAMS);
			p.call = (enum send_call)random_below(&w->random, SEND_CALLS);
			p.length = build_message(w->out, w->index, (uint32_t)p.route, p.stream, o->sent[p.stream],
						 random_payload_length(&w->random));
			p.waiting = true;
			if (sent % 8 == 0 && !probe_errno(&w->probes, probe++, &w->totals->probes))
				return false;
		}
		unsigned before = received;
		if (p.waiting) {
			if (!own_try_send(w, &p))
				return false;
			if (!p.waiting)
				sent++;
		}
		received = 0;
		for (int r = 0; r < OWN_ASSOCIATIONS; r++) {
			if (!own_receive_queued(w, r))
				return false;
			received += w->assoc[r].messages_received;
		}
		if (received > before || (!p.waiting && sent < total)) {
			idle = 0;
			continue;
		}
		/* Blocked, or everything sent: wait for the peer or for room. */
		struct pollfd fds[OWN_ASSOCIATIONS + 1];
		int n = 0;
		for (int r = 0; r < OWN_ASSOCIATIONS; r++)
			fds[n++] = (struct pollfd){ .fd = w->assoc[r].a.server, .events = POLLIN };
		if (p.waiting)
			fds[n++] = (struct pollfd){ .fd = w->assoc[p.route].a.out.fd, .events = POLLOUT };
		if (poll(fds, (nfds_t)n, POLL_MS) == 0 && !still_idle_within_limit(&idle, "a thread with its own associations"))
			return false;
	}
	return true;
}

static void *own_thread(void *argument)
{
	struct own_worker *w = argument;
	pthread_barrier_wait(w->start);
	own_run(w);
	return NULL;
}

Test(stress_kernel, eight_threads_with_their_own_associations_each_message_arrives_once_intact_in_order_per_stream,
     .timeout = 120)
{
	signal(SIGPIPE, SIG_IGN);
	static struct own_worker workers[OWN_THREADS];
	struct totals totals;
	memset(&totals, 0, sizeof totals);
	pthread_barrier_t start;
	cr_assert_eq(pthread_barrier_init(&start, NULL, OWN_THREADS), 0);
	for (int t = 0; t < OWN_THREADS; t++) {
		struct own_worker *w = &workers[t];
		w->index = (uint16_t)t;
		w->random = 0x9e3779b9u ^ (uint32_t)(t * 7919 + 1);
		w->totals = &totals;
		w->start = &start;
		/* Both families, both styles of client and of server, both
		 * receive calls. */
		int family = t % 2 == 0 ? AF_INET : AF_INET6;
		const char *ip = family == AF_INET ? "127.0.0.1" : "::1";
		int client_type = (t / 2) % 2 == 0 ? SOCK_STREAM : SOCK_SEQPACKET;
		for (int r = 0; r < OWN_ASSOCIATIONS; r++) {
			struct own_association *o = &w->assoc[r];
			memset(o, 0, sizeof *o);
			o->call = (t / 4 + r) % 2 == 0 ? WITH_RECVMSG : WITH_RECVV;
			o->a = open_association(family, client_type, r == 0 ? SOCK_STREAM : SOCK_SEQPACKET, ip, o->call);
			set_nonblocking(o->a.out.fd);
			set_nonblocking(o->a.server);
		}
		probe_context_open(&w->probes, family);
	}
	pthread_t threads[OWN_THREADS];
	for (int t = 0; t < OWN_THREADS; t++)
		start_thread(&threads[t], own_thread, &workers[t]);
	for (int t = 0; t < OWN_THREADS; t++)
		pthread_join(threads[t], NULL);
	assert_no_thread_failed();

	for (int t = 0; t < OWN_THREADS; t++) {
		for (int r = 0; r < OWN_ASSOCIATIONS; r++) {
			struct own_association *o = &workers[t].assoc[r];
			cr_assert_eq(o->messages_sent, OWN_MESSAGES);
			for (int s = 0; s < STREAMS; s++)
				cr_assert_eq(o->received[s], o->sent[s],
					     "thread %d route %d stream %d: %u messages arrived of %u sent", t, r, s,
					     o->received[s], o->sent[s]);
			close_association(&o->a);
		}
		probe_context_close(&workers[t].probes);
	}
	unsigned long expected = OWN_THREADS * OWN_ASSOCIATIONS * OWN_MESSAGES;
	cr_assert_eq(atomic_load(&totals.sent), expected);
	cr_assert_eq(atomic_load(&totals.received), expected);
	cr_assert_geq(atomic_load(&totals.probes), expected / 8);
	report("stress: own associations: %d threads, %d associations, %lu messages sent, %lu received, %lu bytes, "
	       "%u failing calls with their errno",
	       OWN_THREADS, OWN_THREADS * OWN_ASSOCIATIONS, atomic_load(&totals.sent), atomic_load(&totals.received),
	       atomic_load(&totals.bytes), atomic_load(&totals.probes));
	pthread_barrier_destroy(&start);
}

/* --- threads sharing one one-to-many socket --------------------------------------- */

/* Four threads send on one one-to-many socket, each message to one of two
 * associations (to two one-to-many servers), and two threads receive from
 * each server socket. What SCTP guarantees: the messages of an association's
 * stream arrive in the order they were queued; a sender queues its own in
 * order, so each receiving thread sees every (sender, association, stream)'s
 * sequence numbers, and the association's stream sequence numbers, grow;
 * between them the two receivers of a socket get each message once. */
#define SHARED_SENDERS 4
#define SHARED_ROUTES 2
#define SHARED_RECEIVERS 2 /* per server socket */
#define SHARED_MESSAGES 500 /* per sender */
#define SHARED_KEYS (SHARED_SENDERS * SHARED_ROUTES * STREAMS)

struct shared_test {
	struct destination route[SHARED_ROUTES]; /* the shared socket, to each server */
	int server[SHARED_ROUTES];
	sctp_assoc_t server_assoc[SHARED_ROUTES];
	enum receive_call call[SHARED_ROUTES];
	atomic_uchar arrived[SHARED_KEYS][SHARED_MESSAGES];
	atomic_uint received[SHARED_ROUTES];
	atomic_uint expected[SHARED_ROUTES]; /* UINT32_MAX while the senders run */
	struct totals totals;
	pthread_barrier_t start;
};

static unsigned shared_key(unsigned sender, unsigned route, unsigned stream)
{
	return (sender * SHARED_ROUTES + route) * STREAMS + stream;
}

struct shared_sender {
	struct shared_test *test;
	uint16_t index;
	uint32_t random;
	struct probe_context probes;
	uint32_t sent[SHARED_ROUTES][STREAMS];
	unsigned sent_to[SHARED_ROUTES];
	unsigned char out[sizeof(struct stress_header) + MAX_PAYLOAD];
};

static bool shared_send(struct shared_sender *s)
{
	struct shared_test *t = s->test;
	for (unsigned i = 0; i < SHARED_MESSAGES && !stopping(); i++) {
		if (i % 8 == 0 && !probe_errno(&s->probes, s->index + i / 8, &t->totals.probes))
			return false;
		unsigned route = random_below(&s->random, SHARED_ROUTES);
		if (!send_random_message(&t->route[route], s->index, route, s->sent[route], &s->random, s->out))
			return false;
		s->sent_to[route]++;
		atomic_fetch_add(&t->totals.sent, 1);
	}
	return true;
}

static void *shared_sender_thread(void *argument)
{
	struct shared_sender *s = argument;
	pthread_barrier_wait(&s->test->start);
	shared_send(s);
	return NULL;
}

struct shared_receiver {
	struct shared_test *test;
	unsigned route;
	int64_t last[SHARED_KEYS]; /* the highest sequence number this thread got */
	int32_t last_ssn[STREAMS];
	unsigned char in[RECEIVE_CAPACITY];
	unsigned char scratch[RECEIVE_CAPACITY];
};

static bool shared_take(struct shared_receiver *r, const struct delivery *d)
{
	struct shared_test *t = r->test;
	struct stress_header h;
	if (!verify_message(r->in, d, t->call[r->route], &h, r->scratch))
		return false;
	CHECK(h.sender < SHARED_SENDERS && h.route == r->route && h.sequence < SHARED_MESSAGES,
	      "server %u got a message of sender %u, route %u, number %u", r->route, h.sender, h.route, h.sequence);
	CHECK(d->assoc == t->server_assoc[r->route], "server %u: reported on association %d, it is %d", r->route,
	      (int)d->assoc, (int)t->server_assoc[r->route]);
	unsigned key = shared_key(h.sender, h.route, h.stream);
	CHECK((int64_t)h.sequence > r->last[key],
	      "server %u: sender %u stream %u: message %u arrived after message %lld", r->route, h.sender, h.stream,
	      h.sequence, (long long)r->last[key]);
	CHECK(atomic_exchange(&t->arrived[key][h.sequence], 1) == 0,
	      "server %u: sender %u stream %u: message %u arrived twice", r->route, h.sender, h.stream, h.sequence);
	CHECK((int32_t)d->ssn > r->last_ssn[h.stream],
	      "server %u stream %u: stream sequence number %u arrived after %d", r->route, h.stream, d->ssn,
	      r->last_ssn[h.stream]);
	r->last[key] = h.sequence;
	r->last_ssn[h.stream] = d->ssn;
	atomic_fetch_add(&t->received[r->route], 1);
	atomic_fetch_add(&t->totals.received, 1);
	atomic_fetch_add(&t->totals.bytes, (unsigned long)d->length);
	return true;
}

static bool shared_receive(struct shared_receiver *r)
{
	struct shared_test *t = r->test;
	int fd = t->server[r->route];
	int idle = 0;
	while (!stopping()) {
		if (atomic_load(&t->received[r->route]) >= atomic_load(&t->expected[r->route]))
			return true;
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (poll(&p, 1, POLL_MS) == 0) {
			if (!still_idle_within_limit(&idle, "a receiver of a server socket"))
				return false;
			/* Everything sent, some of it not here and nothing
			 * coming: the test's own check names what is missing. */
			if (atomic_load(&t->expected[r->route]) != UINT32_MAX && idle * POLL_MS >= SETTLE_MS)
				return true;
			continue;
		}
		idle = 0;
		for (;;) {
			struct delivery d;
			enum received got = receive_message(fd, t->call[r->route], r->in, &d);
			if (got == RECEIVED_FAILURE)
				return false;
			if (got == RECEIVED_NOTHING)
				break;
			if (!shared_take(r, &d))
				return false;
		}
	}
	return false;
}

static void *shared_receiver_thread(void *argument)
{
	struct shared_receiver *r = argument;
	pthread_barrier_wait(&r->test->start);
	shared_receive(r);
	return NULL;
}

Test(stress_kernel,
     threads_sharing_a_one_to_many_socket_each_message_arrives_once_intact_in_order_per_sender_and_stream,
     .timeout = 120)
{
	signal(SIGPIPE, SIG_IGN);
	static struct shared_test t;
	static struct shared_sender senders[SHARED_SENDERS];
	static struct shared_receiver receivers[SHARED_ROUTES * SHARED_RECEIVERS];
	cr_assert_eq(pthread_barrier_init(&t.start, NULL, SHARED_SENDERS + SHARED_ROUTES * SHARED_RECEIVERS), 0);

	int shared = sctp_test_socket(AF_INET, SOCK_SEQPACKET);
	open_streams(shared);
	/* A send buffer of 512 KB, not the default ~200 KB: the senders still
	 * block now and then, but Linux wakes a thread blocked for room on a
	 * one-to-many socket hundreds of milliseconds late, which makes the
	 * default take several times as long for no more checked. */
	int send_buffer = 512 * 1024;
	cr_assert_eq(setsockopt(shared, SOL_SOCKET, SO_SNDBUF, &send_buffer, sizeof send_buffer), 0);
	for (int r = 0; r < SHARED_ROUTES; r++) {
		uint16_t port;
		t.call[r] = r == 0 ? WITH_RECVMSG : WITH_RECVV;
		t.server[r] = sctp_test_listener(AF_INET, SOCK_SEQPACKET, "127.0.0.1", &port);
		receive_with(t.server[r], t.call[r]);
		t.route[r].fd = shared;
		t.route[r].one_to_many = true;
		t.route[r].to = address_of("127.0.0.1", port);
		t.route[r].assoc = connect_association(shared, "127.0.0.1", port);
		assert_outgoing_streams(shared, t.route[r].assoc);
		t.server_assoc[r] = sctp_test_first_association(t.server[r]);
		set_nonblocking(t.server[r]);
		atomic_store(&t.expected[r], UINT32_MAX);
	}
	/* Blocking sends, bounded by SO_SNDTIMEO (connect_to). */
	pthread_t sender_threads[SHARED_SENDERS], receiver_threads[SHARED_ROUTES * SHARED_RECEIVERS];
	for (int i = 0; i < SHARED_ROUTES * SHARED_RECEIVERS; i++) {
		struct shared_receiver *r = &receivers[i];
		r->test = &t;
		r->route = (unsigned)(i % SHARED_ROUTES);
		for (unsigned k = 0; k < SHARED_KEYS; k++)
			r->last[k] = -1;
		for (int s = 0; s < STREAMS; s++)
			r->last_ssn[s] = -1;
		start_thread(&receiver_threads[i], shared_receiver_thread, r);
	}
	for (int i = 0; i < SHARED_SENDERS; i++) {
		struct shared_sender *s = &senders[i];
		s->test = &t;
		s->index = (uint16_t)i;
		s->random = 0x2545f491u ^ (uint32_t)(i * 104729 + 3);
		probe_context_open(&s->probes, AF_INET);
		start_thread(&sender_threads[i], shared_sender_thread, s);
	}
	for (int i = 0; i < SHARED_SENDERS; i++)
		pthread_join(sender_threads[i], NULL);
	for (int r = 0; r < SHARED_ROUTES; r++) {
		unsigned expected = 0;
		for (int i = 0; i < SHARED_SENDERS; i++)
			expected += senders[i].sent_to[r];
		atomic_store(&t.expected[r], expected);
	}
	for (int i = 0; i < SHARED_ROUTES * SHARED_RECEIVERS; i++)
		pthread_join(receiver_threads[i], NULL);
	assert_no_thread_failed();

	/* Every message sent arrived, and nothing else. */
	for (unsigned s = 0; s < SHARED_SENDERS; s++)
		for (unsigned r = 0; r < SHARED_ROUTES; r++)
			for (unsigned stream = 0; stream < STREAMS; stream++)
				for (unsigned seq = 0; seq < SHARED_MESSAGES; seq++)
					cr_assert_eq(atomic_load(&t.arrived[shared_key(s, r, stream)][seq]),
						     seq < senders[s].sent[r][stream],
						     "sender %u route %u stream %u message %u: %s", s, r, stream, seq,
						     seq < senders[s].sent[r][stream] ? "sent, never arrived"
										: "arrived, never sent");
	unsigned long expected = SHARED_SENDERS * SHARED_MESSAGES;
	cr_assert_eq(atomic_load(&t.totals.sent), expected);
	cr_assert_eq(atomic_load(&t.totals.received), expected);
	report("stress: shared one-to-many socket: %d sending threads on 1 socket with %d associations, %d receiving "
	       "threads, %lu messages sent, %lu received, %lu bytes, %u failing calls with their errno",
	       SHARED_SENDERS, SHARED_ROUTES, SHARED_ROUTES * SHARED_RECEIVERS, atomic_load(&t.totals.sent),
	       atomic_load(&t.totals.received), atomic_load(&t.totals.bytes), atomic_load(&t.totals.probes));
	for (int i = 0; i < SHARED_SENDERS; i++)
		probe_context_close(&senders[i].probes);
	for (int r = 0; r < SHARED_ROUTES; r++)
		close(t.server[r]);
	close(shared);
	pthread_barrier_destroy(&t.start);
}

/* --- sctp_peeloff racing with sends -------------------------------------------------- */

/* The number of ordered DATA chunks association `assoc` of `fd` has received
 * (SCTP_GET_ASSOC_STATS): on the loopback every message here is one chunk,
 * and an ordered chunk received in order is on the socket's receive queue. */
static uint64_t ordered_chunks_received(int fd, sctp_assoc_t assoc)
{
	uint64_t ordered, unordered;
	sctp_test_chunks_received(fd, assoc, &ordered, &unordered);
	return ordered;
}

static void wait_until_queued(int fd, sctp_assoc_t assoc, uint64_t chunks)
{
	for (int i = 0; i < 1000 && ordered_chunks_received(fd, assoc) < chunks; i++)
		poll(NULL, 0, 10);
	cr_assert_eq(ordered_chunks_received(fd, assoc), chunks, "association %d did not receive %llu chunks in 10 s",
		     (int)assoc, (unsigned long long)chunks);
}

/* Receives exactly `count` messages of sender `sender` on nonblocking `fd`,
 * in order on each stream (route 0, streams taken in turn), then nothing. */
static void assert_receives_in_order(int fd, enum receive_call call, uint16_t sender, unsigned count,
				     sctp_assoc_t assoc)
{
	static unsigned char in[RECEIVE_CAPACITY], scratch[RECEIVE_CAPACITY];
	uint32_t next[STREAMS] = { 0 };
	for (unsigned i = 0; i < count; i++) {
		struct delivery d;
		cr_assert_eq(receive_message(fd, call, in, &d), RECEIVED_MESSAGE, "message %u of sender %u is not there",
			     i, sender);
		struct stress_header h;
		cr_assert(verify_message(in, &d, call, &h, scratch), "%s", failure.message);
		cr_assert_eq(h.sender, sender, "a message of sender %u where sender %u's were expected", h.sender,
			     sender);
		cr_assert_eq(h.stream, i % STREAMS);
		cr_assert_eq(h.sequence, next[h.stream], "stream %u: message %u where %u was next", h.stream,
			     h.sequence, next[h.stream]);
		cr_assert_eq(d.assoc, assoc, "reported on association %d, it is %d", (int)d.assoc, (int)assoc);
		next[h.stream]++;
	}
	struct delivery d;
	cr_assert_eq(receive_message(fd, call, in, &d), RECEIVED_NOTHING, "more than %u messages of sender %u", count,
		     sender);
	assert_no_thread_failed();
}

Test(stress_kernel, messages_queued_on_the_one_to_many_socket_before_sctp_peeloff_are_received_on_the_peeled_off_one,
     .timeout = 60)
{
	/* Linux moves the messages of the association that wait on the
	 * one-to-many socket to the new socket (sctp_sock_migrate); the other
	 * associations' stay. */
	uint16_t port;
	int server = sctp_test_listener(AF_INET, SOCK_SEQPACKET, "127.0.0.1", &port);
	receive_with(server, WITH_RECVMSG);
	enum { CLIENTS = 2, QUEUED = 12 };
	int clients[CLIENTS];
	sctp_assoc_t ids[CLIENTS];
	unsigned char out[sizeof(struct stress_header) + MAX_PAYLOAD];
	for (int c = 0; c < CLIENTS; c++) {
		clients[c] = sctp_test_socket(AF_INET, SOCK_STREAM);
		open_streams(clients[c]);
		connect_to(clients[c], "127.0.0.1", port);
		ids[c] = new_association(server, ids, c);
	}
	for (unsigned i = 0; i < QUEUED; i++) {
		for (int c = 0; c < CLIENTS; c++) {
			uint16_t stream = (uint16_t)(i % STREAMS);
			size_t length = build_message(out, (uint16_t)c, 0, stream, i / STREAMS, 100 + 700 * i);
			struct destination d = { .fd = clients[c] };
			assert_returns(send_message(&d, WITH_SENDMSG, out, length, stream,
						    ppid_of((uint16_t)c, 0, stream, i / STREAMS)),
				       (int)length);
		}
	}
	for (int c = 0; c < CLIENTS; c++)
		wait_until_queued(server, ids[c], QUEUED);

	int peeled = sctp_peeloff(server, ids[0]);
	cr_assert_geq(peeled, 0, "sctp_peeloff: %s", strerror(errno));
	receive_with(peeled, WITH_RECVV);
	set_nonblocking(peeled);
	set_nonblocking(server);
	assert_receives_in_order(peeled, WITH_RECVV, 0, QUEUED, ids[0]);
	assert_receives_in_order(server, WITH_RECVMSG, 1, QUEUED, ids[1]);
	close(peeled);
	for (int c = 0; c < CLIENTS; c++)
		close(clients[c]);
	close(server);
}

/* Four one-to-one clients send to one one-to-many server, where a thread
 * receives with sctp_recvmsg; meanwhile another thread peels each
 * association off in turn, after its client has sent a part of its messages,
 * and receives what comes on the peeled-off sockets with sctp_recvv. Every
 * message arrives once: on each stream, the server socket gets those from
 * the first on, the peeled-off socket those after, each in order. */
#define PEEL_CLIENTS 4
#define PEEL_MESSAGES 400 /* per client */

struct peel_test {
	int server;
	sctp_assoc_t assoc[PEEL_CLIENTS]; /* the server's ids */
	atomic_uint sent[PEEL_CLIENTS];
	atomic_bool all_peeled, server_done;
	struct totals totals;
	pthread_barrier_t start;
	/* The server socket's receiver: the next sequence number on each stream. */
	uint32_t on_server[PEEL_CLIENTS][STREAMS];
	atomic_uint server_count[PEEL_CLIENTS];
	/* The peeler: the first and the next sequence number of each stream on
	 * each peeled-off socket. */
	int64_t peeled_first[PEEL_CLIENTS][STREAMS];
	uint32_t peeled_next[PEEL_CLIENTS][STREAMS];
	unsigned peeled_count[PEEL_CLIENTS];
	unsigned sent_before_peeloff[PEEL_CLIENTS];
	unsigned sent_before_and_received_on_peeled[PEEL_CLIENTS];
	int peeled[PEEL_CLIENTS];
};

struct peel_client {
	struct peel_test *test;
	uint16_t index;
	uint32_t random;
	struct destination out;
	struct probe_context probes;
	uint32_t sent[STREAMS];
	unsigned char buffer[sizeof(struct stress_header) + MAX_PAYLOAD];
};

static bool peel_client_send(struct peel_client *c)
{
	struct peel_test *t = c->test;
	for (unsigned i = 0; i < PEEL_MESSAGES && !stopping(); i++) {
		if (i % 8 == 0 && !probe_errno(&c->probes, c->index + i / 8, &t->totals.probes))
			return false;
		if (!send_random_message(&c->out, c->index, 0, c->sent, &c->random, c->buffer))
			return false;
		atomic_fetch_add(&t->sent[c->index], 1);
		atomic_fetch_add(&t->totals.sent, 1);
	}
	return true;
}

static void *peel_client_thread(void *argument)
{
	struct peel_client *c = argument;
	pthread_barrier_wait(&c->test->start);
	peel_client_send(c);
	return NULL;
}

static int client_of_association(const struct peel_test *t, sctp_assoc_t assoc)
{
	for (int c = 0; c < PEEL_CLIENTS; c++)
		if (t->assoc[c] == assoc)
			return c;
	return -1;
}

static bool peel_server_take(struct peel_test *t, const unsigned char *in, const struct delivery *d,
			     unsigned char *scratch)
{
	struct stress_header h;
	if (!verify_message(in, d, WITH_RECVMSG, &h, scratch))
		return false;
	int c = client_of_association(t, d->assoc);
	CHECK(c >= 0 && h.sender == (unsigned)c, "the server socket: a message of client %u on association %d",
	      h.sender, (int)d->assoc);
	CHECK(h.sequence == t->on_server[c][h.stream],
	      "the server socket: client %d stream %u: message %u arrived where %u was next", c, h.stream, h.sequence,
	      t->on_server[c][h.stream]);
	CHECK(d->ssn == (uint16_t)h.sequence, "the server socket: client %d stream %u: message %u has ssn %u", c,
	      h.stream, h.sequence, d->ssn);
	t->on_server[c][h.stream]++;
	atomic_fetch_add(&t->server_count[c], 1);
	atomic_fetch_add(&t->totals.received, 1);
	atomic_fetch_add(&t->totals.bytes, (unsigned long)d->length);
	return true;
}

/* Receives on the server socket until every association is peeled off and
 * nothing is left: once the last sctp_peeloff has returned, nothing more can
 * come to it. */
static bool peel_server_receive(struct peel_test *t)
{
	static unsigned char in[RECEIVE_CAPACITY], scratch[RECEIVE_CAPACITY];
	int idle = 0;
	while (!stopping()) {
		bool peeled_before = atomic_load(&t->all_peeled);
		for (;;) {
			struct delivery d;
			enum received got = receive_message(t->server, WITH_RECVMSG, in, &d);
			if (got == RECEIVED_FAILURE)
				return false;
			if (got == RECEIVED_NOTHING)
				break;
			idle = 0;
			if (!peel_server_take(t, in, &d, scratch))
				return false;
		}
		if (peeled_before)
			return true;
		struct pollfd p = { .fd = t->server, .events = POLLIN };
		if (poll(&p, 1, POLL_MS) == 0 && !still_idle_within_limit(&idle, "the server socket's receiver"))
			return false;
	}
	return false;
}

static void *peel_server_thread(void *argument)
{
	struct peel_test *t = argument;
	pthread_barrier_wait(&t->start);
	peel_server_receive(t);
	atomic_store(&t->server_done, true);
	return NULL;
}

static bool peel_take(struct peel_test *t, int c, const unsigned char *in, const struct delivery *d,
		      unsigned char *scratch)
{
	struct stress_header h;
	if (!verify_message(in, d, WITH_RECVV, &h, scratch))
		return false;
	CHECK(h.sender == (unsigned)c && d->assoc == t->assoc[c],
	      "the socket peeled off for client %d: a message of client %u, on association %d", c, h.sender,
	      (int)d->assoc);
	if (t->peeled_first[c][h.stream] < 0) {
		t->peeled_first[c][h.stream] = h.sequence;
		t->peeled_next[c][h.stream] = h.sequence;
	}
	CHECK(h.sequence == t->peeled_next[c][h.stream],
	      "the peeled-off socket: client %d stream %u: message %u arrived where %u was next", c, h.stream,
	      h.sequence, t->peeled_next[c][h.stream]);
	CHECK(d->ssn == (uint16_t)h.sequence, "the peeled-off socket: client %d stream %u: message %u has ssn %u", c,
	      h.stream, h.sequence, d->ssn);
	t->peeled_next[c][h.stream]++;
	t->peeled_count[c]++;
	if (t->peeled_count[c] <= t->sent_before_peeloff[c])
		t->sent_before_and_received_on_peeled[c]++;
	atomic_fetch_add(&t->totals.received, 1);
	atomic_fetch_add(&t->totals.bytes, (unsigned long)d->length);
	return true;
}

/* Peels association `c` off, once its client has sent its share, and makes
 * the new socket one to receive from with sctp_recvv. */
static bool peel_off(struct peel_test *t, int c)
{
	t->sent_before_peeloff[c] = atomic_load(&t->sent[c]);
	errno = 0;
	int fd = sctp_peeloff(t->server, t->assoc[c]);
	CHECK(fd >= 0, "sctp_peeloff of client %d's association %d: %s", c, (int)t->assoc[c], strerror(errno));
	t->peeled[c] = fd;
	/* The association is not on the server socket any more: this thread's errno. */
	errno = 0;
	int again = sctp_peeloff(t->server, t->assoc[c]);
	int error = errno;
	CHECK(again == -1 && error == EINVAL, "sctp_peeloff of an association peeled off: %d, %s, expected EINVAL",
	      again, strerror(error));
	sched_yield();
	CHECK(errno == EINVAL, "after sctp_peeloff failed, errno went from EINVAL to %s while other threads ran",
	      strerror(errno));
	int flags = fcntl(fd, F_GETFL);
	CHECK(flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0, "O_NONBLOCK: %s", strerror(errno));
	return receive_with_from_a_thread(fd, WITH_RECVV);
}

static bool peel_everything_received(struct peel_test *t)
{
	if (!atomic_load(&t->server_done))
		return false;
	for (int c = 0; c < PEEL_CLIENTS; c++)
		if (atomic_load(&t->server_count[c]) + t->peeled_count[c] < PEEL_MESSAGES)
			return false;
	return true;
}

static bool peel_and_receive(struct peel_test *t)
{
	static unsigned char in[RECEIVE_CAPACITY], scratch[RECEIVE_CAPACITY];
	int next = 0, idle = 0;
	while (!stopping()) {
		if (next < PEEL_CLIENTS &&
		    atomic_load(&t->sent[next]) >= (unsigned)(PEEL_MESSAGES * (next + 1) / (PEEL_CLIENTS + 1))) {
			if (!peel_off(t, next))
				return false;
			if (++next == PEEL_CLIENTS)
				atomic_store(&t->all_peeled, true);
			idle = 0;
			continue;
		}
		struct pollfd fds[PEEL_CLIENTS];
		nfds_t watched = 0;
		for (int c = 0; c < next && c < PEEL_CLIENTS; c++) {
			fds[watched++] = (struct pollfd){ .fd = t->peeled[c], .events = POLLIN };
			for (;;) {
				struct delivery d;
				enum received got = receive_message(t->peeled[c], WITH_RECVV, in, &d);
				if (got == RECEIVED_FAILURE)
					return false;
				if (got == RECEIVED_NOTHING)
					break;
				idle = 0;
				if (!peel_take(t, c, in, &d, scratch))
					return false;
			}
		}
		if (next == PEEL_CLIENTS && peel_everything_received(t))
			return true;
		/* Short waits while associations remain to be peeled off, so
		 * that each goes while its client is still sending. */
		int ready = poll(fds, watched, next < PEEL_CLIENTS ? 1 : POLL_MS);
		if (ready == 0 && next == PEEL_CLIENTS && !still_idle_within_limit(&idle, "the peeling thread"))
			return false;
	}
	return false;
}

static void *peel_thread(void *argument)
{
	struct peel_test *t = argument;
	pthread_barrier_wait(&t->start);
	peel_and_receive(t);
	return NULL;
}

Test(stress_kernel, sctp_peeloff_racing_with_sends_every_message_arrives_once_across_both_sockets_in_order_per_stream,
     .timeout = 120)
{
	signal(SIGPIPE, SIG_IGN);
	static struct peel_test t;
	static struct peel_client clients[PEEL_CLIENTS];
	cr_assert_eq(pthread_barrier_init(&t.start, NULL, PEEL_CLIENTS + 2), 0);
	uint16_t port;
	/* An IPv6 server on the wildcard address: IPv4 and IPv6 clients. */
	t.server = sctp_test_listener(AF_INET6, SOCK_SEQPACKET, "::", &port);
	receive_with(t.server, WITH_RECVMSG);
	for (int c = 0; c < PEEL_CLIENTS; c++) {
		struct peel_client *client = &clients[c];
		int family = c % 2 == 0 ? AF_INET : AF_INET6;
		const char *ip = family == AF_INET ? "127.0.0.1" : "::1";
		client->test = &t;
		client->index = (uint16_t)c;
		client->random = 0x68e31da4u ^ (uint32_t)(c * 15485863 + 5);
		client->out.fd = sctp_test_socket(family, SOCK_STREAM);
		client->out.to = address_of(ip, port);
		open_streams(client->out.fd);
		connect_to(client->out.fd, ip, port);
		t.assoc[c] = new_association(t.server, t.assoc, c);
		assert_outgoing_streams(client->out.fd, 0);
		probe_context_open(&client->probes, family);
		for (int s = 0; s < STREAMS; s++)
			t.peeled_first[c][s] = -1;
		t.peeled[c] = -1;
	}
	set_nonblocking(t.server);
	pthread_t client_threads[PEEL_CLIENTS], server_thread, peeler;
	start_thread(&server_thread, peel_server_thread, &t);
	start_thread(&peeler, peel_thread, &t);
	for (int c = 0; c < PEEL_CLIENTS; c++)
		start_thread(&client_threads[c], peel_client_thread, &clients[c]);
	for (int c = 0; c < PEEL_CLIENTS; c++)
		pthread_join(client_threads[c], NULL);
	pthread_join(server_thread, NULL);
	pthread_join(peeler, NULL);
	assert_no_thread_failed();

	unsigned before_total = 0, on_server = 0, on_peeled = 0;
	for (int c = 0; c < PEEL_CLIENTS; c++) {
		for (int s = 0; s < STREAMS; s++) {
			uint32_t sent = clients[c].sent[s], first = t.on_server[c][s];
			if (t.peeled_first[c][s] < 0) {
				cr_assert_eq(first, sent, "client %d stream %d: %u of %u messages on the server socket, none "
					     "on the peeled-off one", c, s, first, sent);
			} else {
				cr_assert_eq(t.peeled_first[c][s], (int64_t)first,
					     "client %d stream %d: the server socket got messages 0 to %u, the "
					     "peeled-off one from %lld on", c, s, first, (long long)t.peeled_first[c][s]);
				cr_assert_eq(t.peeled_next[c][s], sent,
					     "client %d stream %d: the peeled-off socket got up to message %u of %u", c,
					     s, t.peeled_next[c][s], sent);
			}
		}
		cr_assert_eq(atomic_load(&t.server_count[c]) + t.peeled_count[c], PEEL_MESSAGES);
		before_total += t.sent_before_and_received_on_peeled[c];
		on_server += atomic_load(&t.server_count[c]);
		on_peeled += t.peeled_count[c];
		close(t.peeled[c]);
		close(clients[c].out.fd);
		probe_context_close(&clients[c].probes);
	}
	unsigned long expected = PEEL_CLIENTS * PEEL_MESSAGES;
	cr_assert_eq(atomic_load(&t.totals.sent), expected);
	cr_assert_eq(atomic_load(&t.totals.received), expected);
	report("stress: peeloff racing with sends: %d client threads, %d associations peeled off while sending, "
	       "%lu messages sent, %lu received (%u on the one-to-many socket, %u on the peeled-off ones, %u of these "
	       "sent before their sctp_peeloff), %lu bytes, %u failing calls with their errno",
	       PEEL_CLIENTS, PEEL_CLIENTS, atomic_load(&t.totals.sent), atomic_load(&t.totals.received), on_server,
	       on_peeled, before_total, atomic_load(&t.totals.bytes), atomic_load(&t.totals.probes));
	close(t.server);
	pthread_barrier_destroy(&t.start);
}
