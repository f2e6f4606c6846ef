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
