# The four faces of sctp_connectx, as lksctp exports them: the unversioned
# base and VERS_1 take (sd, addrs, addrcnt); VERS_2 and VERS_3 add the
# association id. Appended to the compiled Swift assembly, because .symver
# can only name symbols defined in the same object.
.symver sctp_connectx_orig, sctp_connectx@
.symver sctp_connectx_orig, sctp_connectx@VERS_1
.symver sctp_connectx2, sctp_connectx@VERS_2
.symver sctp_connectx3, sctp_connectx@@VERS_3
# sctp_peeloff_flags and sctp_sendx, which lksctp does not export, for the
# programs built before the header named them __libsctp_*: only as
# non-default versions, so that another library's own sctp_sendx (Debian's
# librsplib defines one) or a plain dlsym never binds to ours.
.symver __libsctp_peeloff_flags, sctp_peeloff_flags@VERS_4
.symver __libsctp_sendx, sctp_sendx@VERS_4
