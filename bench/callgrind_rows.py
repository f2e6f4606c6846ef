"""Reads a callgrind output file (written with --compress-strings=no
--compress-pos=no) of bench/driver, and returns what the library cost.

- inclusive: the inclusive instruction count of every call the driver's code
  made into the libsctp object (calls from a function outside that object to
  a function inside it): the library's code and everything it calls in user
  space (libc's memcpy/malloc/free, the libc system call wrappers up to the
  syscall instruction, PLT stubs). The kernel's side is not seen by valgrind.
- own: the instructions executed in the libsctp object itself.
- iterations: the most calls the driver made to one library function (the
  row's function; callgrind counts calls even while it does not collect, so
  this includes the driver's warm-up).
- syscalls: calls from the libsctp object to libc's system call wrappers
  (warm-up included too: divide by iterations).
- callees: instructions per libc function the library called (inclusive).
- functions: instructions per function of the libsctp object (self cost).
"""

import re

# The rows bench/run.sh and bench/arm64.sh share, and their names.
BASE_ROWS = [
    ("sendmsg", "sctp_sendmsg"),
    ("send", "sctp_send"),
    ("recvmsg", "sctp_recvmsg"),
    ("sendv-noinfo", "sctp_sendv NOINFO"),
    ("sendv-spa2", "sctp_sendv SPA (SNDINFO+PRINFO)"),
    ("sendv-spa3", "sctp_sendv SPA (SNDINFO+PRINFO+AUTHINFO)"),
    ("sendv-addrs", "sctp_sendv NOINFO, 3 addresses"),
    ("recvv", "sctp_recvv (RN)"),
    ("bindx", "sctp_bindx (3 addresses)"),
    ("connectx", "sctp_connectx (3 addresses, id)"),
    ("getpaddrs", "sctp_getpaddrs (+ freepaddrs)"),
]

SYSCALL_WRAPPERS = {
    "sendmsg", "recvmsg", "getsockopt", "setsockopt", "fcntl", "fcntl64",
    "close", "__fcntl64_nocancel_adjusted", "__libc_fcntl64",
}


def is_library(path):
    return re.search(r"/libsctp\.so[.0-9]*$", path or "") is not None


def base_name(function):
    # "sendmsg@@GLIBC_2.2.5" -> "sendmsg"; "'2" recursion suffixes too.
    return re.split(r"[@']", function, 1)[0]


def parse(path):
    inclusive = own = syscalls = 0
    callees = {}
    entry_calls = {}
    functions = {}
    ob = fn = cob = cfn = None
    pending_call = None  # (count) when the next cost line is a call's
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line[0] == "#":
                continue
            if line.startswith("ob="):
                ob = line[3:]
            elif line.startswith("fn="):
                fn = line[3:]
                cob = None
            elif line.startswith("cob="):
                cob = line[4:]
            elif line.startswith("cfn="):
                cfn = line[4:]
            elif line.startswith("calls="):
                pending_call = int(line[6:].split()[0])
            elif line[0].isdigit() or line[0] in "+-*":
                fields = line.split()
                cost = int(fields[1]) if len(fields) > 1 else 0
                if pending_call is not None:
                    target = cob if cob is not None else ob
                    if not is_library(ob) and is_library(target):
                        inclusive += cost
                        name = base_name(cfn)
                        entry_calls[name] = entry_calls.get(name, 0) + pending_call
                    elif is_library(ob) and not is_library(target):
                        name = base_name(cfn)
                        callees[name] = callees.get(name, 0) + cost
                        if name in SYSCALL_WRAPPERS:
                            syscalls += pending_call
                    pending_call = None
                    cob = None
                elif is_library(ob):
                    own += cost
                    functions[fn] = functions.get(fn, 0) + cost
            # other lines (fl=, fi=, fe=, cfi=, events:, ...) are not needed
    iterations = max(entry_calls.values()) if entry_calls else 0
    return {"inclusive": inclusive, "own": own, "iterations": iterations,
            "syscalls": syscalls, "callees": callees, "functions": functions}


if __name__ == "__main__":
    import json
    import sys
    print(json.dumps(parse(sys.argv[1]), indent=1))
