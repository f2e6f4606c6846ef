/* netinet/sctp.h: the SCTP sockets API extensions (RFC 6458) of libsctp.so.1.
 *
 * A drop-in for lksctp-tools' header: the same include guard, feature macros,
 * types and prototypes, built on the kernel's own <linux/sctp.h>.
 *
 * Unlike lksctp's, this header includes <netinet/in.h> itself, so IPPROTO_SCTP
 * comes from the C library's enum and never collides with it, whichever of the
 * two headers a program includes first. A program that included the kernel's
 * <linux/in.h> first has IPPROTO_SCTP from the kernel's enum instead, and
 * glibc's <netinet/in.h> would redefine what the kernel's defined: then it
 * is left out, as lksctp's header always leaves it out.
 */
#ifndef __linux_sctp_h__
#define __linux_sctp_h__

#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>
#if !defined(_LINUX_IN_H) && !defined(_UAPI_LINUX_IN_H)
#include <netinet/in.h>
#endif
#include <linux/types.h>
#include <linux/sctp.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Socket option level for SCTP. */
#ifndef SOL_SCTP
#define SOL_SCTP	132
#endif

/* Only reached on a C library whose <netinet/in.h> lacks it, or a kernel
 * <linux/in.h> without it. */
#ifndef IPPROTO_SCTP
#define IPPROTO_SCTP	132
#endif

/* 9. Preprocessor constants: what this library and the kernel ABI offer. */
#define HAVE_SCTP
#define HAVE_KERNEL_SCTP
#define HAVE_SCTP_MULTIBUF
#define HAVE_SCTP_NOCONNECT
#define HAVE_SCTP_PRSCTP
#define HAVE_SCTP_ADDIP
#define HAVE_SCTP_CANSET_PRIMARY

#define HAVE_SCTP_STREAM_RESET_EVENT 1
#define HAVE_SCTP_ASSOC_RESET_EVENT 1
#define HAVE_SCTP_STREAM_CHANGE_EVENT 1
#define HAVE_SCTP_STREAM_RECONFIG 1
#define HAVE_SCTP_PEELOFF_FLAGS 1
#define HAVE_SCTP_PDAPI_EVENT_PDAPI_STREAM 1
#define HAVE_SCTP_PDAPI_EVENT_PDAPI_SEQ 1
#define HAVE_SCTP_SENDV 1
#define HAVE_SCTP_AUTH_NO_AUTH 1
#define HAVE_SCTP_SPP_IPV6_FLOWLABEL 1
#define HAVE_SCTP_SPP_DSCP 1

/* sctp_bindx(3): add or remove local addresses of a bound socket. */
int sctp_bindx(int sd, struct sockaddr *addrs, int addrcnt, int flags);

/* sctp_connectx(3): set up an association to several peer addresses. */
int sctp_connectx(int sd, struct sockaddr *addrs, int addrcnt,
		  sctp_assoc_t *id);

/* sctp_peeloff(3): branch an association of a one-to-many socket off
 * into a one-to-one socket of its own. */
int sctp_peeloff(int sd, sctp_assoc_t assoc_id);

/* sctp_peeloff_flags and sctp_sendx are this library's alone: lksctp
 * exports neither, and other libraries define functions of these names
 * themselves. A program built with this header calls them by names only
 * this header uses (__libsctp_*, exported at VERS_4); the plain names are
 * kept only as the non-default sctp_peeloff_flags@VERS_4 and
 * sctp_sendx@VERS_4 that programs built before asked for, which an
 * unversioned reference (another library's own call, dlsym) never reaches. */
int sctp_peeloff_flags(int sd, sctp_assoc_t assoc_id, unsigned flags)
	__asm__("__libsctp_peeloff_flags");

/* sctp_opt_info(3): getsockopt(2) for options that name an association. */
int sctp_opt_info(int sd, sctp_assoc_t id, int opt, void *arg,
		  socklen_t *size);

/* sctp_getpaddrs(3), sctp_getladdrs(3): the peer's or the local addresses
 * of an association, as one packed list to release with the free call. */
int sctp_getpaddrs(int sd, sctp_assoc_t id, struct sockaddr **addrs);
int sctp_freepaddrs(struct sockaddr *addrs);
int sctp_getladdrs(int sd, sctp_assoc_t id, struct sockaddr **addrs);
int sctp_freeladdrs(struct sockaddr *addrs);

/* sctp_sendmsg(3), sctp_send(3), sctp_recvmsg(3): messages with the
 * SCTP_SNDRCV ancillary data of RFC 6458 section 5.3.2. */
int sctp_sendmsg(int s, const void *msg, size_t len, struct sockaddr *to,
		 socklen_t tolen, uint32_t ppid, uint32_t flags,
		 uint16_t stream_no, uint32_t timetolive, uint32_t context);
int sctp_send(int s, const void *msg, size_t len,
	      const struct sctp_sndrcvinfo *sinfo, int flags);
int sctp_recvmsg(int s, void *msg, size_t len, struct sockaddr *from,
		 socklen_t *fromlen, struct sctp_sndrcvinfo *sinfo,
		 int *msg_flags);

/* The length of a socket address of this family: 0 when not IPv4 or IPv6. */
int sctp_getaddrlen(sa_family_t family);

/* sctp_sendv(3) info types (RFC 6458 section 9.12). */
enum {
	SCTP_SENDV_NOINFO,
	SCTP_SENDV_SNDINFO,
	SCTP_SENDV_PRINFO,
	SCTP_SENDV_AUTHINFO,
	SCTP_SENDV_SPA
};

/* Which members of struct sctp_sendv_spa hold a value. */
#define SCTP_SEND_SNDINFO_VALID		0x1
#define SCTP_SEND_PRINFO_VALID		0x2
#define SCTP_SEND_AUTHINFO_VALID	0x4

struct sctp_sendv_spa {
	uint32_t sendv_flags;
	struct sctp_sndinfo sendv_sndinfo;
	struct sctp_prinfo sendv_prinfo;
	struct sctp_authinfo sendv_authinfo;
};

int sctp_sendv(int s, const struct iovec *iov, int iovcnt,
	       struct sockaddr *addrs, int addrcnt, void *info,
	       socklen_t infolen, unsigned int infotype, int flags);

/* sctp_sendx, RFC 6458 section 9.11 (deprecated there in favour of
 * sctp_sendv; absent from lksctp): a send to the association with these
 * addresses, set up implicitly when there is none. Called by the name
 * __libsctp_sendx, as sctp_peeloff_flags above. */
ssize_t sctp_sendx(int sd, const void *msg, size_t len, struct sockaddr *addrs,
		   int addrcnt, struct sctp_sndrcvinfo *sinfo, int flags)
	__asm__("__libsctp_sendx");

/* sctp_recvv(3) info types (RFC 6458 section 9.13). */
enum {
	SCTP_RECVV_NOINFO,
	SCTP_RECVV_RCVINFO,
	SCTP_RECVV_NXTINFO,
	SCTP_RECVV_RN
};

struct sctp_recvv_rn {
	struct sctp_rcvinfo recvv_rcvinfo;
	struct sctp_nxtinfo recvv_nxtinfo;
};

int sctp_recvv(int s, const struct iovec *iov, int iovlen,
	       struct sockaddr *from, socklen_t *fromlen, void *info,
	       socklen_t *infolen, unsigned int *infotype, int *flags);

#ifdef __cplusplus
}
#endif

#endif /* __linux_sctp_h__ */
