/* libFuzzer harness of the ancillary-data parser of sctp_recvmsg(3) and
 * sctp_recvv(3) (Sources/SCTP/ControlMessages.swift, Receive.swift).
 *
 * recvmsg(2) is this file's: it writes the input's bytes as the control data
 * (filling the library's whole control buffer, so that what the library may
 * read is known), and reports the input's msg_controllen (also beyond the
 * buffer, as no kernel would), msg_flags, msg_namelen and result (or -1 with
 * an errno). The library must then:
 *   - read nothing outside its control buffer and write nothing outside the
 *     caller's buffers (ASan; the caller's are exactly-sized heap blocks);
 *   - return -1, with the fake's errno and no output touched, exactly when
 *     recvmsg failed (as it does, EMSGSIZE, for sctp_recvv's negative
 *     iovlen, passed on as lksctp passes it), and recvmsg's result otherwise;
 *   - hand recvmsg the caller's buffers, name length and flags, and give back
 *     recvmsg's flags, with MSG_CTRUNC when lksctp's smaller control buffer
 *     would have been cut;
 *   - as lksctp 1.0.21, set sinfo_assoc_id to 0 and copy into *sinfo the first
 *     SCTP_SNDRCV message lying whole inside the reported control data (and
 *     the buffer), leaving the rest of *sinfo alone when there is none;
 *   - as lksctp, write nothing of sctp_recvv's info, *infolen and *infotype
 *     unless all three are given, then take the first two whole
 *     SCTP_RCVINFO/SCTP_NXTINFO messages in their order, each while *infolen
 *     holds it and what came before, and write nothing else (*infolen stays
 *     with SCTP_RECVV_NOINFO).
 *
 * Input: a few choice bytes (see take_call), then the control data. */
#include "fuzz.h"

/* --- the fake kernel --------------------------------------------------------- */

static struct {
	/* What it answers, from the input. */
	bool fail;
	int error;
	ssize_t result;
	uint64_t reported_control_length;
	int flags_out;
	socklen_t name_length_out;
	const uint8_t *control;
	size_t control_size;
	/* What the library asked: the last call. */
	int calls;
	struct msghdr seen;
	struct iovec seen_iov; /* the first, which may live on the library's stack */
	int seen_flags;
	uint8_t written[4096]; /* the control buffer as the fake left it */
} kernel;

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	(void)fd;
	kernel.calls++;
	kernel.seen = *msg;
	if (msg->msg_iovlen > 0)
		kernel.seen_iov = msg->msg_iov[0];
	kernel.seen_flags = flags;
	if (msg->msg_iovlen > IOV_MAX) {
		/* Linux refuses it before it touches anything. */
		errno = EMSGSIZE;
		return -1;
	}
	size_t capacity = msg->msg_controllen;
	FUZZ_CHECK(msg->msg_control != NULL && capacity > 0 && capacity <= sizeof kernel.written,
		   "control buffer %p of %zu bytes", msg->msg_control, capacity);
	/* Even a failing call leaves bytes and lengths behind here: the library
	 * must not look at them then. */
	memset(kernel.written, 0, capacity);
	memcpy(kernel.written, kernel.control,
	       kernel.control_size < capacity ? kernel.control_size : capacity);
	memcpy(msg->msg_control, kernel.written, capacity);
	if (msg->msg_name != NULL) {
		socklen_t n = kernel.name_length_out < msg->msg_namelen ? kernel.name_length_out
									: msg->msg_namelen;
		memset(msg->msg_name, 0x5A, n);
		/* As Linux, which writes msg_namelen back only with a msg_name. */
		msg->msg_namelen = kernel.name_length_out;
	}
	msg->msg_controllen = (size_t)kernel.reported_control_length;
	msg->msg_flags = kernel.flags_out;
	if (kernel.fail) {
		errno = kernel.error;
		return -1;
	}
	return kernel.result;
}

/* --- the model: what whole SCTP messages the control data holds -------------- */

/* The first SCTP_SNDRCV, and the first two SCTP_RCVINFO or SCTP_NXTINFO, in
 * their order, of the whole messages. */
struct model {
	const uint8_t *sndrcv;
	int attribute_types[2];
	const uint8_t *attributes[2];
	int attribute_count;
};

/* The messages as the kernel lays them out (put_cmsg): headers at
 * CMSG_ALIGN'ed offsets, each cmsg_len covering header and data, the last
 * one's padding possibly cut; a header that does not fit, or a length that
 * does, ends the list. Only the bytes both reported and in the buffer count. */
static void model_control(struct model *m, const uint8_t *control, uint64_t reported, size_t capacity)
{
	memset(m, 0, sizeof *m);
	size_t length = reported < capacity ? (size_t)reported : capacity;
	size_t offset = 0;
	while (length - offset >= sizeof(struct cmsghdr)) {
		struct cmsghdr header;
		memcpy(&header, control + offset, sizeof header);
		if (header.cmsg_len < sizeof header || header.cmsg_len > length - offset)
			break;
		size_t data_length = header.cmsg_len - CMSG_LEN(0);
		const uint8_t *data = control + offset + CMSG_LEN(0);
		if (header.cmsg_level == IPPROTO_SCTP) {
			if (header.cmsg_type == SCTP_SNDRCV && data_length >= sizeof(struct sctp_sndrcvinfo) &&
			    m->sndrcv == NULL)
				m->sndrcv = data;
			bool whole_attribute =
				(header.cmsg_type == SCTP_RCVINFO && data_length >= sizeof(struct sctp_rcvinfo)) ||
				(header.cmsg_type == SCTP_NXTINFO && data_length >= sizeof(struct sctp_nxtinfo));
			if (whole_attribute && m->attribute_count < 2) {
				m->attribute_types[m->attribute_count] = header.cmsg_type;
				m->attributes[m->attribute_count++] = data;
			}
		}
		size_t advance = CMSG_ALIGN(header.cmsg_len);
		if (advance > length - offset)
			break;
		offset += advance;
	}
}

/* lksctp's sctp_recvv walk over the model: what info, *infotype and *infolen
 * end as, written into `info` (which holds the caller's bytes before). */
static unsigned lksctp_walk(const struct model *m, uint8_t *info, int capacity, socklen_t *infolen)
{
	const int rcv = sizeof(struct sctp_rcvinfo), nxt = sizeof(struct sctp_nxtinfo);
	unsigned type = SCTP_RECVV_NOINFO;
	for (int i = 0; i < m->attribute_count; i++) {
		if (m->attribute_types[i] == SCTP_RCVINFO) {
			if (type == SCTP_RECVV_NOINFO && capacity >= rcv) {
				memcpy(info, m->attributes[i], rcv);
				type = SCTP_RECVV_RCVINFO;
				*infolen = rcv;
			} else if (type == SCTP_RECVV_NXTINFO && capacity >= rcv + nxt) {
				memmove(info + rcv, info, nxt);
				memcpy(info, m->attributes[i], rcv);
				type = SCTP_RECVV_RN;
				*infolen = rcv + nxt;
			} else {
				break;
			}
		} else {
			if (type == SCTP_RECVV_NOINFO && capacity >= nxt) {
				memcpy(info, m->attributes[i], nxt);
				type = SCTP_RECVV_NXTINFO;
				*infolen = nxt;
			} else if (type == SCTP_RECVV_RCVINFO && capacity >= rcv + nxt) {
				memcpy(info + rcv, m->attributes[i], nxt);
				type = SCTP_RECVV_RN;
				*infolen = rcv + nxt;
			} else {
				break;
			}
		}
	}
	return type;
}

/* --- one call ----------------------------------------------------------------- */

enum {
	CALL_RECVV = 1 << 0,
	NULL_FROM = 1 << 1,
	NULL_FROMLEN = 1 << 2,
	NULL_INFO = 1 << 3, /* sinfo of sctp_recvmsg, info of sctp_recvv */
	NULL_FLAGS = 1 << 4,
	NULL_INFOLEN = 1 << 5,
	NULL_INFOTYPE = 1 << 6,
	NEGATIVE_IOVLEN = 1 << 7,
};

/* The caller's side of one call: buffers the library may write, each an
 * exactly-sized heap block filled with FUZZ_PATTERN. */
struct caller {
	unsigned call;
	uint8_t *data;
	size_t data_size;
	struct iovec iov;
	int iovlen;
	struct sockaddr *from;
	socklen_t from_size, fromlen;
	uint8_t *info;
	socklen_t info_size, infolen;
	unsigned infotype;
	int flags_in, flags;
	struct sctp_sndrcvinfo *sinfo;
};

static void take_call(struct fuzz_input *in, struct caller *c)
{
	c->call = fuzz_take_u8(in);
	uint8_t outcome = fuzz_take_u8(in);
	kernel.fail = outcome % 4 == 3;
	kernel.error = fuzz_errno(fuzz_take_u8(in));
	kernel.result = fuzz_take_u32(in) & INT_MAX;
	uint8_t length_mode = fuzz_take_u8(in);
	uint64_t length = fuzz_take_u64(in);
	switch (length_mode % 4) {
	case 0: kernel.reported_control_length = length; break;     /* anything */
	case 1: kernel.reported_control_length = length % 512; break; /* around the buffer */
	case 2: kernel.reported_control_length = UINT64_MAX - length % 64; break;
	default: kernel.reported_control_length = 0; break;   /* set below: the bytes given */
	}
	kernel.flags_out = (int)fuzz_take_u32(in);
	kernel.name_length_out = fuzz_take_u32(in) % 256;
	c->from_size = fuzz_take_u8(in) % 129;
	c->info_size = fuzz_take_u8(in) % 64;
	c->flags_in = (int)fuzz_take_u32(in);
	c->data_size = fuzz_take_u8(in);
	kernel.control = in->data;
	kernel.control_size = in->size;
	if (length_mode % 4 == 3)
		kernel.reported_control_length = in->size;

	c->data = malloc(c->data_size ? c->data_size : 1);
	c->iov = (struct iovec){ .iov_base = c->data, .iov_len = c->data_size };
	c->iovlen = c->call & NEGATIVE_IOVLEN ? -(int)(outcome / 4 + 1) : 1;
	c->from = malloc(c->from_size ? c->from_size : 1);
	memset(c->from, FUZZ_PATTERN, c->from_size);
	c->fromlen = c->from_size;
	c->info = malloc(c->info_size ? c->info_size : 1);
	memset(c->info, FUZZ_PATTERN, c->info_size);
	c->infolen = c->info_size;
	c->infotype = 0xA5A5A5A5u;
	c->flags = c->flags_in;
	c->sinfo = malloc(sizeof *c->sinfo);
	memset(c->sinfo, FUZZ_PATTERN, sizeof *c->sinfo);
}

static void free_call(struct caller *c)
{
	free(c->data);
	free(c->from);
	free(c->info);
	free(c->sinfo);
}

static int make_call(struct caller *c)
{
	unsigned k = c->call;
	struct sockaddr *from = k & NULL_FROM ? NULL : c->from;
	socklen_t *fromlen = k & NULL_FROMLEN ? NULL : &c->fromlen;
	int *flags = k & NULL_FLAGS ? NULL : &c->flags;
	if (!(k & CALL_RECVV))
		return sctp_recvmsg(3, c->data, c->data_size, from, fromlen,
				    k & NULL_INFO ? NULL : c->sinfo, flags);
	return sctp_recvv(3, &c->iov, c->iovlen, from, fromlen, k & NULL_INFO ? NULL : c->info,
			  k & NULL_INFOLEN ? NULL : &c->infolen,
			  k & NULL_INFOTYPE ? NULL : &c->infotype, flags);
}

/* Nothing the caller passed was written: what a failed call leaves. */
static void check_untouched(const struct caller *c)
{
	FUZZ_CHECK(c->fromlen == c->from_size, "fromlen %u written", c->fromlen);
	FUZZ_CHECK(c->flags == c->flags_in, "flags %#x written", c->flags);
	FUZZ_CHECK(fuzz_untouched(c->sinfo, sizeof *c->sinfo), "sinfo written");
	FUZZ_CHECK(fuzz_untouched(c->info, c->info_size), "info written");
	FUZZ_CHECK(c->infolen == c->info_size, "infolen %u written", c->infolen);
	FUZZ_CHECK(c->infotype == 0xA5A5A5A5u, "infotype %u written", c->infotype);
}

/* The buffers the library handed recvmsg are the caller's. */
static void check_request(const struct caller *c)
{
	unsigned k = c->call;
	const struct msghdr *m = &kernel.seen;
	FUZZ_CHECK(m->msg_iovlen == 1, "msg_iovlen %zu", (size_t)m->msg_iovlen);
	if (k & CALL_RECVV) {
		FUZZ_CHECK(m->msg_iov == &c->iov, "msg_iov is not the caller's");
	} else {
		FUZZ_CHECK(kernel.seen_iov.iov_base == c->data && kernel.seen_iov.iov_len == c->data_size,
			   "iovec {%p, %zu}", kernel.seen_iov.iov_base, kernel.seen_iov.iov_len);
	}
	void *from = k & NULL_FROM ? NULL : c->from;
	/* The kernel ignores msg_namelen without msg_name: *fromlen goes as it is. */
	socklen_t namelen = k & NULL_FROMLEN ? 0 : c->from_size;
	FUZZ_CHECK(m->msg_name == from && m->msg_namelen == namelen, "msg_name %p of %u",
		   m->msg_name, m->msg_namelen);
	FUZZ_CHECK(kernel.seen_flags == (k & NULL_FLAGS ? 0 : c->flags_in), "recvmsg flags %#x",
		   kernel.seen_flags);
}

static void check_recvmsg_sinfo(const struct caller *c, const struct model *m)
{
	if (c->call & NULL_INFO)
		return;
	struct sctp_sndrcvinfo expected;
	memset(&expected, FUZZ_PATTERN, sizeof expected);
	expected.sinfo_assoc_id = 0;
	if (m->sndrcv != NULL)
		memcpy(&expected, m->sndrcv, sizeof expected);
	FUZZ_CHECK(memcmp(c->sinfo, &expected, sizeof expected) == 0,
		   "sinfo is not the first SCTP_SNDRCV%s", m->sndrcv ? "" : " (none: sinfo_assoc_id 0 only)");
}

static void check_recvv_info(const struct caller *c, const struct model *m)
{
	unsigned k = c->call;
	if ((k & NULL_INFOTYPE) || (k & NULL_INFO) || (k & NULL_INFOLEN)) {
		/* lksctp writes none of the three then. */
		FUZZ_CHECK(fuzz_untouched(c->info, c->info_size), "info written");
		FUZZ_CHECK(c->infolen == c->info_size, "infolen %u written", c->infolen);
		FUZZ_CHECK(c->infotype == 0xA5A5A5A5u, "infotype written");
		return;
	}
	uint8_t expected[64 + sizeof(struct sctp_recvv_rn)];
	memset(expected, FUZZ_PATTERN, sizeof expected);
	socklen_t expected_length = c->info_size;
	unsigned expected_type = lksctp_walk(m, expected, (int)c->info_size, &expected_length);
	FUZZ_CHECK(c->infotype == expected_type, "infotype %u, expected %u (capacity %u)", c->infotype,
		   expected_type, c->info_size);
	FUZZ_CHECK(c->infolen == expected_length, "infolen %u, expected %u", c->infolen, expected_length);
	FUZZ_CHECK(memcmp(c->info, expected, c->info_size) == 0, "info is not lksctp's");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	struct caller c;
	take_call(&in, &c);
	kernel.calls = 0;
	errno = 0;
	int result = make_call(&c);
	int error = errno;

	if ((c.call & CALL_RECVV) && c.iovlen < 0) {
		FUZZ_CHECK(result == -1 && error == EMSGSIZE, "negative iovlen: %d, errno %d", result, error);
		FUZZ_CHECK(kernel.calls == 1 && kernel.seen.msg_iovlen == (size_t)(ssize_t)c.iovlen,
			   "a negative iovlen did not reach recvmsg as lksctp passes it");
		check_untouched(&c);
		free_call(&c);
		return 0;
	}
	FUZZ_CHECK(kernel.calls == 1, "%d recvmsg calls", kernel.calls);
	check_request(&c);
	if (kernel.fail) {
		FUZZ_CHECK(result == -1 && error == kernel.error, "recvmsg failed (errno %d): %d, errno %d",
			   kernel.error, result, error);
		check_untouched(&c);
		free_call(&c);
		return 0;
	}
	FUZZ_CHECK(result == kernel.result, "returned %d, recvmsg %zd", result, kernel.result);
	/* lksctp's control buffers: one sctp_sndrcvinfo, or an sctp_rcvinfo and an sctp_nxtinfo. */
	size_t lksctp_space = c.call & CALL_RECVV
		? CMSG_SPACE(sizeof(struct sctp_rcvinfo)) + CMSG_SPACE(sizeof(struct sctp_nxtinfo))
		: CMSG_SPACE(sizeof(struct sctp_sndrcvinfo));
	int expected_flags = kernel.flags_out;
	if ((uint64_t)(size_t)kernel.reported_control_length > lksctp_space)
		expected_flags |= MSG_CTRUNC;
	if (!(c.call & NULL_FLAGS))
		FUZZ_CHECK(c.flags == expected_flags, "flags %#x, expected %#x", c.flags, expected_flags);
	if (!(c.call & NULL_FROM) && !(c.call & NULL_FROMLEN))
		FUZZ_CHECK(c.fromlen == kernel.name_length_out, "fromlen %u, recvmsg said %u", c.fromlen,
			   kernel.name_length_out);
	else
		FUZZ_CHECK(c.fromlen == c.from_size, "fromlen %u written", c.fromlen);

	struct model m;
	model_control(&m, kernel.written, kernel.reported_control_length, kernel.seen.msg_controllen);
	if (getenv("SCTP_FUZZ_TRACE"))
		fprintf(stderr, "%s: result %d, SNDRCV %d, attributes %d, infotype %u, infolen %u\n",
			c.call & CALL_RECVV ? "sctp_recvv" : "sctp_recvmsg", result, m.sndrcv != NULL,
			m.attribute_count, c.infotype, c.infolen);
	if (c.call & CALL_RECVV)
		check_recvv_info(&c, &m);
	else
		check_recvmsg_sinfo(&c, &m);
	free_call(&c);
	return 0;
}
