/* sctp_opt_info(3): getsockopt(2) at level SOL_SCTP with the association id
 * written where the option's structure holds one. */
#include "sctp_test.h"

#define CANARY 0xA5
#define TAIL 32 /* canary bytes after every buffer */

/* --- helpers ---------------------------------------------------------------- */

static void set_option(int fd, int option, const void *value, socklen_t len, const char *name)
{
	cr_assert_eq(setsockopt(fd, SOL_SCTP, option, value, len), 0, "setsockopt(%s): %s", name, strerror(errno));
}

/* Everything that could make an association change between two reads off:
 * no heartbeats. And AUTH and stream reconfiguration on, so that their
 * options have something to report. */
static void quiet_socket(int fd)
{
	struct sctp_paddrparams params;
	memset(&params, 0, sizeof params);
	params.spp_assoc_id = SCTP_FUTURE_ASSOC;
	params.spp_flags = SPP_HB_DISABLE;
	set_option(fd, SCTP_PEER_ADDR_PARAMS, &params, sizeof params, "SCTP_PEER_ADDR_PARAMS");
	struct sctp_assoc_value on = { .assoc_id = SCTP_FUTURE_ASSOC, .assoc_value = 1 };
	set_option(fd, SCTP_AUTH_SUPPORTED, &on, sizeof on, "SCTP_AUTH_SUPPORTED");
	set_option(fd, SCTP_RECONFIG_SUPPORTED, &on, sizeof on, "SCTP_RECONFIG_SUPPORTED");
}

static int quiet_listener(const char *ip, uint16_t *port)
{
	int fd = sctp_test_socket(AF_INET, SOCK_SEQPACKET);
	quiet_socket(fd);
	struct sockaddr_in a = sctp_test_v4(ip, 0);
	cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0, "bind(%s): %s", ip, strerror(errno));
	cr_assert_eq(listen(fd, 16), 0);
	*port = sctp_test_local_port(fd);
	return fd;
}

/* A one-to-many client with two associations: `first` to a server on
 * 127.0.0.1, `second` to one on 127.0.0.2, which has its own default send
 * parameters, context and max burst. */
struct two_associations {
	int client, server1, server2;
	uint16_t port1, port2;
	sctp_assoc_t first, second;
};

#define SECOND_PPID 0x0a0b0c0du
#define SECOND_CONTEXT 4242u
#define SECOND_STREAM 1
#define SECOND_MAX_BURST 7u

static struct two_associations two_associations_setup(void)
{
	struct two_associations t;
	t.server1 = quiet_listener("127.0.0.1", &t.port1);
	t.server2 = quiet_listener("127.0.0.2", &t.port2);
	t.client = sctp_test_socket(AF_INET, SOCK_SEQPACKET);
	quiet_socket(t.client);
	t.first = connect_association(t.client, "127.0.0.1", t.port1);
	t.second = connect_association(t.client, "127.0.0.2", t.port2);
	cr_assert_neq(t.first, t.second);

	struct sctp_sndrcvinfo send;
	memset(&send, 0, sizeof send);
	send.sinfo_assoc_id = t.second;
	send.sinfo_stream = SECOND_STREAM;
	send.sinfo_ppid = SECOND_PPID;
	send.sinfo_context = SECOND_CONTEXT;
	set_option(t.client, SCTP_DEFAULT_SEND_PARAM, &send, sizeof send, "SCTP_DEFAULT_SEND_PARAM");
	struct sctp_assoc_value context = { .assoc_id = t.second, .assoc_value = SECOND_CONTEXT };
	set_option(t.client, SCTP_CONTEXT, &context, sizeof context, "SCTP_CONTEXT");
	struct sctp_assoc_value burst = { .assoc_id = t.second, .assoc_value = SECOND_MAX_BURST };
	set_option(t.client, SCTP_MAX_BURST, &burst, sizeof burst, "SCTP_MAX_BURST");
	return t;
}

static void two_associations_teardown(struct two_associations *t)
{
	close(t->client);
	close(t->server2);
	close(t->server1);
}

/* --- the options ------------------------------------------------------------ */

#define NO_ID (-1L)

/* An option sctp_opt_info gets: the buffer the comparison uses, where the
 * association id goes (NO_ID for options of the socket as a whole), and the
 * smallest *size the kernel takes for it. */
struct option_case {
	int opt;
	const char *name;
	size_t size;
	long id_offset;
	size_t smallest;
	const char *lksctp_compare; /* LKSCTP_UNKNOWN for an option lksctp's sctp_opt_info refuses */
};

/* The options beyond lksctp's 17: lksctp returns a positive ENOTSUP for
 * them, this library -1 with errno ENOTSUP (row opt-info-unknown-option). */
#define LKSCTP_UNKNOWN "opt-info-unknown-option"

/* NAME is pasted in each macro below, before it could expand to its value. */
#define OPTION_ENTRY(CASE, OPT, STRING, SIZE, ID_OFFSET, SMALLEST, LKSCTP) \
	static const struct option_case CASE = { OPT, STRING, SIZE, ID_OFFSET, SMALLEST, LKSCTP }
#define OPTION_CASE(NAME, ...) OPTION_ENTRY(case_##NAME, NAME, #NAME, __VA_ARGS__)
#define ID_AT(TYPE, MEMBER) ((long)offsetof(TYPE, MEMBER))
#define ASSOC_OPTION(NAME, TYPE, MEMBER, LKSCTP) \
	OPTION_ENTRY(case_##NAME, NAME, #NAME, sizeof(TYPE), ID_AT(TYPE, MEMBER), sizeof(TYPE), LKSCTP)
#define SOCKET_OPTION(NAME, TYPE, LKSCTP) \
	OPTION_ENTRY(case_##NAME, NAME, #NAME, sizeof(TYPE), NO_ID, sizeof(TYPE), LKSCTP)

/* RFC 6458 section 8.1: read/write options. */
ASSOC_OPTION(SCTP_RTOINFO, struct sctp_rtoinfo, srto_assoc_id, NULL);
ASSOC_OPTION(SCTP_ASSOCINFO, struct sctp_assocparams, sasoc_assoc_id, NULL);
SOCKET_OPTION(SCTP_INITMSG, struct sctp_initmsg, NULL);
SOCKET_OPTION(SCTP_NODELAY, int, NULL);
SOCKET_OPTION(SCTP_AUTOCLOSE, int, NULL);
ASSOC_OPTION(SCTP_PRIMARY_ADDR, struct sctp_prim, ssp_assoc_id, NULL);
SOCKET_OPTION(SCTP_ADAPTATION_LAYER, struct sctp_setadaptation, LKSCTP_UNKNOWN);
SOCKET_OPTION(SCTP_DISABLE_FRAGMENTS, int, NULL);
/* The kernel also takes the structure as it was before spp_ipv6_flowlabel:
 * ALIGN(offsetof(spp_ipv6_flowlabel), 4) = 152 bytes. */
OPTION_CASE(SCTP_PEER_ADDR_PARAMS, sizeof(struct sctp_paddrparams), ID_AT(struct sctp_paddrparams, spp_assoc_id),
	    (offsetof(struct sctp_paddrparams, spp_ipv6_flowlabel) + 3) & ~(size_t)3, NULL);
ASSOC_OPTION(SCTP_DEFAULT_SEND_PARAM, struct sctp_sndrcvinfo, sinfo_assoc_id, NULL);
/* The kernel takes any prefix of struct sctp_event_subscribe. */
OPTION_CASE(SCTP_EVENTS, sizeof(struct sctp_event_subscribe), NO_ID, 1, NULL);
SOCKET_OPTION(SCTP_I_WANT_MAPPED_V4_ADDR, int, NULL);
/* The kernel also takes the older int form. */
OPTION_CASE(SCTP_MAXSEG, sizeof(struct sctp_assoc_value), ID_AT(struct sctp_assoc_value, assoc_id),
	    sizeof(int), NULL);
ASSOC_OPTION(SCTP_DELAYED_SACK, struct sctp_sack_info, sack_assoc_id, LKSCTP_UNKNOWN);
ASSOC_OPTION(SCTP_CONTEXT, struct sctp_assoc_value, assoc_id, LKSCTP_UNKNOWN);
SOCKET_OPTION(SCTP_FRAGMENT_INTERLEAVE, int, LKSCTP_UNKNOWN);
SOCKET_OPTION(SCTP_PARTIAL_DELIVERY_POINT, uint32_t, LKSCTP_UNKNOWN);
ASSOC_OPTION(SCTP_MAX_BURST, struct sctp_assoc_value, assoc_id, LKSCTP_UNKNOWN);
OPTION_CASE(SCTP_HMAC_IDENT, 64, NO_ID, sizeof(struct sctp_hmacalgo), LKSCTP_UNKNOWN);
ASSOC_OPTION(SCTP_AUTH_ACTIVE_KEY, struct sctp_authkeyid, scact_assoc_id, NULL);
ASSOC_OPTION(SCTP_PEER_ADDR_THLDS, struct sctp_paddrthlds, spt_assoc_id, LKSCTP_UNKNOWN);
ASSOC_OPTION(SCTP_PEER_ADDR_THLDS_V2, struct sctp_paddrthlds_v2, spt_assoc_id, LKSCTP_UNKNOWN);
SOCKET_OPTION(SCTP_AUTO_ASCONF, int, LKSCTP_UNKNOWN);
SOCKET_OPTION(SCTP_RECVRCVINFO, int, LKSCTP_UNKNOWN);
SOCKET_OPTION(SCTP_RECVNXTINFO, int, LKSCTP_UNKNOWN);
ASSOC_OPTION(SCTP_DEFAULT_SNDINFO, struct sctp_sndinfo, snd_assoc_id, LKSCTP_UNKNOWN);
SOCKET_OPTION(SCTP_REUSE_PORT, int, LKSCTP_UNKNOWN);
ASSOC_OPTION(SCTP_PR_SUPPORTED, struct sctp_assoc_value, assoc_id, LKSCTP_UNKNOWN);
ASSOC_OPTION(SCTP_DEFAULT_PRINFO, struct sctp_default_prinfo, pr_assoc_id, LKSCTP_UNKNOWN);
ASSOC_OPTION(SCTP_RECONFIG_SUPPORTED, struct sctp_assoc_value, assoc_id, LKSCTP_UNKNOWN);
ASSOC_OPTION(SCTP_ENABLE_STREAM_RESET, struct sctp_assoc_value, assoc_id, LKSCTP_UNKNOWN);
ASSOC_OPTION(SCTP_STREAM_SCHEDULER, struct sctp_assoc_value, assoc_id, LKSCTP_UNKNOWN);
ASSOC_OPTION(SCTP_STREAM_SCHEDULER_VALUE, struct sctp_stream_value, assoc_id, LKSCTP_UNKNOWN);
ASSOC_OPTION(SCTP_INTERLEAVING_SUPPORTED, struct sctp_assoc_value, assoc_id, LKSCTP_UNKNOWN);
ASSOC_OPTION(SCTP_EVENT, struct sctp_event, se_assoc_id, LKSCTP_UNKNOWN);
ASSOC_OPTION(SCTP_ASCONF_SUPPORTED, struct sctp_assoc_value, assoc_id, LKSCTP_UNKNOWN);
ASSOC_OPTION(SCTP_AUTH_SUPPORTED, struct sctp_assoc_value, assoc_id, LKSCTP_UNKNOWN);
ASSOC_OPTION(SCTP_ECN_SUPPORTED, struct sctp_assoc_value, assoc_id, LKSCTP_UNKNOWN);
ASSOC_OPTION(SCTP_EXPOSE_POTENTIALLY_FAILED_STATE, struct sctp_assoc_value, assoc_id, LKSCTP_UNKNOWN);
ASSOC_OPTION(SCTP_REMOTE_UDP_ENCAPS_PORT, struct sctp_udpencaps, sue_assoc_id, LKSCTP_UNKNOWN);
ASSOC_OPTION(SCTP_PLPMTUD_PROBE_INTERVAL, struct sctp_probeinterval, spi_assoc_id, LKSCTP_UNKNOWN);
/* RFC 6458 section 8.2: read-only options. */
ASSOC_OPTION(SCTP_STATUS, struct sctp_status, sstat_assoc_id, NULL);
ASSOC_OPTION(SCTP_GET_PEER_ADDR_INFO, struct sctp_paddrinfo, spinfo_assoc_id, NULL);
OPTION_CASE(SCTP_PEER_AUTH_CHUNKS, 64, ID_AT(struct sctp_authchunks, gauth_assoc_id),
	    sizeof(struct sctp_authchunks), NULL);
OPTION_CASE(SCTP_LOCAL_AUTH_CHUNKS, 64, ID_AT(struct sctp_authchunks, gauth_assoc_id),
	    sizeof(struct sctp_authchunks), NULL);
SOCKET_OPTION(SCTP_GET_ASSOC_NUMBER, uint32_t, LKSCTP_UNKNOWN);
OPTION_CASE(SCTP_GET_ASSOC_ID_LIST, 64, NO_ID, sizeof(struct sctp_assoc_ids), LKSCTP_UNKNOWN);
/* Linux's own read options. */
OPTION_CASE(SCTP_GET_PEER_ADDRS, 256, ID_AT(struct sctp_getaddrs, assoc_id),
	    sizeof(struct sctp_getaddrs), LKSCTP_UNKNOWN);
OPTION_CASE(SCTP_GET_LOCAL_ADDRS, 256, ID_AT(struct sctp_getaddrs, assoc_id),
	    sizeof(struct sctp_getaddrs), LKSCTP_UNKNOWN);
/* The kernel returns as much of the statistics as the buffer holds, from
 * the id on. */
OPTION_CASE(SCTP_GET_ASSOC_STATS, sizeof(struct sctp_assoc_stats), ID_AT(struct sctp_assoc_stats, sas_assoc_id),
	    sizeof(sctp_assoc_t), LKSCTP_UNKNOWN);
ASSOC_OPTION(SCTP_PR_ASSOC_STATUS, struct sctp_prstatus, sprstat_assoc_id, LKSCTP_UNKNOWN);
ASSOC_OPTION(SCTP_PR_STREAM_STATUS, struct sctp_prstatus, sprstat_assoc_id, LKSCTP_UNKNOWN);

/* A buffer for option `c`: canary bytes, but for the input members the
 * kernel reads besides the id (an address, an event type, a stream...). */
static void prefill(const struct option_case *c, uint8_t *buffer, size_t total, const struct two_associations *t)
{
	memset(buffer, CANARY, total);
	switch (c->opt) {
	case SCTP_PEER_ADDR_PARAMS:
		memset(buffer + offsetof(struct sctp_paddrparams, spp_address), 0, sizeof(struct sockaddr_storage));
		break;
	case SCTP_PEER_ADDR_THLDS:
	case SCTP_PEER_ADDR_THLDS_V2:
		memset(buffer + offsetof(struct sctp_paddrthlds, spt_address), 0, sizeof(struct sockaddr_storage));
		break;
	case SCTP_REMOTE_UDP_ENCAPS_PORT:
		memset(buffer + offsetof(struct sctp_udpencaps, sue_address), 0, sizeof(struct sockaddr_storage));
		break;
	case SCTP_PLPMTUD_PROBE_INTERVAL:
		memset(buffer + offsetof(struct sctp_probeinterval, spi_address), 0, sizeof(struct sockaddr_storage));
		break;
	case SCTP_DEFAULT_SEND_PARAM:
		/* The kernel reads the association from sinfo_assoc_id, which
		 * lksctp leaves to the caller (it writes the id at offset 0). */
		memcpy(buffer + offsetof(struct sctp_sndrcvinfo, sinfo_assoc_id), &t->second, sizeof t->second);
		break;
	case SCTP_GET_PEER_ADDR_INFO: {
		struct sockaddr_storage peer;
		memset(&peer, 0, sizeof peer);
		struct sockaddr_in in = sctp_test_v4("127.0.0.2", t->port2);
		memcpy(&peer, &in, sizeof in);
		memcpy(buffer + offsetof(struct sctp_paddrinfo, spinfo_address), &peer, sizeof peer);
		break;
	}
	case SCTP_EVENT: {
		uint16_t type = SCTP_ASSOC_CHANGE;
		memcpy(buffer + offsetof(struct sctp_event, se_type), &type, sizeof type);
		break;
	}
	case SCTP_PR_ASSOC_STATUS:
	case SCTP_PR_STREAM_STATUS: {
		uint16_t sid = 0, policy = SCTP_PR_SCTP_ALL;
		memcpy(buffer + offsetof(struct sctp_prstatus, sprstat_sid), &sid, sizeof sid);
		memcpy(buffer + offsetof(struct sctp_prstatus, sprstat_policy), &policy, sizeof policy);
		break;
	}
	case SCTP_STREAM_SCHEDULER_VALUE: {
		uint16_t sid = 0;
		memcpy(buffer + offsetof(struct sctp_stream_value, stream_id), &sid, sizeof sid);
		break;
	}
	default:
		break;
	}
}

static void assert_canary(const uint8_t *buffer, size_t from, size_t to, const char *what)
{
	for (size_t i = from; i < to; i++)
		cr_assert_eq(buffer[i], CANARY, "%s: byte %zu was written (0x%02x)", what, i, buffer[i]);
}

/* What a call returned, errno, and *size after it. */
struct option_answer {
	int rc, error;
	socklen_t len;
};

/* sctp_opt_info(client, second, opt) into `mine`, and getsockopt into
 * `theirs`, each given `size`. */
static void ask_both(const struct two_associations *t, int opt, void *mine, void *theirs, socklen_t size,
		     struct option_answer *from_mine, struct option_answer *from_theirs)
{
	from_mine->len = size;
	from_theirs->len = size;
	errno = 0;
	from_mine->rc = sctp_opt_info(t->client, t->second, opt, mine, &from_mine->len);
	from_mine->error = errno;
	errno = 0;
	from_theirs->rc = getsockopt(t->client, SOL_SCTP, opt, theirs, &from_theirs->len);
	from_theirs->error = errno;
}

/* sctp_opt_info(client, second, opt) gives what getsockopt gives with the id
 * written over the buffer's first 4 bytes, as lksctp writes it whatever the
 * option (where the association member is, for most): the same result, the
 * same length, the same bytes; and nothing past *size is written. */
static void compare_with_getsockopt(const struct option_case *c, size_t size)
{
	struct two_associations t = two_associations_setup();
	size_t total = size + TAIL;
	uint8_t *mine = malloc(total), *theirs = malloc(total);
	cr_assert_not_null(mine);
	cr_assert_not_null(theirs);
	prefill(c, mine, total, &t);
	memcpy(theirs, mine, total);
	memcpy(theirs, &t.second, sizeof t.second);

	struct option_answer m, th;
	ask_both(&t, c->opt, mine, theirs, (socklen_t)size, &m, &th);
	int mine_rc = m.rc, mine_errno = m.error, their_rc = th.rc, their_errno = th.error;
	socklen_t mine_len = m.len, their_len = th.len;

	cr_assert_eq(their_rc, 0, "getsockopt(%s) itself fails: %s", c->name, strerror(their_errno));
	cr_assert_eq(mine_rc, 0, "sctp_opt_info(%s) returned %d, errno %d (%s)", c->name, mine_rc, mine_errno,
		     strerror(mine_errno));
	cr_assert_eq(mine_len, their_len, "sctp_opt_info(%s) set *size to %u, getsockopt to %u", c->name,
		     (unsigned)mine_len, (unsigned)their_len);
	if (c->opt == SCTP_GET_ASSOC_STATS && size >= offsetof(struct sctp_assoc_stats, sas_maxrto) + sizeof(uint64_t)) {
		/* The maximum observed RTO restarts at every read. */
		size_t at = offsetof(struct sctp_assoc_stats, sas_maxrto);
		memset(mine + at, 0, sizeof(uint64_t));
		memset(theirs + at, 0, sizeof(uint64_t));
	}
	for (size_t i = 0; i < total; i++)
		cr_assert_eq(mine[i], theirs[i], "%s: byte %zu is 0x%02x from sctp_opt_info, 0x%02x from getsockopt",
			     c->name, i, mine[i], theirs[i]);
	assert_canary(mine, size, total, c->name);
	free(theirs);
	free(mine);
	two_associations_teardown(&t);
}

static void check_same_as_getsockopt(const struct option_case *c)
{
	compare_with_getsockopt(c, c->size);
}

/* A *size of at least an id but smaller than the option's structure: the
 * kernel's -1 with EINVAL, *size unchanged, and the id written over the
 * first 4 bytes (lksctp writes it before it asks), nothing else. Tried at 4
 * bytes and one byte short of the structure. */
static void check_too_small(const struct option_case *c)
{
	if (c->smallest <= sizeof(sctp_assoc_t))
		return;
	struct two_associations t = two_associations_setup();
	size_t sizes[] = { sizeof(sctp_assoc_t), c->smallest - 1 };
	size_t total = c->size + TAIL;
	uint8_t *buffer = malloc(total);
	cr_assert_not_null(buffer);
	for (size_t i = 0; i < 2; i++) {
		memset(buffer, CANARY, total);
		socklen_t len = (socklen_t)sizes[i];
		errno = 0;
		int rc = sctp_opt_info(t.client, t.second, c->opt, buffer, &len);
		int error = errno;
		cr_assert_eq(rc, -1, "sctp_opt_info(%s) with *size %zu returned %d", c->name, sizes[i], rc);
		cr_assert_eq(error, EINVAL, "sctp_opt_info(%s) with *size %zu: errno %d (%s), expected EINVAL", c->name,
			     sizes[i], error, strerror(error));
		cr_assert_eq(len, (socklen_t)sizes[i], "%s: *size changed from %zu to %u", c->name, sizes[i],
			     (unsigned)len);
		sctp_assoc_t written;
		memcpy(&written, buffer, sizeof written);
		cr_assert_eq(written, t.second, "%s with *size %zu: the id was not written at offset 0", c->name,
			     sizes[i]);
		char what[96];
		snprintf(what, sizeof what, "%s with *size %zu", c->name, sizes[i]);
		assert_canary(buffer, sizeof(sctp_assoc_t), total, what);
	}
	free(buffer);
	two_associations_teardown(&t);
}

/* A *size smaller than an id: the kernel answers as to getsockopt itself
 * (EINVAL; SCTP_EVENTS fills that prefix), and no id is written into the
 * buffer first, which lksctp does, past its end (opt-info-short-size). */
static void check_shorter_than_an_id(const struct option_case *c)
{
	struct two_associations t = two_associations_setup();
	for (socklen_t size = 0; size < sizeof(sctp_assoc_t); size++) {
		uint8_t mine[sizeof(sctp_assoc_t) + TAIL], theirs[sizeof(sctp_assoc_t) + TAIL];
		memset(mine, CANARY, sizeof mine);
		memset(theirs, CANARY, sizeof theirs);
		struct option_answer m, th;
		ask_both(&t, c->opt, mine, theirs, size, &m, &th);
		cr_assert_eq(m.rc, th.rc, "%s with *size %u: %d, getsockopt %d", c->name, size, m.rc, th.rc);
		if (th.rc != 0)
			cr_assert_eq(m.error, th.error, "%s with *size %u: errno %s, getsockopt's %s", c->name, size,
				     strerror(m.error), strerror(th.error));
		cr_assert_eq(m.len, th.len, "%s with *size %u: *size %u, getsockopt's %u", c->name, size, m.len,
			     th.len);
		cr_assert_eq(memcmp(mine, theirs, sizeof mine), 0,
			     "%s with *size %u: the buffer differs from getsockopt's", c->name, size);
	}
	two_associations_teardown(&t);
}

#define OPTION_TESTS(NAME)                                                                           \
	Test(sctp_opt_info_kernel, opt_specifies_the_sctp_socket_option_to_get__##NAME)               \
	{                                                                                            \
		check_same_as_getsockopt(&case_##NAME);                                              \
	}                                                                                            \
	Test(sctp_opt_info_kernel, size_smaller_than_the_option_fails_with_the_kernels_einval__##NAME) \
	{                                                                                            \
		check_too_small(&case_##NAME);                                                       \
	}                                                                                            \
	Test(sctp_opt_info_kernel, size_smaller_than_an_id_gets_no_id_written__##NAME)               \
	{                                                                                            \
		KNOWN_UPSTREAM_DIVERGENCE("opt-info-short-size");                                    \
		check_shorter_than_an_id(&case_##NAME);                                              \
	}

/* An option lksctp's sctp_opt_info does not know: -1 with errno ENOTSUP
 * (lksctp returns ENOTSUP itself, positive), nothing written, *size
 * unchanged. */
static void check_not_known(const struct option_case *c)
{
	struct two_associations t = two_associations_setup();
	size_t total = c->size + TAIL;
	uint8_t *buffer = malloc(total);
	cr_assert_not_null(buffer);
	memset(buffer, CANARY, total);
	socklen_t len = (socklen_t)c->size;
	assert_fails_with(sctp_opt_info(t.client, t.second, c->opt, buffer, &len), ENOTSUP);
	cr_assert_eq(len, (socklen_t)c->size, "%s: *size changed to %u", c->name, (unsigned)len);
	assert_canary(buffer, 0, total, c->name);
	free(buffer);
	two_associations_teardown(&t);
}

#define NOT_KNOWN_OPTION_TESTS(NAME)                                                         \
	Test(sctp_opt_info_kernel, an_option_lksctp_does_not_know_fails_with_enotsup__##NAME)    \
	{                                                                                    \
		KNOWN_UPSTREAM_DIVERGENCE(LKSCTP_UNKNOWN);                                   \
		check_not_known(&case_##NAME);                                               \
	}

/* The 17 lksctp knows. */
OPTION_TESTS(SCTP_RTOINFO)
OPTION_TESTS(SCTP_ASSOCINFO)
OPTION_TESTS(SCTP_INITMSG)
OPTION_TESTS(SCTP_NODELAY)
OPTION_TESTS(SCTP_AUTOCLOSE)
OPTION_TESTS(SCTP_PRIMARY_ADDR)
OPTION_TESTS(SCTP_DISABLE_FRAGMENTS)
OPTION_TESTS(SCTP_PEER_ADDR_PARAMS)
OPTION_TESTS(SCTP_DEFAULT_SEND_PARAM)
OPTION_TESTS(SCTP_EVENTS)
OPTION_TESTS(SCTP_I_WANT_MAPPED_V4_ADDR)
OPTION_TESTS(SCTP_MAXSEG)
OPTION_TESTS(SCTP_AUTH_ACTIVE_KEY)
OPTION_TESTS(SCTP_STATUS)
OPTION_TESTS(SCTP_GET_PEER_ADDR_INFO)
OPTION_TESTS(SCTP_PEER_AUTH_CHUNKS)
OPTION_TESTS(SCTP_LOCAL_AUTH_CHUNKS)

NOT_KNOWN_OPTION_TESTS(SCTP_ADAPTATION_LAYER)
NOT_KNOWN_OPTION_TESTS(SCTP_DELAYED_SACK)
NOT_KNOWN_OPTION_TESTS(SCTP_CONTEXT)
NOT_KNOWN_OPTION_TESTS(SCTP_FRAGMENT_INTERLEAVE)
NOT_KNOWN_OPTION_TESTS(SCTP_PARTIAL_DELIVERY_POINT)
NOT_KNOWN_OPTION_TESTS(SCTP_MAX_BURST)
NOT_KNOWN_OPTION_TESTS(SCTP_HMAC_IDENT)
NOT_KNOWN_OPTION_TESTS(SCTP_PEER_ADDR_THLDS)
NOT_KNOWN_OPTION_TESTS(SCTP_PEER_ADDR_THLDS_V2)
NOT_KNOWN_OPTION_TESTS(SCTP_AUTO_ASCONF)
NOT_KNOWN_OPTION_TESTS(SCTP_RECVRCVINFO)
NOT_KNOWN_OPTION_TESTS(SCTP_RECVNXTINFO)
NOT_KNOWN_OPTION_TESTS(SCTP_DEFAULT_SNDINFO)
NOT_KNOWN_OPTION_TESTS(SCTP_REUSE_PORT)
NOT_KNOWN_OPTION_TESTS(SCTP_PR_SUPPORTED)
NOT_KNOWN_OPTION_TESTS(SCTP_DEFAULT_PRINFO)
NOT_KNOWN_OPTION_TESTS(SCTP_RECONFIG_SUPPORTED)
NOT_KNOWN_OPTION_TESTS(SCTP_ENABLE_STREAM_RESET)
NOT_KNOWN_OPTION_TESTS(SCTP_STREAM_SCHEDULER)
NOT_KNOWN_OPTION_TESTS(SCTP_STREAM_SCHEDULER_VALUE)
NOT_KNOWN_OPTION_TESTS(SCTP_INTERLEAVING_SUPPORTED)
NOT_KNOWN_OPTION_TESTS(SCTP_EVENT)
NOT_KNOWN_OPTION_TESTS(SCTP_ASCONF_SUPPORTED)
NOT_KNOWN_OPTION_TESTS(SCTP_AUTH_SUPPORTED)
NOT_KNOWN_OPTION_TESTS(SCTP_ECN_SUPPORTED)
NOT_KNOWN_OPTION_TESTS(SCTP_EXPOSE_POTENTIALLY_FAILED_STATE)
NOT_KNOWN_OPTION_TESTS(SCTP_REMOTE_UDP_ENCAPS_PORT)
NOT_KNOWN_OPTION_TESTS(SCTP_PLPMTUD_PROBE_INTERVAL)
NOT_KNOWN_OPTION_TESTS(SCTP_GET_ASSOC_NUMBER)
NOT_KNOWN_OPTION_TESTS(SCTP_GET_ASSOC_ID_LIST)
NOT_KNOWN_OPTION_TESTS(SCTP_GET_PEER_ADDRS)
NOT_KNOWN_OPTION_TESTS(SCTP_GET_LOCAL_ADDRS)
NOT_KNOWN_OPTION_TESTS(SCTP_GET_ASSOC_STATS)
NOT_KNOWN_OPTION_TESTS(SCTP_PR_ASSOC_STATUS)
NOT_KNOWN_OPTION_TESTS(SCTP_PR_STREAM_STATUS)

/* The shorter, older forms of a structure the kernel also takes. */

Test(sctp_opt_info_kernel, opt_specifies_the_sctp_socket_option_to_get__SCTP_PEER_ADDR_PARAMS_without_spp_ipv6_flowlabel)
{
	/* 152 bytes: the structure up to spp_flags, rounded up to 4. */
	compare_with_getsockopt(&case_SCTP_PEER_ADDR_PARAMS, case_SCTP_PEER_ADDR_PARAMS.smallest);
}

/* --- the id selects the association ----------------------------------------- */

static void assert_primary(const struct sctp_status *status, const char *ip, uint16_t port)
{
	struct sockaddr_in want = sctp_test_v4(ip, port);
	struct sockaddr_in got;
	memcpy(&got, &status->sstat_primary.spinfo_address, sizeof got);
	cr_assert_eq(got.sin_family, AF_INET);
	cr_assert_eq(got.sin_port, want.sin_port, "primary port %u, expected %u", ntohs(got.sin_port), port);
	cr_assert_eq(got.sin_addr.s_addr, want.sin_addr.s_addr, "primary address is not %s", ip);
}

Test(sctp_opt_info_kernel, for_one_to_many_style_sockets_id_specifies_the_association_to_query_sctp_status)
{
	struct two_associations t = two_associations_setup();
	struct sctp_status status;
	socklen_t len;

	memset(&status, CANARY, sizeof status);
	len = sizeof status;
	assert_returns(sctp_opt_info(t.client, t.first, SCTP_STATUS, &status, &len), 0);
	cr_assert_eq(len, sizeof status);
	cr_assert_eq(status.sstat_assoc_id, t.first);
	cr_assert_eq(status.sstat_state, SCTP_ESTABLISHED);
	assert_primary(&status, "127.0.0.1", t.port1);
	cr_assert_eq(status.sstat_primary.spinfo_assoc_id, t.first);

	memset(&status, CANARY, sizeof status);
	len = sizeof status;
	assert_returns(sctp_opt_info(t.client, t.second, SCTP_STATUS, &status, &len), 0);
	cr_assert_eq(status.sstat_assoc_id, t.second);
	assert_primary(&status, "127.0.0.2", t.port2);
	cr_assert_eq(status.sstat_primary.spinfo_assoc_id, t.second);

	/* An id that names no association. */
	memset(&status, 0, sizeof status);
	len = sizeof status;
	sctp_assoc_t none = (t.first > t.second ? t.first : t.second) + 1000;
	assert_fails_with(sctp_opt_info(t.client, none, SCTP_STATUS, &status, &len), EINVAL);
	two_associations_teardown(&t);
}

Test(sctp_opt_info_kernel, for_one_to_many_style_sockets_id_specifies_the_association_to_query_sctp_get_peer_addr_info)
{
	struct two_associations t = two_associations_setup();
	struct sockaddr_in second_peer = sctp_test_v4("127.0.0.2", t.port2);
	struct sctp_paddrinfo info;

	memset(&info, 0, sizeof info);
	memcpy(&info.spinfo_address, &second_peer, sizeof second_peer);
	socklen_t len = sizeof info;
	assert_returns(sctp_opt_info(t.client, t.second, SCTP_GET_PEER_ADDR_INFO, &info, &len), 0);
	cr_assert_eq(info.spinfo_assoc_id, t.second);
	cr_assert_eq(info.spinfo_state, SCTP_ACTIVE, "state %d", info.spinfo_state);

	/* The second server's address is no peer address of the first association. */
	memset(&info, 0, sizeof info);
	memcpy(&info.spinfo_address, &second_peer, sizeof second_peer);
	len = sizeof info;
	assert_fails_with(sctp_opt_info(t.client, t.first, SCTP_GET_PEER_ADDR_INFO, &info, &len), EINVAL);
	two_associations_teardown(&t);
}

/* lksctp writes the id over the first 4 bytes of struct sctp_sndrcvinfo
 * (sinfo_stream, sinfo_ssn), which the kernel then overwrites; the kernel
 * reads the association from sinfo_assoc_id, at offset 28, where the
 * caller puts it. A program that sets it gets that association's defaults,
 * whatever id it passes. */
Test(sctp_opt_info_kernel, sctp_default_send_param_queries_the_association_in_sinfo_assoc_id_as_lksctp_does)
{
	cr_assert_eq(offsetof(struct sctp_sndrcvinfo, sinfo_assoc_id), 28);
	struct two_associations t = two_associations_setup();
	struct sctp_sndrcvinfo info;

	memset(&info, 0, sizeof info);
	info.sinfo_assoc_id = t.second;
	socklen_t len = sizeof info;
	assert_returns(sctp_opt_info(t.client, t.second, SCTP_DEFAULT_SEND_PARAM, &info, &len), 0);
	cr_assert_eq(len, sizeof info);
	cr_assert_eq(info.sinfo_assoc_id, t.second);
	cr_assert_eq(info.sinfo_ppid, SECOND_PPID, "sinfo_ppid %#x", info.sinfo_ppid);
	cr_assert_eq(info.sinfo_context, SECOND_CONTEXT);
	cr_assert_eq(info.sinfo_stream, SECOND_STREAM);

	memset(&info, 0, sizeof info);
	info.sinfo_assoc_id = t.first;
	len = sizeof info;
	assert_returns(sctp_opt_info(t.client, t.second, SCTP_DEFAULT_SEND_PARAM, &info, &len), 0);
	cr_assert_eq(info.sinfo_assoc_id, t.first);
	cr_assert_eq(info.sinfo_ppid, 0, "the first association has the second's sinfo_ppid");
	cr_assert_eq(info.sinfo_stream, 0);

	/* An id in sinfo_assoc_id that names no association: the kernel's
	 * EINVAL, with the id passed written at offset 0. */
	memset(&info, 0, sizeof info);
	info.sinfo_assoc_id = t.second + 1000;
	len = sizeof info;
	assert_fails_with(sctp_opt_info(t.client, t.second, SCTP_DEFAULT_SEND_PARAM, &info, &len), EINVAL);
	sctp_assoc_t written;
	memcpy(&written, &info, sizeof written);
	cr_assert_eq(written, t.second);
	two_associations_teardown(&t);
}

Test(sctp_opt_info_kernel, for_one_to_one_style_sockets_id_is_ignored)
{
	uint16_t port;
	int server;
	int client = connected_ipv4_client(SOCK_STREAM, &server, &port);
	struct sctp_status reference;
	memset(&reference, 0, sizeof reference);
	socklen_t len = sizeof reference;
	cr_assert_eq(getsockopt(client, SOL_SCTP, SCTP_STATUS, &reference, &len), 0);

	sctp_assoc_t ids[] = { 0, 424242, -3 };
	for (size_t i = 0; i < 3; i++) {
		struct sctp_status status;
		memset(&status, CANARY, sizeof status);
		len = sizeof status;
		assert_returns(sctp_opt_info(client, ids[i], SCTP_STATUS, &status, &len), 0);
		cr_assert_eq(len, sizeof status);
		cr_assert_eq(status.sstat_assoc_id, reference.sstat_assoc_id);
		cr_assert_eq(status.sstat_state, SCTP_ESTABLISHED);
		assert_primary(&status, "127.0.0.1", port);
	}
	close(client);
	close(server);
}

/* --- size is a value-result parameter --------------------------------------- */

Test(sctp_opt_info_kernel, size_is_modified_on_return_to_indicate_the_actual_size_of_the_value_returned)
{
	struct two_associations t = two_associations_setup();
	uint8_t buffer[64 + TAIL];

	/* An int in a 64-byte buffer: 4 bytes, the rest untouched. */
	memset(buffer, CANARY, sizeof buffer);
	socklen_t len = 64;
	assert_returns(sctp_opt_info(t.client, t.second, SCTP_NODELAY, buffer, &len), 0);
	cr_assert_eq(len, sizeof(int), "SCTP_NODELAY: *size %u", (unsigned)len);
	assert_canary(buffer, sizeof(int), sizeof buffer, "SCTP_NODELAY");

	/* The events structure. */
	memset(buffer, CANARY, sizeof buffer);
	len = 64;
	assert_returns(sctp_opt_info(t.client, t.second, SCTP_EVENTS, buffer, &len), 0);
	cr_assert_eq(len, sizeof(struct sctp_event_subscribe), "SCTP_EVENTS: *size %u", (unsigned)len);
	assert_canary(buffer, sizeof(struct sctp_event_subscribe), sizeof buffer, "SCTP_EVENTS");
	two_associations_teardown(&t);
}

/* --- errors ----------------------------------------------------------------- */

Test(sctp_opt_info_kernel, on_failure_minus_1_is_returned_with_errno_enotsup_for_an_option_lksctp_does_not_know)
{
	KNOWN_UPSTREAM_DIVERGENCE(LKSCTP_UNKNOWN);
	struct two_associations t = two_associations_setup();
	uint8_t buffer[256];
	int unknown[] = { 12345, -1, 99, SCTP_SOCKOPT_BINDX_ADD };
	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
		memset(buffer, CANARY, sizeof buffer);
		socklen_t len = sizeof buffer;
		assert_fails_with(sctp_opt_info(t.client, t.second, unknown[i], buffer, &len), ENOTSUP);
		cr_assert_eq(len, sizeof buffer);
		assert_canary(buffer, 0, sizeof buffer, "an unknown option");
	}
	two_associations_teardown(&t);
}

Test(sctp_opt_info_kernel, on_failure_minus_1_is_returned_with_errno_efault_for_a_null_arg)
{
	KNOWN_UPSTREAM_DIVERGENCE("opt-info-null-arg");
	struct two_associations t = two_associations_setup();
	socklen_t len = sizeof(struct sctp_status);
	assert_fails_with(sctp_opt_info(t.client, t.second, SCTP_STATUS, NULL, &len), EFAULT);
	cr_assert_eq(len, sizeof(struct sctp_status));
	two_associations_teardown(&t);
}

/* A NULL size goes to the kernel, which fails it with EFAULT; the id is
 * written at offset 0 first, as lksctp writes it. */
Test(sctp_opt_info_kernel, a_null_size_fails_with_the_kernels_efault_after_the_id_is_written)
{
	struct two_associations t = two_associations_setup();
	struct sctp_status status;
	memset(&status, CANARY, sizeof status);
	assert_fails_with(sctp_opt_info(t.client, t.second, SCTP_STATUS, &status, NULL), EFAULT);
	cr_assert_eq(status.sstat_assoc_id, t.second);
	assert_canary((const uint8_t *)&status, sizeof(sctp_assoc_t), sizeof status, "SCTP_STATUS with a NULL size");
	two_associations_teardown(&t);
}

/* --- without an SCTP kernel ------------------------------------------------- */

Test(sctp_opt_info, sd_ebadf_for_a_descriptor_that_is_not_open)
{
	struct sctp_status status;
	memset(&status, 0, sizeof status);
	socklen_t len = sizeof status;
	assert_fails_with(sctp_opt_info(-1, 1, SCTP_STATUS, &status, &len), EBADF);
}

Test(sctp_opt_info, sd_enotsock_for_a_file)
{
	int fd = sctp_test_file_descriptor();
	struct sctp_status status;
	memset(&status, 0, sizeof status);
	socklen_t len = sizeof status;
	assert_fails_with(sctp_opt_info(fd, 1, SCTP_STATUS, &status, &len), ENOTSOCK);
	close(fd);
}

Test(sctp_opt_info, on_failure_minus_1_is_returned_on_a_socket_that_is_not_sctp)
{
	int families[] = { AF_INET, AF_INET6 };
	for (size_t i = 0; i < 2; i++) {
		int fd = sctp_test_udp_socket(families[i]);
		struct sctp_status status;
		memset(&status, 0, sizeof status);
		socklen_t len = sizeof status;
		errno = 0;
		int rc = sctp_opt_info(fd, 1, SCTP_STATUS, &status, &len);
		int error = errno;
		cr_assert_eq(rc, -1, "sctp_opt_info on a UDP socket returned %d", rc);
		cr_assert(error == EOPNOTSUPP || error == ENOPROTOOPT,
			  "errno %d (%s), expected the kernel's EOPNOTSUPP or ENOPROTOOPT", error, strerror(error));
		close(fd);
	}
}

Test(sctp_opt_info, on_failure_minus_1_is_returned_with_errno_enotsup_for_an_option_lksctp_does_not_know)
{
	KNOWN_UPSTREAM_DIVERGENCE(LKSCTP_UNKNOWN);
	int fd = sctp_test_udp_socket(AF_INET);
	uint8_t buffer[64];
	socklen_t len = sizeof buffer;
	assert_fails_with(sctp_opt_info(fd, 1, 12345, buffer, &len), ENOTSUP);
	assert_fails_with(sctp_opt_info(fd, 1, SCTP_CONTEXT, NULL, &len), ENOTSUP);
	close(fd);
}

Test(sctp_opt_info, on_failure_minus_1_is_returned_with_errno_efault_for_a_null_arg)
{
	KNOWN_UPSTREAM_DIVERGENCE("opt-info-null-arg");
	int fd = sctp_test_udp_socket(AF_INET);
	socklen_t len = sizeof(struct sctp_status);
	assert_fails_with(sctp_opt_info(fd, 1, SCTP_STATUS, NULL, &len), EFAULT);
	close(fd);
}

/* With a NULL size, or one smaller than the option, lksctp still writes the
 * id at offset 0 and asks the kernel, whose error for the descriptor comes
 * back. */
static void assert_the_kernel_answers_after_the_id_is_written(socklen_t *size)
{
	int fd = sctp_test_udp_socket(AF_INET);
	uint8_t buffer[sizeof(struct sctp_status) + TAIL];
	memset(buffer, CANARY, sizeof buffer);
	errno = 0;
	int rc = sctp_opt_info(fd, 7, SCTP_STATUS, buffer, size);
	int error = errno;
	cr_assert_eq(rc, -1, "sctp_opt_info on a UDP socket returned %d", rc);
	cr_assert(error == EOPNOTSUPP || error == ENOPROTOOPT,
		  "errno %d (%s), expected the kernel's EOPNOTSUPP or ENOPROTOOPT", error, strerror(error));
	sctp_assoc_t written;
	memcpy(&written, buffer, sizeof written);
	cr_assert_eq(written, 7, "the id was not written at offset 0");
	assert_canary(buffer, sizeof written, sizeof buffer, "SCTP_STATUS");
	close(fd);
}

Test(sctp_opt_info, a_null_size_reaches_the_kernel_after_the_id_is_written)
{
	assert_the_kernel_answers_after_the_id_is_written(NULL);
}

Test(sctp_opt_info, a_size_smaller_than_the_option_reaches_the_kernel_after_the_id_is_written)
{
	socklen_t len = sizeof(struct sctp_status) - 1;
	assert_the_kernel_answers_after_the_id_is_written(&len);
	cr_assert_eq(len, sizeof(struct sctp_status) - 1);
}
