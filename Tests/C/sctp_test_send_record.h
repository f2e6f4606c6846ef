/* The msghdr a send function hands to sendmsg(2), recorded instead of sent
 * (through fault_inject.c's stand-in): its name, control data and flags,
 * for the tests that compare what this library builds with what lksctp
 * builds. Both build the same headers and data; the alignment padding
 * between messages is lksctp's uninitialised memory, so a test compares
 * each message, not the padding. */
#ifndef SCTP_TEST_SEND_RECORD_H
#define SCTP_TEST_SEND_RECORD_H

#include "sctp_test.h"
#include "sctp_test_fault.h"

struct sent_record {
	int calls;
	int flags;     /* sendmsg's third argument */
	int msg_flags; /* the msghdr's */
	const void *name;
	socklen_t namelen;
	size_t iovlen;
	size_t controllen;
	unsigned char control[1 << 18];
};

static struct sent_record sent_record;

static ssize_t record_sendmsg(int fd, const struct msghdr *m, int flags)
{
	(void)fd;
	sent_record.calls++;
	sent_record.flags = flags;
	sent_record.msg_flags = m->msg_flags;
	sent_record.name = m->msg_name;
	sent_record.namelen = m->msg_namelen;
	sent_record.iovlen = m->msg_iovlen;
	sent_record.controllen = m->msg_controllen;
	/* Inside the library's call: no assertion here, the test checks. */
	if (m->msg_controllen > 0 && m->msg_controllen <= sizeof sent_record.control)
		memcpy(sent_record.control, m->msg_control, m->msg_controllen);
	ssize_t total = 0;
	for (size_t i = 0; i < m->msg_iovlen; i++)
		total += (ssize_t)m->msg_iov[i].iov_len;
	return total;
}

/* From now on the binary's sendmsg (the library's included) records. */
static inline void record_sends(void)
{
	memset(&sent_record, 0, sizeof sent_record);
	sctp_test_fault_sendmsg_stand_in(record_sendmsg);
}

static inline void stop_recording(void)
{
	sctp_test_fault_sendmsg_stand_in(NULL);
}

/* Asserts that the recorded control data holds, at *offset, a message of
 * level IPPROTO_SCTP, `type` and the `size` bytes at `data`; moves *offset
 * past it. */
static inline void assert_recorded_message(size_t *offset, int type, const void *data, size_t size,
					   const char *what)
{
	cr_assert_geq(sent_record.controllen, *offset + CMSG_LEN(size),
		      "%s: the control data ends at %zu, before a message of %zu bytes at %zu", what,
		      sent_record.controllen, size, *offset);
	struct cmsghdr header;
	memcpy(&header, sent_record.control + *offset, sizeof header);
	cr_assert(header.cmsg_level == IPPROTO_SCTP && header.cmsg_type == type && header.cmsg_len == CMSG_LEN(size),
		  "%s at %zu: level %d type %d length %zu, expected %d %d %zu", what, *offset, header.cmsg_level,
		  header.cmsg_type, (size_t)header.cmsg_len, IPPROTO_SCTP, type, (size_t)CMSG_LEN(size));
	cr_assert_eq(memcmp(sent_record.control + *offset + CMSG_LEN(0), data, size), 0, "%s: other bytes", what);
	*offset += CMSG_SPACE(size);
}

#endif
