// The C++ consumer of Tests/consumers/run.sh, built with g++ and clang++:
// <netinet/sctp.h> from C++17 with -Wall -Wextra -Werror -pedantic, a few of
// its functions called through their C linkage, and the library file they
// come from printed. Exit status 0 when every check holds.
#include <dlfcn.h>
#include <netinet/sctp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#ifndef HAVE_SCTP_SENDV
#error "not this library's <netinet/sctp.h>: HAVE_SCTP_SENDV is not defined"
#endif

#ifndef CONSUMER_BUILD
#define CONSUMER_BUILD "c++"
#endif

namespace {

int failures = 0;

void expect(bool ok, const std::string &what)
{
	std::printf("%s: %s\n", ok ? "ok" : "FAILED", what.c_str());
	if (!ok)
		++failures;
}

// -1 and this errno, as the call's result (errno read before anything
// else can touch it: the arguments are an int and a literal).
void expect_error(int rc, int wanted, const char *call)
{
	const int error = errno;
	expect(rc == -1 && error == wanted,
	       std::string(call) + ": " + std::to_string(rc) + ", " + std::strerror(error));
}

std::string library_of(const char *symbol)
{
	void *library = dlopen("libsctp.so.1", RTLD_NOW | RTLD_NOLOAD);
	void *address = library ? dlsym(library, symbol) : nullptr;
	Dl_info info{};
	if (!address || !dladdr(address, &info) || !info.dli_fname)
		return std::string();
	return info.dli_fname;
}

} // namespace

int main()
{
	const std::string path = library_of("sctp_getaddrlen");

	std::printf("build: %s\n", CONSUMER_BUILD);
	std::printf("library: %s\n", path.empty() ? "(dladdr failed)" : path.c_str());
	expect(!path.empty(), "dladdr names the file of sctp_getaddrlen");
	expect(sctp_getaddrlen(AF_INET) == 16, "sctp_getaddrlen(AF_INET) == 16");
	expect(sctp_getaddrlen(AF_INET6) == 28, "sctp_getaddrlen(AF_INET6) == 28");

	errno = 0;
	expect_error(sctp_bindx(-1, nullptr, 1, SCTP_BINDX_ADD_ADDR), EFAULT,
		     "sctp_bindx(-1, nullptr, 1, SCTP_BINDX_ADD_ADDR)");
	sctp_assoc_t id = 0;
	expect_error(sctp_connectx(-1, nullptr, 1, &id), EFAULT, "sctp_connectx(-1, nullptr, 1, &id)");
	expect_error(sctp_opt_info(-1, 0, SCTP_STATUS, nullptr, nullptr), EFAULT,
		     "sctp_opt_info(-1, 0, SCTP_STATUS, nullptr, nullptr)");
	// The flags go to the kernel as lksctp's source passes them: the bad
	// descriptor is what it answers.
	expect_error(sctp_peeloff_flags(-1, 0, ~0u), EBADF, "sctp_peeloff_flags(-1, 0, ~0u)");
	// Declared by this library's header only, exported by it only (VERS_4,
	// as __libsctp_sendx: the header's name).
	expect_error(static_cast<int>(sctp_sendx(-1, "x", 1, nullptr, 1, nullptr, 0)), EFAULT,
		     "sctp_sendx(-1, \"x\", 1, nullptr, 1, nullptr, 0)");
	return failures == 0 ? 0 : 1;
}
