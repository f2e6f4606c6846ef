/* dlopen("libsctp.so.1") (found through LD_LIBRARY_PATH, or the system's),
 * then dlvsym each face of sctp_connectx. Prints one line per lookup:
 * "NAME OFFSET" with the offset from the library's load address (comparable
 * with nm -D), or "NAME none"; and "file PATH" for the library loaded. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>

static void *base;

static void show(const char *label, void *p)
{
	if (p)
		printf("%s %lx\n", label, (unsigned long)((char *)p - (char *)base));
	else
		printf("%s none\n", label);
}

int main(void)
{
	Dl_info info;
	void *h = dlopen("libsctp.so.1", RTLD_NOW | RTLD_LOCAL);
	void *any;

	if (!h) {
		printf("dlopen failed: %s\n", dlerror());
		return 1;
	}
	any = dlsym(h, "sctp_bindx");
	if (!any || !dladdr(any, &info)) {
		printf("no sctp_bindx, or dladdr failed\n");
		return 1;
	}
	base = info.dli_fbase;
	printf("file %s\n", info.dli_fname);
	show("dlsym", dlsym(h, "sctp_connectx"));
	show("VERS_1", dlvsym(h, "sctp_connectx", "VERS_1"));
	show("VERS_2", dlvsym(h, "sctp_connectx", "VERS_2"));
	show("VERS_3", dlvsym(h, "sctp_connectx", "VERS_3"));
	show("VERS_4", dlvsym(h, "sctp_connectx", "VERS_4"));
	show("peeloff_flags_VERS_4", dlvsym(h, "sctp_peeloff_flags", "VERS_4"));
	dlclose(h);
	return 0;
}
