/* libFuzzer harness of the packed address walker (Sources/SCTP/AddressList.swift)
 * through every caller: sctp_bindx(3), the three versions of sctp_connectx(3)
 * (sctp_connectx3 = @@VERS_3, sctp_connectx2 = @VERS_2, sctp_connectx_orig =
 * @VERS_1 and the base), sctp_sendv(3) with addresses, and sctp_sendx.
 *
 * The list is the input's bytes (repeated, for long lists) at the end of a
 * heap block of exactly their size, so that ASan reports any read past it.
 * The count is one the bytes support (some or all of the complete IPv4/IPv6
 * addresses they hold, or more when the next address has another family,
 * which the library must see), or one the library must refuse before
 * reading: 0, negative, INT_MIN, or a NULL list (sctp_bindx and
 * sctp_connectx hand a count of 0 or less to the kernel, as an empty list,
 * as lksctp does). Counts beyond a truncated
 * last address are the caller's bug, which no library can detect: never
 * passed.
 *
 * setsockopt, getsockopt and sendmsg are this file's, so no kernel is needed;
 * they check that what the library hands over lies within the caller's list
 * and spans exactly the addresses counted, each AF_INET or AF_INET6 of its
 * length; that sendmsg's name is the first address and its ancillary data
 * the attributes then one SCTP_DSTADDRV4/V6 per further address; and they
 * answer (success, an id, or an errno) as the input says. The call must
 * return -1 with EINVAL or EFAULT, reaching no fake, exactly when its
 * arguments are invalid by its man page; otherwise its result and errno
 * are those of the last fake call, and the ids it writes those the fake gave.
 *
 * Input: a few choice bytes (see take_call), then the address bytes. */
#include "fuzz.h"

/* The exported names of the versions of sctp_connectx (abi/symver.s gives
 * them their versioned names in the release build). */
#include "../../Sources/CSCTP/csctp.h"

/* --- the list and what the caller passes ------------------------------------- */

enum call_kind { BINDX, CONNECTX3, CONNECTX2, CONNECTX_ORIG, SENDV, SENDX, CALL_KINDS };

static const char *const call_names[] = {
	"sctp_bindx", "sctp_connectx3", "sctp_connectx2", "sctp_connectx_orig", "sctp_sendv", "sctp_sendx",
};

/* What the bytes hold: `complete` whole IPv4/IPv6 addresses, then either
 * their end (or a truncated address), or an address of another family whose
 * family field is all there (`bad_family`). */
struct list_shape {
	int complete;
	bool bad_family;
};

static struct list_shape shape_of(const uint8_t *bytes, size_t size)
{
	struct list_shape shape = { 0, false };
	size_t offset = 0;
	while (size - offset >= sizeof(struct sockaddr)) {
		size_t length = fuzz_address_length(bytes + offset);
		if (length == 0) {
			shape.bad_family = true;
			break;
		}
		if (length > size - offset)
			break;
		offset += length;
		shape.complete++;
	}
	if (!shape.bad_family && size - offset >= offsetof(struct sockaddr, sa_family) + sizeof(sa_family_t)
	    && size - offset < sizeof(struct sockaddr))
		shape.bad_family = fuzz_address_length(bytes + offset) == 0;
	return shape;
}

/* The bytes the first `count` addresses of a list span. */
static size_t span_of(const uint8_t *bytes, int count)
{
	size_t offset = 0;
	for (int i = 0; i < count; i++)
		offset += fuzz_address_length(bytes + offset);
	return offset;
}

static uint16_t port_of(const uint8_t *address)
{
	uint16_t port;
	memcpy(&port, address + offsetof(struct sockaddr_in, sin_port), sizeof port);
	return port;
}

struct caller {
	enum call_kind kind;
	uint8_t *list; /* NULL for a NULL list */
	size_t list_size;
	struct list_shape shape;
	int count;
	int bindx_flags;
	int fd;
	bool want_id;
	sctp_assoc_t id;
	/* sctp_sendv: one iovec, the info, its length and type, the flags. */
	struct iovec iov;
	int iovcnt;
	uint8_t *info;
	socklen_t infolen;
	unsigned infotype;
	int send_flags;
	/* sctp_sendx: the sinfo, or NULL. */
	struct sctp_sndrcvinfo *sinfo;
};

/* --- the fake kernel ---------------------------------------------------------- */

enum request { SET_BINDX_ADD, SET_BINDX_REM, SET_CONNECTX, SET_CONNECTX_OLD, GET_CONNECTX3,
	       GET_PEER_ADDR_INFO, SENDMSG, REQUESTS };

#define MAX_CALLS 4

static struct {
	const struct caller *caller;
	/* How it answers its n-th call: succeed (with `value` as the id or the
	 * count sent), or fail with an errno. */
	bool fail[MAX_CALLS];
	int error[MAX_CALLS];
	int32_t value;
	/* What happened. */
	int calls;
	enum request request[MAX_CALLS];
	int result[MAX_CALLS], errno_of[MAX_CALLS];
} kernel;

/* A request's address list: within the caller's, from its start, spanning
 * exactly its first `count` addresses, each AF_INET or AF_INET6. */
static void check_handed_list(const void *pointer, size_t length, const char *what)
{
	const struct caller *c = kernel.caller;
	if (c->count <= 0 && c->kind < SENDV) {
		/* An empty list, for the kernel to judge (as lksctp). */
		FUZZ_CHECK(pointer == c->list && length == 0, "%s: %p + %zu for a count of %d", what, pointer, length,
			   c->count);
		return;
	}
	FUZZ_CHECK(c->list != NULL && fuzz_within(pointer, length, c->list, c->list_size),
		   "%s: %p + %zu outside the caller's list %p + %zu", what, pointer, length,
		   (void *)c->list, c->list_size);
	FUZZ_CHECK(pointer == c->list, "%s: not the list's start", what);
	FUZZ_CHECK(length == span_of(c->list, c->count), "%s: %zu bytes for %d addresses (%zu)", what,
		   length, c->count, span_of(c->list, c->count));
	size_t offset = 0;
	for (int i = 0; i < c->count; i++) {
		size_t n = fuzz_address_length(c->list + offset);
		FUZZ_CHECK(n != 0, "%s: address %d of another family", what, i);
		offset += n;
	}
	FUZZ_CHECK(offset == length, "%s: addresses span %zu, length %zu", what, offset, length);
}

/* Records the call and answers it from the script: 0 or `success` on
 * success, -1 with the scripted errno otherwise. */
static long answer(enum request request, long success)
{
	FUZZ_CHECK(kernel.calls < MAX_CALLS, "more than %d system calls", MAX_CALLS);
	int n = kernel.calls++;
	kernel.request[n] = request;
	kernel.result[n] = kernel.fail[n] ? -1 : (int)success;
	kernel.errno_of[n] = kernel.fail[n] ? kernel.error[n] : 0;
	if (kernel.fail[n]) {
		errno = kernel.error[n];
		return -1;
	}
	return success;
}

int setsockopt(int fd, int level, int name, const void *value, socklen_t length)
{
	FUZZ_CHECK(fd == kernel.caller->fd && level == SOL_SCTP, "setsockopt(%d, %d, %d)", fd, level, name);
	check_handed_list(value, length, "setsockopt");
	switch (name) {
	case SCTP_SOCKOPT_BINDX_ADD: return (int)answer(SET_BINDX_ADD, 0);
	case SCTP_SOCKOPT_BINDX_REM: return (int)answer(SET_BINDX_REM, 0);
	case SCTP_SOCKOPT_CONNECTX: return (int)answer(SET_CONNECTX, kernel.value & INT_MAX);
	case SCTP_SOCKOPT_CONNECTX_OLD: return (int)answer(SET_CONNECTX_OLD, 0);
	}
	FUZZ_CHECK(false, "setsockopt option %d", name);
	return -1;
}

int getsockopt(int fd, int level, int name, void *restrict value, socklen_t *restrict length)
{
	FUZZ_CHECK(fd == kernel.caller->fd && level == SOL_SCTP && value != NULL && length != NULL,
		   "getsockopt(%d, %d, %d)", fd, level, name);
	if (name == SCTP_SOCKOPT_CONNECTX3) {
		struct sctp_getaddrs_old request;
		FUZZ_CHECK(*length == sizeof request, "CONNECTX3 length %u", *length);
		memcpy(&request, value, sizeof request);
		FUZZ_CHECK(request.addr_num >= 0, "CONNECTX3 addr_num %d", request.addr_num);
		check_handed_list(request.addrs, (size_t)request.addr_num, "SCTP_SOCKOPT_CONNECTX3");
		int result = (int)answer(GET_CONNECTX3, 0);
		/* The id comes back on success, and on EINPROGRESS. */
		if (result == 0 || errno == EINPROGRESS)
			((struct sctp_getaddrs_old *)value)->assoc_id = kernel.value;
		return result;
	}
	if (name == SCTP_GET_PEER_ADDR_INFO) {
		struct sctp_paddrinfo info;
		FUZZ_CHECK(*length == sizeof info, "SCTP_GET_PEER_ADDR_INFO length %u", *length);
		memcpy(&info, value, sizeof info);
		const struct caller *c = kernel.caller;
		FUZZ_CHECK(memcmp(&info.spinfo_address, c->list, fuzz_address_length(c->list)) == 0,
			   "SCTP_GET_PEER_ADDR_INFO for another address than the first");
		int result = (int)answer(GET_PEER_ADDR_INFO, 0);
		if (result == 0)
			((struct sctp_paddrinfo *)value)->spinfo_assoc_id = kernel.value;
		return result;
	}
	FUZZ_CHECK(false, "getsockopt option %d", name);
	return -1;
}

/* The ancillary messages sendmsg must carry, in order. */
struct expected_message {
	int type;
	const void *data;
	size_t size;
};

#define MAX_ATTRIBUTES 4

static int expected_attributes(const struct caller *c, struct expected_message *out)
{
	int n = 0;
	if (c->kind == SENDX) {
		if (c->sinfo)
			out[n++] = (struct expected_message){ SCTP_SNDRCV, c->sinfo, sizeof *c->sinfo };
		return n;
	}
	const uint8_t *info = c->info;
	switch (c->infotype) {
	case SCTP_SENDV_SNDINFO:
		out[n++] = (struct expected_message){ SCTP_SNDINFO, info, sizeof(struct sctp_sndinfo) };
		break;
	case SCTP_SENDV_PRINFO:
		out[n++] = (struct expected_message){ SCTP_PRINFO, info, sizeof(struct sctp_prinfo) };
		break;
	case SCTP_SENDV_AUTHINFO:
		out[n++] = (struct expected_message){ SCTP_AUTHINFO, info, sizeof(struct sctp_authinfo) };
		break;
	case SCTP_SENDV_SPA: {
		uint32_t valid;
		memcpy(&valid, info, sizeof valid);
		if (valid & SCTP_SEND_SNDINFO_VALID)
			out[n++] = (struct expected_message){ SCTP_SNDINFO,
				info + offsetof(struct sctp_sendv_spa, sendv_sndinfo), sizeof(struct sctp_sndinfo) };
		if (valid & SCTP_SEND_PRINFO_VALID)
			out[n++] = (struct expected_message){ SCTP_PRINFO,
				info + offsetof(struct sctp_sendv_spa, sendv_prinfo), sizeof(struct sctp_prinfo) };
		if (valid & SCTP_SEND_AUTHINFO_VALID)
			out[n++] = (struct expected_message){ SCTP_AUTHINFO,
				info + offsetof(struct sctp_sendv_spa, sendv_authinfo), sizeof(struct sctp_authinfo) };
		break;
	}
	}
	return n;
}

/* The next ancillary message of `m` after the one at `offset`: type, data
 * and size, all inside msg_controllen. */
static void check_message(const struct msghdr *m, size_t *offset, const struct expected_message *e,
			  const char *what)
{
	const uint8_t *control = m->msg_control;
	FUZZ_CHECK(control != NULL && m->msg_controllen - *offset >= CMSG_LEN(e->size),
		   "%s: no room for a message of %zu bytes at %zu of %zu", what, e->size, *offset,
		   (size_t)m->msg_controllen);
	struct cmsghdr header;
	memcpy(&header, control + *offset, sizeof header);
	FUZZ_CHECK(header.cmsg_level == IPPROTO_SCTP && header.cmsg_type == e->type
		   && header.cmsg_len == CMSG_LEN(e->size),
		   "%s: message (%d, %d, %zu), expected (%d, %d, %zu)", what, header.cmsg_level,
		   header.cmsg_type, (size_t)header.cmsg_len, IPPROTO_SCTP, e->type, CMSG_LEN(e->size));
	FUZZ_CHECK(memcmp(control + *offset + CMSG_LEN(0), e->data, e->size) == 0, "%s: data differs", what);
	*offset += CMSG_SPACE(e->size);
}

ssize_t sendmsg(int fd, const struct msghdr *m, int flags)
{
	const struct caller *c = kernel.caller;
	FUZZ_CHECK(fd == c->fd && flags == c->send_flags, "sendmsg(%d, flags %#x)", fd, flags);
	/* sctp_sendv without addresses sends to no name. */
	size_t first = c->count == 0 ? 0 : fuzz_address_length(c->list);
	FUZZ_CHECK(m->msg_name == (first ? c->list : NULL) && m->msg_namelen == first,
		   "msg_name %p of %u, list %p", m->msg_name, m->msg_namelen, (void *)c->list);
	FUZZ_CHECK(first == 0 || fuzz_within(m->msg_name, first, c->list, c->list_size),
		   "msg_name outside the list");
	if (c->kind == SENDV) {
		FUZZ_CHECK(m->msg_iov == &c->iov && (int)m->msg_iovlen == c->iovcnt, "sendv's iov not passed");
	} else {
		FUZZ_CHECK(m->msg_iovlen == 1 && m->msg_iov[0].iov_base == c->iov.iov_base
			   && m->msg_iov[0].iov_len == c->iov.iov_len, "sendx's message not passed");
	}
	/* lksctp's order: the later addresses, then the attributes. */
	size_t offset = 0;
	const uint8_t *address = first ? c->list + first : NULL;
	for (int i = 1; i < c->count; i++) {
		size_t length = fuzz_address_length(address);
		struct expected_message e = length == sizeof(struct sockaddr_in)
			? (struct expected_message){ SCTP_DSTADDRV4, address + offsetof(struct sockaddr_in, sin_addr),
						     sizeof(struct in_addr) }
			: (struct expected_message){ SCTP_DSTADDRV6, address + offsetof(struct sockaddr_in6, sin6_addr),
						     sizeof(struct in6_addr) };
		check_message(m, &offset, &e, "destination");
		address += length;
	}
	struct expected_message attributes[MAX_ATTRIBUTES];
	int n = expected_attributes(c, attributes);
	for (int i = 0; i < n; i++)
		check_message(m, &offset, &attributes[i], "attribute");
	FUZZ_CHECK(offset == m->msg_controllen, "msg_controllen %zu, messages %zu", (size_t)m->msg_controllen,
		   offset);
	return answer(SENDMSG, kernel.value & INT_MAX);
}

/* --- one call ----------------------------------------------------------------- */

enum count_choice { ALL, SOME, ZERO, NEGATIVE, MINIMUM, PAST_BAD_FAMILY, MAXIMUM, NULL_LIST, COUNT_CHOICES };

/* Info types of sctp_sendv, and one that is too short. */
enum { SHORT_INFO = SCTP_SENDV_SPA + 1, INFO_CHOICES };

static const size_t info_sizes[] = {
	[SCTP_SENDV_NOINFO] = 0,
	[SCTP_SENDV_SNDINFO] = sizeof(struct sctp_sndinfo),
	[SCTP_SENDV_PRINFO] = sizeof(struct sctp_prinfo),
	[SCTP_SENDV_AUTHINFO] = sizeof(struct sctp_authinfo),
	[SCTP_SENDV_SPA] = sizeof(struct sctp_sendv_spa),
	[SHORT_INFO] = sizeof(struct sctp_sndinfo) - 1,
};

static char message[] = { 'a', 'b', 'c' };

/* The longest list the repetition builds: room for more than the 64 KiB of
 * destination messages past which a send's control data is malloc'd. */
#define MAX_LIST (128 * 1024)

static void take_call(struct fuzz_input *in, struct caller *c)
{
	memset(c, 0, sizeof *c);
	c->kind = fuzz_take_u8(in) % CALL_KINDS;
	uint8_t count_choice = fuzz_take_u8(in) % COUNT_CHOICES;
	uint32_t count_value = fuzz_take_u32(in);
	for (int i = 0; i < MAX_CALLS; i++) {
		uint8_t outcome = fuzz_take_u8(in);
		kernel.fail[i] = outcome & 1;
		kernel.error[i] = fuzz_errno(outcome >> 1);
	}
	kernel.value = (int32_t)fuzz_take_u32(in);
	uint8_t options = fuzz_take_u8(in);
	c->fd = fuzz_descriptor(options & 1);
	c->want_id = options & 2;
	c->bindx_flags = options & 4 ? SCTP_BINDX_REM_ADDR : SCTP_BINDX_ADD_ADDR;
	if ((options & 0x18) == 0x18)
		c->bindx_flags = (int)count_value; /* most likely neither */
	c->iovcnt = options & 0x20 ? 0 : 1;
	bool raw_spa_flags = options & 0x40;
	bool long_info = options & 0x80;
	c->send_flags = (int)(fuzz_take_u8(in) & (MSG_DONTWAIT | MSG_NOSIGNAL | MSG_EOR));

	/* sctp_sendv's info, or sctp_sendx's sinfo, from the input. */
	uint8_t info_choice = fuzz_take_u8(in);
	uint8_t info_bytes[sizeof(struct sctp_sendv_spa) + 8];
	fuzz_take_bytes(in, info_bytes, sizeof info_bytes);
	c->infotype = info_choice % INFO_CHOICES;
	c->infolen = info_sizes[c->infotype] + (long_info && c->infotype != SCTP_SENDV_NOINFO ? 8 : 0);
	if (c->infotype == SCTP_SENDV_SPA && !raw_spa_flags) {
		uint32_t valid;
		memcpy(&valid, info_bytes, sizeof valid);
		valid &= SCTP_SEND_SNDINFO_VALID | SCTP_SEND_PRINFO_VALID | SCTP_SEND_AUTHINFO_VALID;
		memcpy(info_bytes, &valid, sizeof valid);
	}
	c->info = c->infotype == SCTP_SENDV_NOINFO ? NULL : fuzz_exact_copy(info_bytes, c->infolen);
	if (c->infotype == SHORT_INFO)
		c->infotype = SCTP_SENDV_SNDINFO;
	c->sinfo = info_choice & 0x80 ? NULL : fuzz_exact_copy(info_bytes, sizeof *c->sinfo);
	c->iov = (struct iovec){ .iov_base = message, .iov_len = sizeof message };

	/* The list: the rest, repeated. */
	size_t repeat = fuzz_take_u8(in) & 0x80 ? 1 + (fuzz_take_u32(in) % 4096) : 1;
	if (in->size && repeat > MAX_LIST / in->size)
		repeat = MAX_LIST / in->size ? MAX_LIST / in->size : 1;
	size_t size = in->size * repeat;
	c->list = malloc(size ? size : 1);
	FUZZ_CHECK(c->list != NULL, "out of memory");
	for (size_t i = 0; i < repeat; i++)
		memcpy(c->list + i * in->size, in->data, in->size);
	c->list_size = size;
	c->shape = shape_of(c->list, size);

	int complete = c->shape.complete;
	switch (count_choice) {
	case ALL: c->count = complete; break;
	case SOME: c->count = complete ? 1 + (int)(count_value % (uint32_t)complete) : 0; break;
	case ZERO: c->count = 0; break;
	case NEGATIVE: c->count = -1 - (int)(count_value % INT_MAX); break;
	case MINIMUM: c->count = INT_MIN; break;
	case PAST_BAD_FAMILY:
		c->count = c->shape.bad_family
			? complete + 1 + (int)(count_value % (uint32_t)(INT_MAX - complete)) : complete;
		break;
	case MAXIMUM: c->count = c->shape.bad_family ? INT_MAX : complete; break;
	case NULL_LIST:
		free(c->list);
		c->list = NULL;
		c->list_size = 0;
		c->count = (int)count_value;
		break;
	}
}

static void free_call(struct caller *c)
{
	free(c->list);
	free(c->info);
	free(c->sinfo);
}

static long make_call(struct caller *c)
{
	struct sockaddr *list = (struct sockaddr *)c->list;
	sctp_assoc_t *id = c->want_id ? &c->id : NULL;
	switch (c->kind) {
	case BINDX: return sctp_bindx(c->fd, list, c->count, c->bindx_flags);
	case CONNECTX3: return sctp_connectx3(c->fd, list, c->count, id);
	case CONNECTX2: return sctp_connectx2(c->fd, list, c->count, id);
	case CONNECTX_ORIG: return sctp_connectx_orig(c->fd, list, c->count);
	case SENDV:
		return sctp_sendv(c->fd, &c->iov, c->iovcnt, list, c->count, c->info, c->infolen,
				  c->infotype, c->send_flags);
	case SENDX:
		return sctp_sendx(c->fd, message, sizeof message, list, c->count, c->sinfo, c->send_flags);
	default: return 0;
	}
}

/* The errnos for the arguments, or 0 when they are valid (each page's EINVAL
 * and EFAULT; sctp_sendv's only where lksctp would read what the caller did
 * not pass; for sctp_sendx, also addresses of different ports, which one
 * association cannot have). Where two arguments are wrong, either errno will
 * do: `also`. */
static int invalid_arguments(const struct caller *c, int *also)
{
	*also = 0;
	bool list_valid = c->list != NULL && c->count >= 1 && c->count <= c->shape.complete;
	int list_error = c->list == NULL ? EFAULT : list_valid ? 0 : EINVAL;
	/* sctp_bindx and sctp_connectx hand a count of 0 or less to the kernel
	 * as an empty list, NULL or not, as lksctp does. */
	if (c->kind < SENDV && c->count <= 0)
		list_error = 0;
	if (c->kind == BINDX) {
		bool flags_valid = c->bindx_flags == SCTP_BINDX_ADD_ADDR || c->bindx_flags == SCTP_BINDX_REM_ADDR;
		if (!flags_valid) {
			*also = list_error;
			return EINVAL;
		}
		return list_error;
	}
	if (c->kind == SENDV) {
		if (c->count == 0)
			list_error = 0; /* no addresses: a send on the association */
		else if (c->list == NULL)
			list_error = EINVAL; /* "addrs ... NULL with a count" */
		/* What lksctp reads: nothing for NOINFO; for SPA, sendv_flags
		 * and the members it marks valid; the structure otherwise. */
		size_t needed = info_sizes[c->infotype];
		if (c->infotype == SCTP_SENDV_SPA && c->info != NULL && c->infolen >= sizeof(uint32_t)) {
			uint32_t valid;
			memcpy(&valid, c->info, sizeof valid);
			needed = valid & SCTP_SEND_AUTHINFO_VALID
				? offsetof(struct sctp_sendv_spa, sendv_authinfo) + sizeof(struct sctp_authinfo)
				: valid & SCTP_SEND_PRINFO_VALID ? offsetof(struct sctp_sendv_spa, sendv_authinfo)
				: valid & SCTP_SEND_SNDINFO_VALID ? offsetof(struct sctp_sendv_spa, sendv_prinfo)
				: sizeof(uint32_t);
		}
		bool info_valid = c->infotype == SCTP_SENDV_NOINFO || (c->info != NULL && c->infolen >= needed);
		if (!info_valid) {
			*also = list_error;
			return EINVAL;
		}
	}
	if (list_error || c->kind != SENDX)
		return list_error;
	for (int i = 1, offset = 0; i < c->count; i++) {
		offset += (int)fuzz_address_length(c->list + offset);
		if (port_of(c->list + offset) != port_of(c->list))
			return EINVAL;
	}
	return 0;
}

/* The association id field a send fills in after success: sctp_sendx's
 * sinfo_assoc_id when it was 0 (sctp_sendv, as lksctp's, writes none). */
static sctp_assoc_t *id_to_fill_in(const struct caller *c)
{
	if (c->kind == SENDX)
		return c->sinfo && c->sinfo->sinfo_assoc_id == 0 ? &c->sinfo->sinfo_assoc_id : NULL;
	return NULL;
}

static void check_send(long result, int error, sctp_assoc_t *field)
{
	FUZZ_CHECK(kernel.request[0] == SENDMSG, "first request %d", kernel.request[0]);
	if (kernel.result[0] < 0) {
		FUZZ_CHECK(result == -1 && error == kernel.errno_of[0] && kernel.calls == 1,
			   "sendmsg failed (errno %d): %ld, errno %d, %d calls", kernel.errno_of[0], result,
			   error, kernel.calls);
		return;
	}
	FUZZ_CHECK(result == kernel.result[0], "returned %ld, sendmsg %d", result, kernel.result[0]);
	if (field == NULL) {
		FUZZ_CHECK(kernel.calls == 1, "%d calls without an id to fill in", kernel.calls);
		return;
	}
	FUZZ_CHECK(kernel.calls == 2 && kernel.request[1] == GET_PEER_ADDR_INFO, "no SCTP_GET_PEER_ADDR_INFO");
	sctp_assoc_t expected = kernel.result[1] == 0 ? kernel.value : 0;
	sctp_assoc_t got = *field;
	FUZZ_CHECK(got == expected, "association id %d written, expected %d", got, expected);
}

static void check_connect(const struct caller *c, long result, int error)
{
	int last = kernel.calls - 1;
	if (kernel.result[last] < 0)
		FUZZ_CHECK(result == -1 && error == kernel.errno_of[last], "last call failed (errno %d): %ld, errno %d",
			   kernel.errno_of[last], result, error);
	else if (kernel.request[last] == SET_CONNECTX && kernel.result[last] == 0)
		/* No id from SCTP_SOCKOPT_CONNECTX (never on Linux): as lksctp,
		 * ENOPROTOOPT for a caller that wants one (the others go on to
		 * SCTP_SOCKOPT_CONNECTX_OLD). */
		FUZZ_CHECK(c->want_id && result == -1 && error == ENOPROTOOPT, "CONNECTX gave no id: %ld, errno %d",
			   result, error);
	else
		FUZZ_CHECK(result == 0, "last call succeeded: %ld, errno %d", result, error);
	if (c->kind == CONNECTX_ORIG) {
		FUZZ_CHECK(kernel.calls == 1 && kernel.request[0] == SET_CONNECTX_OLD, "orig: request %d",
			   kernel.request[0]);
		return;
	}
	/* Which id the caller must hold now, from the request that gave one. */
	if (!c->want_id) {
		FUZZ_CHECK(c->id == 0, "id written through NULL");
		return;
	}
	for (int i = 0; i < kernel.calls; i++)
		FUZZ_CHECK(kernel.request[i] != SET_CONNECTX_OLD, "SCTP_SOCKOPT_CONNECTX_OLD, which gives no id, "
			   "for a caller that wants one");
	enum request r = kernel.request[last];
	if (r == GET_CONNECTX3 && (kernel.result[last] == 0 || kernel.errno_of[last] == EINPROGRESS))
		FUZZ_CHECK(c->id == kernel.value, "id %d, CONNECTX3 gave %d", c->id, kernel.value);
	if (r == SET_CONNECTX && kernel.result[last] >= 0)
		FUZZ_CHECK(c->id == kernel.result[last], "id %d, CONNECTX gave %d", c->id, kernel.result[last]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	struct caller c;
	kernel.calls = 0;
	kernel.caller = &c;
	take_call(&in, &c);
	int also;
	int invalid = invalid_arguments(&c, &also);
	/* Before the call, which fills it in. */
	sctp_assoc_t *field = invalid ? NULL : id_to_fill_in(&c);

	errno = 0;
	long result = make_call(&c);
	int error = errno;
	if (getenv("SCTP_FUZZ_TRACE"))
		fprintf(stderr, "%s: %zu bytes, %d complete%s, count %d: %ld (errno %d), %d system calls\n",
			call_names[c.kind], c.list_size, c.shape.complete,
			c.shape.bad_family ? " then another family" : "", c.count, result, error, kernel.calls);

	if (invalid) {
		FUZZ_CHECK(result == -1 && (error == invalid || (also && error == also)) && kernel.calls == 0,
			   "%s, count %d of %d: %ld, errno %d (expected %d or %d), %d system calls",
			   call_names[c.kind], c.count, c.shape.complete, result, error, invalid, also, kernel.calls);
	} else if (c.kind == SENDV && c.count == 0) {
		/* Without addresses: not the walker's; the library's own send. */
	} else {
		FUZZ_CHECK(kernel.calls >= 1, "%s: valid, but no system call (%ld, errno %d)", call_names[c.kind],
			   result, error);
		if (c.kind == BINDX) {
			/* The kernel's errno passes through, EBUSY included. */
			FUZZ_CHECK(kernel.calls == 1 && result == kernel.result[0]
				   && (kernel.result[0] == 0 || error == kernel.errno_of[0]),
				   "bindx: kernel %d (errno %d): %ld, errno %d", kernel.result[0], kernel.errno_of[0],
				   result, error);
		} else if (c.kind == SENDV || c.kind == SENDX) {
			check_send(result, error, field);
		} else {
			check_connect(&c, result, error);
		}
	}
	free_call(&c);
	return 0;
}
