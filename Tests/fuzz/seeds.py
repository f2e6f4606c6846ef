#!/usr/bin/env python3
"""Writes the seed corpus of the harnesses (Tests/fuzz/corpus/<harness>/):
hand-made valid inputs in each harness's input layout (see the harness's
take_call), so that fuzzing starts from real ancillary messages and address
lists. Run it after changing a layout; its output is committed."""
import os
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")

IPPROTO_SCTP, SOL_SOCKET = 132, 1
SCTP_SNDRCV, SCTP_RCVINFO, SCTP_NXTINFO = 1, 3, 4
SO_TIMESTAMPNS = 35
MSG_EOR, MSG_CTRUNC, MSG_NOTIFICATION = 0x80, 0x8, 0x8000
AF_INET, AF_INET6 = 2, 10


def align(n):
    return (n + 7) & ~7


def cmsg(level, type_, data, length=None):
    """One ancillary message as the kernel writes it: header, data, padding."""
    length = 16 + len(data) if length is None else length
    body = struct.pack("<QiI", length, level, type_) + data
    return body + b"\0" * (align(len(body)) - len(body))


def sndrcv(stream=1, assoc=7):
    return struct.pack("<HHHxxIIIIIi", stream, 3, 0, 0x11223344, 5, 0, 100, 99, assoc)


def rcvinfo(assoc=7):
    return struct.pack("<HHHxxIIIIi", 2, 4, 0, 0x55667788, 200, 199, 6, assoc)


def nxtinfo(assoc=7):
    return struct.pack("<HHIIi", 3, 0x20, 0x99AABBCC, 1200, assoc)


# --- receive.c -------------------------------------------------------------
RECVV, NULL_FROM, NULL_FROMLEN, NULL_INFO, NULL_FLAGS, NULL_INFOLEN, NULL_INFOTYPE, NEG_IOVLEN = (
    1 << i for i in range(8))


def receive(call=0, fail=False, errno_choice=0, result=5, length_mode=3, length=0,
            flags_out=MSG_EOR, namelen_out=16, from_size=16, info_size=44, flags_in=0,
            data_size=64, control=b""):
    return struct.pack(
        "<BBBIBQIIBBIB", call, 3 if fail else 0, errno_choice, result, length_mode, length,
        flags_out, namelen_out, from_size, info_size, flags_in, data_size) + control


def receive_seeds():
    stamp = cmsg(SOL_SOCKET, SO_TIMESTAMPNS, struct.pack("<qq", 1700000000, 5))
    s, r, n = (cmsg(IPPROTO_SCTP, t, d) for t, d in
               ((SCTP_SNDRCV, sndrcv()), (SCTP_RCVINFO, rcvinfo()), (SCTP_NXTINFO, nxtinfo())))
    rn = r + n
    return {
        "sndrcv": receive(control=s),
        "sndrcv-after-timestamp": receive(control=stamp + s),
        "sndrcv-truncated": receive(control=s[:40], flags_out=MSG_EOR | MSG_CTRUNC),
        "sndrcv-null-sinfo": receive(call=NULL_INFO | NULL_FROM, control=s),
        "notification-no-sndrcv": receive(flags_out=MSG_NOTIFICATION, control=b""),
        "sndrcv-length-beyond-buffer": receive(length_mode=1, length=400, control=s),
        "sndrcv-length-max": receive(length_mode=2, length=0, control=s),
        "recvmsg-fails-eagain": receive(fail=True, errno_choice=4, control=s),
        "rcvinfo-nxtinfo-rn": receive(call=RECVV, control=rn),
        "rcvinfo-nxtinfo-room-for-rcvinfo": receive(call=RECVV, info_size=28, control=rn),
        "rcvinfo-nxtinfo-room-for-nxtinfo": receive(call=RECVV, info_size=16, control=rn),
        "nxtinfo-only": receive(call=RECVV, info_size=16, control=n),
        "rcvinfo-unpadded-last": receive(call=RECVV, length_mode=0, length=16 + 28, control=r),
        "all-three-and-timestamp": receive(call=RECVV, info_size=63, control=stamp + rn + s),
        "rn-null-infotype": receive(call=RECVV | NULL_INFOTYPE, control=rn),
        "rn-null-infolen": receive(call=RECVV | NULL_INFOLEN | NULL_FLAGS, control=rn),
        "rn-truncated-nxtinfo": receive(call=RECVV, control=r + n[:24], flags_out=MSG_CTRUNC),
        "recvv-negative-iovlen": receive(call=RECVV | NEG_IOVLEN, control=rn),
        "recvv-fails-eintr": receive(call=RECVV, fail=True, errno_choice=5, control=rn),
        "zero-length-message": receive(
                                       control=cmsg(IPPROTO_SCTP, SCTP_SNDRCV, b"", length=16) + s),
    }


# --- addresses.c -----------------------------------------------------------
BINDX, CONNECTX3, CONNECTX2, CONNECTX_ORIG, SENDV, SENDX = range(6)
ALL, SOME, ZERO, NEGATIVE, MINIMUM, PAST_BAD_FAMILY, MAXIMUM, NULL_LIST = range(8)
NOINFO, SNDINFO, PRINFO, AUTHINFO, SPA, SHORT_INFO = range(6)
NONBLOCKING, WANT_ID, BINDX_REM, NO_IOV, RAW_SPA_FLAGS, LONG_INFO = 1, 2, 4, 0x20, 0x40, 0x80
BAD_BINDX_FLAGS = 0x18
NULL_SINFO = 0x80
EBUSY, ENOPROTOOPT, EINPROGRESS = 8, 9, 10  # indices in fuzz.h's fuzz_errno table


def v4(address, port=20142):
    return struct.pack("<H", AF_INET) + struct.pack(">H", port) + bytes(address) + b"\0" * 8


def v6(last, port=20142):
    return (struct.pack("<H", AF_INET6) + struct.pack(">HI", port, 0)
            + b"\0" * 15 + bytes([last]) + struct.pack("<I", 0))


def succeed():
    return 0


def fail(errno_index):
    return (errno_index << 1) | 1


def addresses(kind, addrs, count=ALL, count_value=0, outcomes=(0, 0, 0, 0), value=5, options=0,
              send_flags=0, info_choice=NOINFO, info=b"", repeat=None):
    head = struct.pack("<BBI4BIBBB", kind, count, count_value, *outcomes, value, options,
                       send_flags, info_choice)
    head += info.ljust(40, b"\0")[:40]
    head += struct.pack("<BI", 0x80, repeat - 1) if repeat else b"\0"
    return head + addrs


def addresses_seeds():
    a, b, c6 = v4([127, 0, 0, 1]), v4([127, 0, 0, 2]), v6(1)
    other_family = struct.pack("<H", 1) + b"/tmp/sock".ljust(14, b"\0")
    sndinfo = struct.pack("<HHIIi", 1, 0, 0x01020304, 9, 0)
    spa = struct.pack("<I", 7) + sndinfo + struct.pack("<HxxI", 1, 100) + struct.pack("<Hxx", 3)
    sinfo = struct.pack("<HHHxxIIIIIi", 2, 0, 0, 0x0A0B0C0D, 1, 0, 0, 0, 0)
    return {
        "bindx-add-two-v4": addresses(BINDX, a + b),
        "bindx-rem-v4-v6-busy": addresses(BINDX, a + c6, options=BINDX_REM, outcomes=(fail(EBUSY), 0, 0, 0)),
        "bindx-bad-flags": addresses(BINDX, a, options=BAD_BINDX_FLAGS, count_value=3),
        "bindx-other-family-after-one": addresses(BINDX, a + other_family, count=PAST_BAD_FAMILY),
        "bindx-count-int-max": addresses(BINDX, a + other_family, count=MAXIMUM),
        "bindx-null-list": addresses(BINDX, b"", count=NULL_LIST, count_value=2),
        "bindx-count-zero": addresses(BINDX, a, count=ZERO),
        "bindx-count-negative": addresses(BINDX, a, count=NEGATIVE, count_value=6),
        "bindx-count-int-min": addresses(BINDX, a, count=MINIMUM),
        "connectx3-v4-v6": addresses(CONNECTX3, a + c6, options=WANT_ID, value=42),
        "connectx3-einprogress": addresses(CONNECTX3, a, options=WANT_ID | NONBLOCKING,
                                           outcomes=(fail(EINPROGRESS), 0, 0, 0)),
        "connectx3-old-kernel": addresses(CONNECTX3, a + b, outcomes=(fail(ENOPROTOOPT), 0, 0, 0)),
        "connectx3-oldest-kernel": addresses(CONNECTX3, a,
                                             outcomes=(fail(ENOPROTOOPT), fail(ENOPROTOOPT), 0, 0)),
        "connectx3-old-kernel-nonblocking-id": addresses(CONNECTX3, a, options=WANT_ID | NONBLOCKING,
                                                         outcomes=(fail(ENOPROTOOPT), 0, 0, 0)),
        "connectx2-some-of-three": addresses(CONNECTX2, a + c6 + b, count=SOME, count_value=1,
                                             options=WANT_ID),
        "connectx-orig-v6": addresses(CONNECTX_ORIG, c6),
        "sendv-two-sndinfo-fill-in": addresses(SENDV, a + b, info_choice=SNDINFO, info=sndinfo),
        "sendv-spa-v6": addresses(SENDV, c6 + v6(2), info_choice=SPA, info=spa),
        "sendv-spa-unknown-flag": addresses(SENDV, a, info_choice=SPA, options=RAW_SPA_FLAGS,
                                            info=struct.pack("<I", 9) + spa[4:]),
        "sendv-short-info": addresses(SENDV, a, info_choice=SHORT_INFO, info=sndinfo),
        "sendv-other-port": addresses(SENDV, a + v4([127, 0, 0, 2], port=9)),
        "sendv-no-addresses": addresses(SENDV, b"", count=ZERO, info_choice=PRINFO,
                                        info=struct.pack("<HxxI", 1, 100)),
        "sendv-many-addresses": addresses(SENDV, a, repeat=40),
        "sendv-enobufs": addresses(SENDV, a, repeat=3000),
        "sendx-sinfo-fill-in": addresses(SENDX, a + c6 + b, info_choice=0, info=sinfo),
        "sendx-null-sinfo-fails": addresses(SENDX, c6, info_choice=NULL_SINFO,
                                            outcomes=(fail(3), 0, 0, 0)),
    }


# --- getaddrs.c ------------------------------------------------------------
PEER, NULL_ADDRS, ID_ZERO, FILL = 1, 2, 4, 8
READ_OK, READ_NOMEM, READ_EINVAL, READ_OTHER = range(4)
READS = 8  # MAX_CALLS of getaddrs.c: the stack read, then 6 heap reads up to 132 KiB
WHOLE, ONE_MORE, CLAIM = range(3)


def getaddrs(call, addrs, answers=(), count_mode=WHOLE, claim=0, id_=3):
    head = struct.pack("<B", call) + (b"" if call & ID_ZERO else struct.pack("<i", id_))
    head += bytes(list(answers) + [READ_OK] * (READS - len(answers)))
    return head + struct.pack("<BI", count_mode, claim) + addrs


def getaddrs_seeds():
    a, b, c6 = v4([127, 0, 0, 1]), v4([10, 0, 0, 1]), v6(1)
    return {
        "peer-two-v4": getaddrs(PEER, a + b),
        "local-v4-v6": getaddrs(ID_ZERO, a + c6),
        "peer-none": getaddrs(PEER, b""),
        "peer-one-more-than-written": getaddrs(PEER, a + b, count_mode=ONE_MORE),
        "peer-addr-num-huge": getaddrs(PEER, a, count_mode=CLAIM, claim=0xFFFFFFFF),
        "peer-other-family": getaddrs(PEER, a + struct.pack("<H", 1) + b"x" * 14, count_mode=CLAIM, claim=2),
        "local-grows-twice": getaddrs(0, a + c6, answers=(READ_NOMEM, READ_NOMEM)),
        "local-grows-then-fails": getaddrs(0, a, answers=(READ_NOMEM, READ_OTHER | (4 << 2))),
        "peer-no-association-einval": getaddrs(PEER, a, answers=(READ_EINVAL,)),
        "local-grows-then-no-association": getaddrs(0, a + b, answers=(READ_NOMEM, READ_EINVAL)),
        "local-fails-ebadf": getaddrs(0, a, answers=(READ_OTHER,)),
        "local-too-short-at-every-size-enobufs": getaddrs(0, a, answers=(READ_NOMEM,) * 7),
        "null-addrs": getaddrs(PEER | NULL_ADDRS, a),
        "null-addrs-kernel-fails": getaddrs(PEER | NULL_ADDRS, a, answers=(READ_EINVAL,)),
        "null-addrs-grows": getaddrs(NULL_ADDRS, a, answers=(READ_NOMEM,)),
        "peer-full-buffer-v4": getaddrs(PEER | FILL, a),
        "peer-full-buffer-v6-one-more": getaddrs(PEER | FILL, c6, count_mode=ONE_MORE),
        "local-full-buffer-mixed-grows": getaddrs(FILL, a + c6, answers=(READ_NOMEM,)),
        # 81 times v6 + v4 leave 20 bytes of the 3584: the 163rd address, a v6, would overhang by 8.
        "peer-full-buffer-last-overhangs": getaddrs(PEER | FILL, c6 + a, count_mode=ONE_MORE),
    }


def write(harness, seeds):
    directory = os.path.join(ROOT, harness)
    os.makedirs(directory, exist_ok=True)
    for name in os.listdir(directory):
        os.remove(os.path.join(directory, name))
    for name, data in seeds.items():
        with open(os.path.join(directory, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    write("receive", receive_seeds())
    write("addresses", addresses_seeds())
    write("getaddrs", getaddrs_seeds())
