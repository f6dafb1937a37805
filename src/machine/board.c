/* SPDX-License-Identifier: MIT */
/*
 * Board init: what QEMU 7.2's machine init function does that can refuse
 * a configuration, after NUMA completion and before -device. On pc/q35
 * (pc_init1, pc_q35_init): realize the CPUs (phys-bits), split RAM around
 * the 32-bit PCI hole, place the device memory region and check that the
 * 64-bit PCI hole still fits the CPU's physical address space. On virt
 * (machvirt_init): the memory map against the CPU's PA range, the GIC
 * version and its CPU limit.
 *
 * The CPU is modelled only as far as these checks need (x86cpu.c):
 * vendor, long mode and phys-bits, under TCG.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "board_cpu.h"

#define GIB (UINT64_C(1) << 30)
#define V(maj, min) ((maj)*100 + (min))

/* QEMU's ACPI_MAX_RAM_SLOTS, for pc/q35 and virt. */
#define MAX_RAM_SLOTS 256
/* x86 TARGET_PAGE_SIZE: maxmem must be a multiple of it. */
#define X86_PAGE 4096
/* Start of the AMD HyperTransport hole, and where RAM goes above it. */
#define AMD_HT_START UINT64_C(0xfd00000000)
#define AMD_ABOVE_1TB UINT64_C(0x10000000000)
/* virt: RAM starts at 1 GiB; 255 GiB of it without highmem tricks. */
#define VIRT_RAM_BASE GIB
/* GICv2 serves 8 CPUs; GICv3's redistributor regions 123 + 389. */
#define GICV2_CPUS 8
#define GICV3_CPUS 512
#define GICV3_LOW_REDIST 123

static uint64_t round_up(uint64_t v, uint64_t a, bool *wrap)
{
	uint64_t r = (v + a - 1) & ~(a - 1);

	if (r < v)
		*wrap = true;
	return r;
}

static bool is_x86(const struct vnuma__profile *p)
{
	return p->board == VNUMA__BOARD_I440FX ||
	       p->board == VNUMA__BOARD_Q35 || p->board == VNUMA__BOARD_ISAPC;
}

static unsigned version(const struct vnuma__profile *p)
{
	return V(p->ver_major, p->ver_minor);
}

/* Where pc_init1/pc_q35_init split RAM below and above 4 GiB. */
static uint64_t x86_lowmem(const struct vnuma__machine *m)
{
	const struct vnuma__profile *p = m->profile;
	uint64_t max = m->has_max_ram_below_4g ? m->max_ram_below_4g : 0;
	uint64_t low;

	if (p->board == VNUMA__BOARD_Q35) {
		low = m->ram_size >= 0xb0000000 ? 0x80000000 : 0xb0000000;
		if (!max)
			max = 4 * GIB;
		return low > max ? max : low;
	}
	if (!max)
		max = 0xe0000000;
	low = max;
	/* From 2.0 on, i440fx splits at 3 GiB at most for 1 GiB pages. */
	if (m->ram_size >= max && p->board == VNUMA__BOARD_I440FX &&
	    version(p) >= V(2, 0) && low > 0xc0000000)
		low = 0xc0000000;
	return low;
}

/* QEMU's two warnings about a max-ram-below-4g off a 1 GiB boundary. */
static int x86_split_warning(const struct vnuma__machine *m,
			     struct vnuma__warnings *w)
{
	const struct vnuma__profile *p = m->profile;
	uint64_t max = m->has_max_ram_below_4g ? m->max_ram_below_4g : 0;
	uint64_t low = x86_lowmem(m);

	if (!max || !(low & (GIB - 1)))
		return VNUMA_OK;
	if (p->board == VNUMA__BOARD_Q35 && low == max &&
	    m->ram_size - low > low)
		return vnuma__warn(w, "board.max-ram-below-4g-unaligned", NULL,
				   "There is possibly poor performance as the "
				   "ram size  (0x%" PRIx64 ") is more then "
				   "twice the size of max-ram-below-4g "
				   "(%" PRIu64 ") and max-ram-below-4g is not "
				   "a multiple of 1G.",
				   m->ram_size, max);
	if (p->board == VNUMA__BOARD_I440FX && version(p) >= V(2, 0) &&
	    m->ram_size >= max)
		return vnuma__warn(w, "board.max-ram-below-4g-unaligned", NULL,
				   "Large machine and max_ram_below_4g "
				   "(%" PRIu64 ") not a multiple of 1G; "
				   "possible bad performance.",
				   max);
	return VNUMA_OK;
}

/*
 * pc_get_device_memory_range() and pc_max_used_gpa(): the region starts
 * at the first GiB after RAM above 4 GiB and reserves 1 GiB per slot for
 * alignment (from 2.2); the 64-bit PCI hole (32 GiB on q35, 2 GiB on
 * i440fx, none without PCI) follows it, except on types up to 2.4 whose
 * hole starts at the region's base (QEMU's broken_reserved_end).
 */
static int x86_place(struct vnuma__ram_layout *l,
		     const struct vnuma__machine *m, uint64_t start)
{
	const struct vnuma__profile *p = m->profile;
	uint64_t hole64 = p->board == VNUMA__BOARD_Q35	  ? 32 * GIB :
			  p->board == VNUMA__BOARD_I440FX ? 2 * GIB :
							    0;
	bool wrap = false,
	     dev = p->has_reserved_memory && m->ram_size < m->maxram_size;
	uint64_t end, hole;

	l->above_4g_start = start;
	l->devmem_base = l->devmem_size = 0;
	end = start + l->above_4g;
	hole = round_up(end, GIB, &wrap);
	if (dev) {
		l->devmem_base = hole;
		l->devmem_size = m->maxram_size - m->ram_size;
		if (version(p) >= V(2, 2) &&
		    __builtin_add_overflow(l->devmem_size, GIB * m->ram_slots,
					   &l->devmem_size))
			return VNUMA_E_RANGE;
		if (version(p) > V(2, 4) &&
		    __builtin_add_overflow(hole, l->devmem_size, &hole))
			return VNUMA_E_RANGE;
		hole = round_up(hole, GIB, &wrap);
	}
	if (wrap)
		return VNUMA_E_RANGE;
	l->max_used_gpa = hole + hole64 - 1;
	return VNUMA_OK;
}

static int x86_layout(struct vnuma__ram_layout *l,
		      const struct vnuma__machine *m,
		      const struct vnuma__x86cpu *cpu)
{
	uint64_t low = x86_lowmem(m);
	int rc;

	memset(l, 0, sizeof(*l));
	l->phys_bits = cpu->phys_bits;
	l->below_4g = m->ram_size >= low ? low : m->ram_size;
	l->above_4g = m->ram_size - l->below_4g;
	rc = x86_place(l, m, 4 * GIB);
	if (rc)
		return rc;
	/* 32-bit CPUs have no 64-bit hole to check. */
	if (cpu->phys_bits <= 32)
		l->max_used_gpa = 0;
	/* 7.1 moved RAM above the AMD HT hole for AMD CPUs if it reached it. */
	if (cpu->amd && version(m->profile) >= V(7, 1) &&
	    l->max_used_gpa >= AMD_HT_START) {
		rc = x86_place(l, m, AMD_ABOVE_1TB);
		if (cpu->phys_bits <= 32)
			l->max_used_gpa = 0;
	}
	return rc;
}

/*
 * virt_set_memmap(): the region follows RAM at the next GiB and reserves
 * 1 GiB per slot; everything must end below 2^pa_bits.
 */
static int virt_layout(struct vnuma__ram_layout *l,
		       const struct vnuma__machine *m, uint32_t pa_bits)
{
	bool wrap = false;
	uint64_t size = m->maxram_size - m->ram_size;

	l->phys_bits = pa_bits;
	l->devmem_base = round_up(VIRT_RAM_BASE + m->ram_size, GIB, &wrap);
	if (wrap || __builtin_add_overflow(size, GIB * m->ram_slots, &size))
		return VNUMA_E_RANGE;
	l->devmem_size = size;
	return VNUMA_OK;
}

/* microvm_memory_init(): 3 GiB at most below 4 GiB, the rest from 4 GiB. */
static void microvm_layout(struct vnuma__ram_layout *l,
			   const struct vnuma__machine *m)
{
	memset(l, 0, sizeof(*l));
	l->below_4g = m->ram_size > 3 * GIB ? 3 * GIB : m->ram_size;
	l->above_4g = m->ram_size - l->below_4g;
	l->above_4g_start = 4 * GIB;
}

int vnuma__ram_layout(struct vnuma__ram_layout *out,
		      const struct vnuma__machine *m)
{
	struct vnuma__x86cpu cpu;

	memset(out, 0, sizeof(*out));
	if (!m || !m->profile)
		return VNUMA_E_INVAL;
	if (m->profile->board == VNUMA__BOARD_MICROVM) {
		microvm_layout(out, m);
		out->phys_bits = vnuma__x86cpu_get(&cpu, m, NULL) ?
					 0 :
					 cpu.phys_bits;
		return VNUMA_OK;
	}
	if (is_x86(m->profile)) {
		vnuma__x86cpu_get(&cpu, m, NULL);
		return x86_layout(out, m, &cpu);
	}
	if (m->profile->board == VNUMA__BOARD_VIRT)
		return virt_layout(out, m, vnuma__arm_pa_bits(m));
	return VNUMA_E_UNSUPPORTED;
}

static int x86_init(struct vnuma__machine *m, struct vnuma__warnings *w,
		    vnuma_error **err)
{
	const struct vnuma__profile *p = m->profile;
	struct vnuma__ram_layout l;
	struct vnuma__x86cpu cpu;
	int rc = vnuma__x86cpu_get(&cpu, m, err);

	if (rc)
		return rc;
	if (x86_split_warning(m, w))
		return vnuma__error_nomem(err);
	/*
	 * QEMU 7.2 lets the region's end wrap past 2^64 and carries on
	 * (-m 1G,slots=2,maxmem=18446744073709547520); vnuma refuses.
	 */
	if (x86_layout(&l, m, &cpu))
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"board.maxmem-too-big", NULL,
					"unsupported amount of maximum memory: "
					"%" PRIx64,
					m->maxram_size);
	if (l.max_used_gpa &&
	    l.max_used_gpa > (UINT64_C(1) << cpu.phys_bits) - 1)
		return vnuma__error_set(err, VNUMA_E_RANGE, "board.phys-bits",
					NULL,
					"Address space limit 0x%" PRIx64
					" < 0x%" PRIx64
					" phys-bits too low (%u)",
					(UINT64_C(1) << cpu.phys_bits) - 1,
					l.max_used_gpa, cpu.phys_bits);
	if (!p->has_reserved_memory &&
	    (m->ram_slots || m->maxram_size > m->ram_size))
		return vnuma__error_set(err, VNUMA_E_UNSUPPORTED,
					"board.slots-unsupported", NULL,
					"\"-memory 'slots|maxmem'\" is not "
					"supported by: %s",
					p->name);
	if (!p->has_reserved_memory || m->ram_size >= m->maxram_size)
		return VNUMA_OK;
	if (m->ram_slots > MAX_RAM_SLOTS)
		return vnuma__error_set(err, VNUMA_E_RANGE, "board.slots-max",
					NULL,
					"unsupported amount of memory slots: "
					"%" PRIu64,
					m->ram_slots);
	if (m->maxram_size % X86_PAGE)
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"board.maxmem-unaligned", NULL,
					"maximum memory size must by aligned "
					"to multiple of %d bytes",
					X86_PAGE);
	if (!l.devmem_size || l.devmem_base + l.devmem_size < l.devmem_size)
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"board.maxmem-too-big", NULL,
					"unsupported amount of maximum memory: "
					"%" PRIx64,
					m->maxram_size);
	m->devmem_base = l.devmem_base;
	m->devmem_size = l.devmem_size;
	return VNUMA_OK;
}

/* finalize_gic_version() under TCG: the GIC version in use, or 0. */
static int virt_gic(const struct vnuma__machine *m, unsigned *ver,
		    vnuma_error **err)
{
	const char *g = m->gic_version;

	*ver = 2; /* 7.2's default without KVM */
	if (!g || !strcmp(g, "2"))
		return VNUMA_OK;
	if (!strcmp(g, "host"))
		return vnuma__error_set(err, VNUMA_E_UNSUPPORTED,
					"board.gic-host", NULL,
					"gic-version=host requires KVM");
	if (!strcmp(g, "4") &&
	    !vnuma__machine_bool(m, "virtualization", false))
		return vnuma__error_set(err, VNUMA_E_UNSUPPORTED,
					"board.gic-v4", NULL,
					"gic-version=4 requires virtualization "
					"enabled");
	*ver = !strcmp(g, "4") ? 4 : 3; /* "max" is 3 under TCG */
	return VNUMA_OK;
}

static int virt_init(struct vnuma__machine *m, vnuma_error **err)
{
	uint32_t pa = vnuma__arm_pa_bits(m);
	struct vnuma__ram_layout l;
	uint64_t top, limit;
	bool wrap = false;
	unsigned gic;
	int rc;

	if (m->ram_slots > MAX_RAM_SLOTS)
		return vnuma__error_set(err, VNUMA_E_RANGE, "board.slots-max",
					NULL,
					"unsupported number of memory slots: "
					"%" PRIu64,
					m->ram_slots);
	rc = virt_layout(&l, m, pa);
	top = l.devmem_base + round_up(l.devmem_size, GIB, &wrap);
	if (rc || wrap || top < l.devmem_base)
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"board.maxmem-too-big", NULL,
					"maxmem/slots too huge");
	limit = UINT64_C(1) << pa;
	/* QEMU's message ends with a newline of its own. */
	if (top > limit)
		return vnuma__error_set(err, VNUMA_E_RANGE, "board.pa-bits",
					NULL,
					"Addressing limited to %u bits, but "
					"memory exceeds it by %" PRIu64
					" bytes\n",
					pa, top - limit);
	rc = virt_gic(m, &gic, err);
	if (rc)
		return rc;
	if (m->smp.max_cpus > (gic == 2 ? GICV2_CPUS : GICV3_CPUS))
		return vnuma__error_set(err, VNUMA_E_RANGE, "board.gic-cpus",
					NULL,
					"Number of SMP CPUs requested (%u) "
					"exceeds max CPUs supported by machine "
					"'mach-virt' (%u)",
					m->smp.max_cpus,
					gic == 2 ? GICV2_CPUS : GICV3_CPUS);
	/* Without highmem only the low redistributor region (123) exists. */
	if (gic >= 3 && !vnuma__machine_bool(m, "highmem", true) &&
	    m->smp.cpus > GICV3_LOW_REDIST)
		return vnuma__error_set(err, VNUMA_E_RANGE, "board.gic-redist",
					NULL,
					"Capacity of the redist "
					"regions(%u) does not match the "
					"number of vcpus(%u)",
					GICV3_LOW_REDIST, m->smp.cpus);
	if (l.devmem_size) {
		m->devmem_base = l.devmem_base;
		m->devmem_size = l.devmem_size;
	}
	return VNUMA_OK;
}

int vnuma__board_init(struct vnuma__machine *m, struct vnuma__warnings *w,
		      vnuma_error **err)
{
	if (!m || !m->profile || !w)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"machine and warnings must not be "
					"NULL");
	m->devmem_base = m->devmem_size = 0;
	/* microvm: no device memory; -m slots/maxmem are not looked at. */
	if (m->profile->board == VNUMA__BOARD_MICROVM) {
		struct vnuma__x86cpu cpu;

		return vnuma__x86cpu_get(&cpu, m, err);
	}
	if (is_x86(m->profile))
		return x86_init(m, w, err);
	if (m->profile->board == VNUMA__BOARD_VIRT)
		return virt_init(m, err);
	return VNUMA_OK;
}
