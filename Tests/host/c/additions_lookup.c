/* dlopen("libsctp.so.1") (found through LD_LIBRARY_PATH), then look up
 * sctp_sendx and sctp_peeloff_flags as a runtime would: dlsym (no version),
 * dlvsym at VERS_4, and dlsym of the name the header calls them by. Prints
 * per function "NAME dlsym none|label|other", "NAME dlvsym_VERS_4
 * none|label|other" (label: the address of the header's name) and "NAME
 * label found|none". */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>

static const char *what(void *p, void *label)
{
	return p == NULL ? "none" : p == label ? "label" : "other";
}

static void show(void *h, const char *name, const char *label_name)
{
	void *label = dlsym(h, label_name);

	printf("%s dlsym %s\n", name, what(dlsym(h, name), label));
	printf("%s dlvsym_VERS_4 %s\n", name, what(dlvsym(h, name, "VERS_4"), label));
	printf("%s label %s\n", name, label ? "found" : "none");
}

int main(void)
{
	Dl_info info;
	void *h = dlopen("libsctp.so.1", RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		printf("dlopen failed: %s\n", dlerror());
		return 1;
	}
	if (dladdr(dlsym(h, "sctp_bindx"), &info))
		printf("file %s\n", info.dli_fname);
	show(h, "sctp_sendx", "__libsctp_sendx");
	show(h, "sctp_peeloff_flags", "__libsctp_peeloff_flags");
	dlclose(h);
	return 0;
}
