/* SPDX-License-Identifier: MIT */
/*
 * The CPU models and CPU properties QEMU 7.2 knows, as Debian's binaries
 * list them: `qemu-system-x86_64 -cpu help`, `qemu-system-aarch64 -cpu
 * help`, and QMP device-list-properties of each class (the arm ones for
 * the models virt accepts). tests/unit/test_cpu_models.c compares the
 * model tables with the installed binaries. Sorted by strcmp().
 */
#include "cpu_models.h"

/* clang-format off */
/* Models of qemu-system-x86_64, versions and aliases included. */
const char *const vnuma__x86_models[] = {
	"486", "486-v1", "Broadwell", "Broadwell-IBRS", "Broadwell-noTSX",
	"Broadwell-noTSX-IBRS", "Broadwell-v1", "Broadwell-v2",
	"Broadwell-v3", "Broadwell-v4", "Cascadelake-Server",
	"Cascadelake-Server-noTSX", "Cascadelake-Server-v1",
	"Cascadelake-Server-v2", "Cascadelake-Server-v3",
	"Cascadelake-Server-v4", "Cascadelake-Server-v5", "Conroe",
	"Conroe-v1", "Cooperlake", "Cooperlake-v1", "Cooperlake-v2",
	"Denverton", "Denverton-v1", "Denverton-v2", "Denverton-v3", "Dhyana",
	"Dhyana-v1", "Dhyana-v2", "EPYC", "EPYC-IBPB", "EPYC-Milan",
	"EPYC-Milan-v1", "EPYC-Rome", "EPYC-Rome-v1", "EPYC-Rome-v2",
	"EPYC-v1", "EPYC-v2", "EPYC-v3", "Haswell", "Haswell-IBRS",
	"Haswell-noTSX", "Haswell-noTSX-IBRS", "Haswell-v1", "Haswell-v2",
	"Haswell-v3", "Haswell-v4", "Icelake-Server", "Icelake-Server-noTSX",
	"Icelake-Server-v1", "Icelake-Server-v2", "Icelake-Server-v3",
	"Icelake-Server-v4", "Icelake-Server-v5", "Icelake-Server-v6",
	"IvyBridge", "IvyBridge-IBRS", "IvyBridge-v1", "IvyBridge-v2",
	"KnightsMill", "KnightsMill-v1", "Nehalem", "Nehalem-IBRS",
	"Nehalem-v1", "Nehalem-v2", "Opteron_G1", "Opteron_G1-v1",
	"Opteron_G2", "Opteron_G2-v1", "Opteron_G3", "Opteron_G3-v1",
	"Opteron_G4", "Opteron_G4-v1", "Opteron_G5", "Opteron_G5-v1",
	"Penryn", "Penryn-v1", "SandyBridge", "SandyBridge-IBRS",
	"SandyBridge-v1", "SandyBridge-v2", "Skylake-Client",
	"Skylake-Client-IBRS", "Skylake-Client-noTSX-IBRS",
	"Skylake-Client-v1", "Skylake-Client-v2", "Skylake-Client-v3",
	"Skylake-Client-v4", "Skylake-Server", "Skylake-Server-IBRS",
	"Skylake-Server-noTSX-IBRS", "Skylake-Server-v1", "Skylake-Server-v2",
	"Skylake-Server-v3", "Skylake-Server-v4", "Skylake-Server-v5",
	"Snowridge", "Snowridge-v1", "Snowridge-v2", "Snowridge-v3",
	"Snowridge-v4", "Westmere", "Westmere-IBRS", "Westmere-v1",
	"Westmere-v2", "athlon", "athlon-v1", "base", "core2duo",
	"core2duo-v1", "coreduo", "coreduo-v1", "host", "kvm32", "kvm32-v1",
	"kvm64", "kvm64-v1", "max", "n270", "n270-v1", "pentium",
	"pentium-v1", "pentium2", "pentium2-v1", "pentium3", "pentium3-v1",
	"phenom", "phenom-v1", "qemu32", "qemu32-v1", "qemu64", "qemu64-v1", NULL,
};

/* Models of qemu-system-aarch64. */
const char *const vnuma__arm_models[] = {
	"a64fx", "arm1026", "arm1136", "arm1136-r2", "arm1176", "arm11mpcore",
	"arm926", "arm946", "cortex-a15", "cortex-a35", "cortex-a53",
	"cortex-a57", "cortex-a7", "cortex-a72", "cortex-a76", "cortex-a8",
	"cortex-a9", "cortex-m0", "cortex-m3", "cortex-m33", "cortex-m4",
	"cortex-m55", "cortex-m7", "cortex-r5", "cortex-r5f", "max",
	"neoverse-n1", "pxa250", "pxa255", "pxa260", "pxa261", "pxa262",
	"pxa270", "pxa270-a0", "pxa270-a1", "pxa270-b0", "pxa270-b1",
	"pxa270-c0", "pxa270-c5", "sa1100", "sa1110", "ti925t", NULL,
};

/* Properties of every x86 model (CPUID flags included). */
const char *const vnuma__x86_cpu_props[] = {
	"3dnow", "3dnowext", "3dnowprefetch", "abm", "ace2", "ace2-en",
	"acpi", "adx", "aes", "amd-no-ssb", "amd-ssbd", "amd-stibp",
	"amx-bf16", "amx-int8", "amx-tile", "apic", "apic-id", "arat",
	"arch-capabilities", "arch-lbr", "avic", "avx", "avx-vnni", "avx2",
	"avx512-4fmaps", "avx512-4vnniw", "avx512-bf16", "avx512-fp16",
	"avx512-vp2intersect", "avx512-vpopcntdq", "avx512bitalg", "avx512bw",
	"avx512cd", "avx512dq", "avx512er", "avx512f", "avx512ifma",
	"avx512pf", "avx512vbmi", "avx512vbmi2", "avx512vl", "avx512vnni",
	"bmi1", "bmi2", "bus-lock-detect", "check", "cid", "cldemote",
	"clflush", "clflushopt", "clwb", "clzero", "cmov", "cmp-legacy",
	"cmp_legacy", "core-capability", "core-id", "cpuid-0xb", "cr8legacy",
	"crash-information", "cx16", "cx8", "dca", "de", "decodeassists",
	"die-id", "ds", "ds-cpl", "ds_cpl", "dtes64", "enforce", "erms",
	"est", "extapic", "f16c", "family", "feature-words", "ffxsr",
	"fill-mtrr-mask", "filtered-features", "flushbyasid", "fma", "fma4",
	"fpu", "fsgsbase", "fsrm", "full-cpuid-auto-level",
	"full-width-write", "fxsr", "fxsr-opt", "fxsr_opt", "gfni", "hle",
	"host-phys-bits", "host-phys-bits-limit", "ht", "hv-apicv", "hv-avic",
	"hv-crash", "hv-emsr-bitmap", "hv-enforce-cpuid", "hv-evmcs",
	"hv-frequencies", "hv-ipi", "hv-no-nonarch-coresharing",
	"hv-passthrough", "hv-reenlightenment", "hv-relaxed", "hv-reset",
	"hv-runtime", "hv-spinlocks", "hv-stimer", "hv-stimer-direct",
	"hv-syndbg", "hv-synic", "hv-time", "hv-tlbflush",
	"hv-tlbflush-direct", "hv-tlbflush-ext", "hv-vapic", "hv-vendor-id",
	"hv-version-id-build", "hv-version-id-major", "hv-version-id-minor",
	"hv-version-id-sbranch", "hv-version-id-snumber",
	"hv-version-id-spack", "hv-vpindex", "hv-xmm-input", "hypervisor",
	"i64", "ia64", "ibpb", "ibrs", "ibrs-all", "ibs", "intel-pt",
	"intel-pt-lip", "invpcid", "invtsc", "kvm", "kvm-asyncpf",
	"kvm-asyncpf-int", "kvm-hint-dedicated", "kvm-mmu",
	"kvm-msi-ext-dest-id", "kvm-no-smi-migration", "kvm-nopiodelay",
	"kvm-poll-control", "kvm-pv-enforce-cpuid", "kvm-pv-eoi",
	"kvm-pv-ipi", "kvm-pv-sched-yield", "kvm-pv-tlb-flush",
	"kvm-pv-unhalt", "kvm-steal-time", "kvm_asyncpf", "kvm_asyncpf_int",
	"kvm_mmu", "kvm_nopiodelay", "kvm_poll_control", "kvm_pv_eoi",
	"kvm_pv_unhalt", "kvm_steal_time", "kvmclock", "kvmclock-stable-bit",
	"l3-cache", "la57", "lahf-lm", "lahf_lm", "lbr-fmt", "lbr_fmt",
	"lbrv", "level", "level-func7", "lm", "lmce", "lwp", "mca", "mce",
	"md-clear", "mds-no", "memory", "min-level", "min-xlevel",
	"min-xlevel2", "misalignsse", "mmx", "mmxext", "model", "model-id",
	"monitor", "movbe", "movdir64b", "movdiri", "mpx", "msr", "mtrr",
	"node-id", "nodeid-msr", "nodeid_msr", "npt", "nrip-save",
	"nrip_save", "nx", "osvw", "pae", "pat", "pause-filter",
	"pause_filter", "pbe", "pcid", "pclmuldq", "pclmulqdq", "pcommit",
	"pdcm", "pdpe1gb", "perfctr-core", "perfctr-nb", "perfctr_core",
	"perfctr_nb", "pfthreshold", "pge", "phe", "phe-en", "phys-bits",
	"pks", "pku", "pmm", "pmm-en", "pmu", "pn", "pni", "popcnt",
	"pschange-mc-no", "pse", "pse36", "rdctl-no", "rdpid", "rdrand",
	"rdseed", "rdtscp", "rsba", "rtm", "sep", "serialize", "sgx",
	"sgx-debug", "sgx-exinfo", "sgx-kss", "sgx-mode64",
	"sgx-provisionkey", "sgx-tokenkey", "sgx1", "sgx2", "sgxlc", "sha-ni",
	"skinit", "skip-l1dfl-vmentry", "smap", "smep", "smx", "socket-id",
	"spec-ctrl", "split-lock-detect", "ss", "ssb-no", "ssbd", "sse",
	"sse2", "sse3", "sse4-1", "sse4-2", "sse4.1", "sse4.2", "sse4_1",
	"sse4_2", "sse4a", "ssse3", "start-powered-off", "stepping", "stibp",
	"svm", "svm-lock", "svm_lock", "svme-addr-chk", "syscall", "taa-no",
	"tbm", "tce", "tcg-cpuid", "thread-id", "tm", "tm2", "topoext", "tsc",
	"tsc-adjust", "tsc-deadline", "tsc-frequency", "tsc-scale",
	"tsc_adjust", "tsc_scale", "tsx-ctrl", "tsx-ldtrk", "ucode-rev",
	"umip", "unavailable-features", "v-vmsave-vmload", "vaes", "vendor",
	"vgif", "virt-ssbd", "vmcb-clean", "vmcb_clean", "vme",
	"vmware-cpuid-freq", "vmx", "vmx-activity-hlt",
	"vmx-activity-shutdown", "vmx-activity-wait-sipi",
	"vmx-apicv-register", "vmx-apicv-vid", "vmx-apicv-x2apic",
	"vmx-apicv-xapic", "vmx-cr3-load-noexit", "vmx-cr3-store-noexit",
	"vmx-cr8-load-exit", "vmx-cr8-store-exit", "vmx-desc-exit",
	"vmx-encls-exit", "vmx-entry-ia32e-mode", "vmx-entry-load-bndcfgs",
	"vmx-entry-load-efer", "vmx-entry-load-pat",
	"vmx-entry-load-perf-global-ctrl", "vmx-entry-load-pkrs",
	"vmx-entry-load-rtit-ctl", "vmx-entry-noload-debugctl", "vmx-ept",
	"vmx-ept-1gb", "vmx-ept-2mb", "vmx-ept-advanced-exitinfo",
	"vmx-ept-execonly", "vmx-eptad", "vmx-eptp-switching",
	"vmx-exit-ack-intr", "vmx-exit-clear-bndcfgs",
	"vmx-exit-clear-rtit-ctl", "vmx-exit-load-efer", "vmx-exit-load-pat",
	"vmx-exit-load-perf-global-ctrl", "vmx-exit-load-pkrs",
	"vmx-exit-nosave-debugctl", "vmx-exit-save-efer", "vmx-exit-save-pat",
	"vmx-exit-save-preemption-timer", "vmx-flexpriority", "vmx-hlt-exit",
	"vmx-ins-outs", "vmx-intr-exit", "vmx-invept",
	"vmx-invept-all-context", "vmx-invept-single-context",
	"vmx-invept-single-context-noglobals", "vmx-invlpg-exit",
	"vmx-invpcid-exit", "vmx-invvpid", "vmx-invvpid-all-context",
	"vmx-invvpid-single-addr", "vmx-io-bitmap", "vmx-io-exit",
	"vmx-monitor-exit", "vmx-movdr-exit", "vmx-msr-bitmap", "vmx-mtf",
	"vmx-mwait-exit", "vmx-nmi-exit", "vmx-page-walk-4",
	"vmx-page-walk-5", "vmx-pause-exit", "vmx-ple", "vmx-pml",
	"vmx-posted-intr", "vmx-preemption-timer", "vmx-rdpmc-exit",
	"vmx-rdrand-exit", "vmx-rdseed-exit", "vmx-rdtsc-exit",
	"vmx-rdtscp-exit", "vmx-secondary-ctls", "vmx-shadow-vmcs",
	"vmx-store-lma", "vmx-true-ctls", "vmx-tsc-offset", "vmx-tsc-scaling",
	"vmx-unrestricted-guest", "vmx-vintr-pending", "vmx-vmfunc",
	"vmx-vmwrite-vmexit-fields", "vmx-vnmi", "vmx-vnmi-pending",
	"vmx-vpid", "vmx-wbinvd-exit", "vmx-xsaves", "vmx-zero-len-inject",
	"vpclmulqdq", "waitpkg", "wbnoinvd", "wdt", "x-force-features",
	"x-hv-max-vps", "x-hv-synic-kvm-only", "x-intel-pt-auto-level",
	"x-migrate-smi-count", "x-vendor-cpuid-only", "x2apic", "xcrypt",
	"xcrypt-en", "xd", "xfd", "xgetbv1", "xlevel", "xlevel2", "xop",
	"xsave", "xsavec", "xsaveerptr", "xsaveopt", "xsaves", "xstore",
	"xstore-en", "xtpr", NULL,
};

/* "max" and "host" have two more. */
const char *const vnuma__x86_cpu_props_max[] = { "host-cache-info", "migratable",
						 NULL };

/* Properties every arm model virt accepts has. */
const char *const vnuma__arm_cpu_props[] = {
	"cfgend", "cntfrq", "core-count", "has_el2", "has_el3", "memory",
	"midr", "mp-affinity", "neon", "node-id", "pmu", "psci-conduit",
	"reset-hivecs", "secure-memory", "start-powered-off", "vfp", NULL,
};

static const char *const extra_cortex_a7[] = {
	"reset-cbar", NULL,
};

static const char *const extra_cortex_a15[] = {
	"reset-cbar", NULL,
};

static const char *const extra_cortex_a35[] = {
	"aarch64", "reset-cbar", "rvbar", NULL,
};

static const char *const extra_cortex_a53[] = {
	"aarch64", "reset-cbar", "rvbar", NULL,
};

static const char *const extra_cortex_a57[] = {
	"aarch64", "reset-cbar", "rvbar", NULL,
};

static const char *const extra_cortex_a72[] = {
	"aarch64", "reset-cbar", "rvbar", NULL,
};

static const char *const extra_cortex_a76[] = {
	"aarch64", "reset-cbar", "rvbar", NULL,
};

static const char *const extra_a64fx[] = {
	"aarch64", "rvbar", "sve", "sve1024", "sve1152", "sve128", "sve1280",
	"sve1408", "sve1536", "sve1664", "sve1792", "sve1920", "sve2048",
	"sve256", "sve384", "sve512", "sve640", "sve768", "sve896", NULL,
};

static const char *const extra_neoverse_n1[] = {
	"aarch64", "reset-cbar", "rvbar", NULL,
};

static const char *const extra_max[] = {
	"aarch64", "lpa2", "pauth", "pauth-impdef", "reset-cbar", "rvbar",
	"secure-tag-memory", "sme", "sme1024", "sme128", "sme2048", "sme256",
	"sme512", "sme_fa64", "sve", "sve-max-vq", "sve1024", "sve1152",
	"sve128", "sve1280", "sve1408", "sve1536", "sve1664", "sve1792",
	"sve1920", "sve2048", "sve256", "sve384", "sve512", "sve640",
	"sve768", "sve896", "tag-memory", NULL,
};
/* clang-format on */

/* The models virt accepts (its valid_cpus less "host"), with the
 * properties each has beyond vnuma__arm_cpu_props. */
const struct vnuma__arm_model vnuma__virt_models[] = {
	{ "cortex-a7", extra_cortex_a7 },
	{ "cortex-a15", extra_cortex_a15 },
	{ "cortex-a35", extra_cortex_a35 },
	{ "cortex-a53", extra_cortex_a53 },
	{ "cortex-a57", extra_cortex_a57 },
	{ "cortex-a72", extra_cortex_a72 },
	{ "cortex-a76", extra_cortex_a76 },
	{ "a64fx", extra_a64fx },
	{ "neoverse-n1", extra_neoverse_n1 },
	{ "max", extra_max },
	{ NULL, NULL },
};
