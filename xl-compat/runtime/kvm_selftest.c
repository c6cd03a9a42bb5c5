/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * KVM self-test: two tiny VMs run with the raw KVM API in a child process.
 * /dev/kvm opening and KVM_CREATE_VM succeeding prove little (on nested
 * hosts such as PVM, Linux guests still hang once they leave real mode), so
 * the verdict rests on a guest actually running code in long mode.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "kvm_selftest.h"

#define MEM_SIZE	0x200000	/* one 2 MiB page, identity-mapped */
#define PML4_GPA	0x1000
#define PDPT_GPA	0x2000
#define PD_GPA		0x3000
#define GDT_GPA		0x4000
#define STACK_GPA	0x6000
#define CODE_GPA	0x7000
#define TSS_GPA		0xfffbd000	/* for Intel real mode; not RAM */
#define PROBE_PORT	0xe9
#define PROBE_VALUE	0x600df00du
#define PROGRESS_PORT	0xea
#define SPEED_BLOCKS	10	/* of 200000 loop iterations each */
#define SPEED_BUDGET_MS	200	/* hardware virtualization: a few ms */

#define CR0_PE		(1u << 0)
#define CR0_MP		(1u << 1)
#define CR0_ET		(1u << 4)
#define CR0_NE		(1u << 5)
#define CR0_WP		(1u << 16)
#define CR0_PG		(1u << 31)
#define CR4_PAE		(1u << 5)
#define EFER_LME	(1u << 8)
#define EFER_LMA	(1u << 10)
#define PTE_P		(1u << 0)
#define PTE_RW		(1u << 1)
#define PTE_PS		(1u << 7)

/* Flat GDT: null, 0x08 code32, 0x10 data, 0x18 code64. */
static const uint64_t gdt[] = {
	0, 0x00cf9a000000ffffull, 0x00cf92000000ffffull, 0x00af9a000000ffffull,
};

/* 64-bit: mov $PROBE_VALUE,%eax; out %eax,$PROBE_PORT; hlt */
static const uint8_t code_long[] = {
	0xb8, 0x0d, 0xf0, 0x0d, 0x60, 0xe7, PROBE_PORT, 0xf4,
};

/*
 * 64-bit: ten blocks of 200000 "dec %ecx; jnz" iterations (4M instructions,
 * a few ms on hardware virtualization), each block ending with
 * out %eax,$PROGRESS_PORT (eax = blocks left); then code_long.
 */
static const uint8_t code_speed[] = {
	0xba, SPEED_BLOCKS, 0x00, 0x00, 0x00, 0xb9, 0x40, 0x0d, 0x03, 0x00,
	0xff, 0xc9, 0x75, 0xfc, 0x89, 0xd0, 0xe7, PROGRESS_PORT, 0xff, 0xca,
	0x75, 0xef, 0xb8, 0x0d, 0xf0, 0x0d, 0x60, 0xe7, PROBE_PORT, 0xf4,
};

/*
 * Loaded at CODE_GPA with cs=0 in real mode: cli; lgdtl gdtr; set CR0.PE;
 * ljmpl $0x08,pm32.  pm32: load 0x10 into ds/es/ss; set CR4.PAE; CR3 =
 * PML4_GPA; rdmsr/wrmsr EFER.LME; set CR0.PG; ljmp $0x18,lm64.  lm64: the
 * three instructions of code_long.  The GDT and its descriptor follow.
 */
static const uint8_t code_real[] = {
	0xfa, 0x66, 0x0f, 0x01, 0x16, 0x80, 0x70, 0x0f, 0x20, 0xc0, 0x66, 0x83,
	0xc8, 0x01, 0x0f, 0x22, 0xc0, 0x66, 0xea, 0x19, 0x70, 0x00, 0x00, 0x08,
	0x00, 0x66, 0xb8, 0x10, 0x00, 0x8e, 0xd8, 0x8e, 0xc0, 0x8e, 0xd0, 0x0f,
	0x20, 0xe0, 0x83, 0xc8, 0x20, 0x0f, 0x22, 0xe0, 0xb8, 0x00, 0x10, 0x00,
	0x00, 0x0f, 0x22, 0xd8, 0xb9, 0x80, 0x00, 0x00, 0xc0, 0x0f, 0x32, 0x0d,
	0x00, 0x01, 0x00, 0x00, 0x0f, 0x30, 0x0f, 0x20, 0xc0, 0x0d, 0x00, 0x00,
	0x00, 0x80, 0x0f, 0x22, 0xc0, 0xea, 0x54, 0x70, 0x00, 0x00, 0x18, 0x00,
	0xb8, 0x0d, 0xf0, 0x0d, 0x60, 0xe7, PROBE_PORT, 0xf4, 0x0f, 0x1f, 0x40,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00,
	0x00, 0x00, 0x9a, 0xcf, 0x00, 0xff, 0xff, 0x00, 0x00, 0x00, 0x92, 0xcf,
	0x00, 0xff, 0xff, 0x00, 0x00, 0x00, 0x9a, 0xaf, 0x00, 0x1f, 0x00, 0x60,
	0x70, 0x00, 0x00,
};

enum stage { STAGE_SREGS, STAGE_MODESWITCH, STAGE_SPEED };

static const char *const stage_name[] = {
	[STAGE_SREGS] = "long mode set up with KVM_SET_SREGS",
	[STAGE_MODESWITCH] = "guest switching itself from real to long mode",
	[STAGE_SPEED] = "guest speed, 4M instructions in long mode",
};

struct vm {
	int fd, vcpu;
	uint8_t *mem;
	struct kvm_run *run;
	size_t run_size;
};

/* The child reports on a pipe, one line per step; the last line counts. */
static void say(int out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(int out, const char *fmt, ...)
{
	char line[200];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	if (write(out, line, n) < 0)
		return;
}

/* The vCPU gets the host's supported CPUID: long mode needs LM in it. */
static int set_cpuid(int kvm, int vcpu)
{
	static uint64_t buf[(sizeof(struct kvm_cpuid2) +
			     256 * sizeof(struct kvm_cpuid_entry2)) / 8 + 1];
	struct kvm_cpuid2 *cpuid = (struct kvm_cpuid2 *)buf;

	memset(buf, 0, sizeof(buf));
	cpuid->nent = 256;
	if (ioctl(kvm, KVM_GET_SUPPORTED_CPUID, cpuid) < 0)
		return -1;
	return ioctl(vcpu, KVM_SET_CPUID2, cpuid);
}

static int vm_create(int kvm, struct vm *vm, int out)
{
	struct kvm_userspace_memory_region region;
	uint64_t *pt;
	int size;

	vm->fd = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm->fd < 0) {
		say(out, "FAIL KVM_CREATE_VM: %s", strerror(errno));
		return -1;
	}
	/* Only Intel needs it; harmless elsewhere. */
	ioctl(vm->fd, KVM_SET_TSS_ADDR, TSS_GPA);
	vm->mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (vm->mem == MAP_FAILED) {
		say(out, "FAIL mmap guest memory: %s", strerror(errno));
		return -1;
	}
	region = (struct kvm_userspace_memory_region){
		.slot = 0,
		.guest_phys_addr = 0,
		.memory_size = MEM_SIZE,
		.userspace_addr = (uintptr_t)vm->mem,
	};
	if (ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &region) < 0) {
		say(out, "FAIL KVM_SET_USER_MEMORY_REGION: %s",
		    strerror(errno));
		return -1;
	}
	vm->vcpu = ioctl(vm->fd, KVM_CREATE_VCPU, 0);
	if (vm->vcpu < 0) {
		say(out, "FAIL KVM_CREATE_VCPU: %s", strerror(errno));
		return -1;
	}
	if (set_cpuid(kvm, vm->vcpu) < 0) {
		say(out, "FAIL KVM_SET_CPUID2: %s", strerror(errno));
		return -1;
	}
	size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (size < (int)sizeof(*vm->run)) {
		say(out, "FAIL KVM_GET_VCPU_MMAP_SIZE: %s", strerror(errno));
		return -1;
	}
	vm->run_size = size;
	vm->run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED,
		       vm->vcpu, 0);
	if (vm->run == MAP_FAILED) {
		say(out, "FAIL mmap kvm_run: %s", strerror(errno));
		return -1;
	}

	pt = (uint64_t *)(vm->mem + PML4_GPA);
	pt[0] = PDPT_GPA | PTE_P | PTE_RW;
	pt = (uint64_t *)(vm->mem + PDPT_GPA);
	pt[0] = PD_GPA | PTE_P | PTE_RW;
	pt = (uint64_t *)(vm->mem + PD_GPA);
	pt[0] = 0 | PTE_P | PTE_RW | PTE_PS;
	memcpy(vm->mem + GDT_GPA, gdt, sizeof(gdt));
	return 0;
}

static void seg_flat(struct kvm_segment *s, uint16_t sel, uint8_t type,
		     int longmode)
{
	*s = (struct kvm_segment){
		.base = 0, .limit = 0xffffffff, .selector = sel, .type = type,
		.present = 1, .dpl = 0, .db = !longmode, .s = 1,
		.l = longmode, .g = 1,
	};
}

static int setup_sregs_long(struct vm *vm, const uint8_t *code, size_t len,
			    int out)
{
	struct kvm_sregs sregs;

	if (ioctl(vm->vcpu, KVM_GET_SREGS, &sregs) < 0) {
		say(out, "FAIL KVM_GET_SREGS: %s", strerror(errno));
		return -1;
	}
	seg_flat(&sregs.cs, 0x18, 11, 1);
	seg_flat(&sregs.ds, 0x10, 3, 0);
	sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.ds;
	sregs.gdt.base = GDT_GPA;
	sregs.gdt.limit = sizeof(gdt) - 1;
	sregs.cr3 = PML4_GPA;
	sregs.cr4 = CR4_PAE;
	sregs.cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_PG;
	sregs.efer = EFER_LME | EFER_LMA;
	if (ioctl(vm->vcpu, KVM_SET_SREGS, &sregs) < 0) {
		say(out, "FAIL KVM_SET_SREGS (long mode): %s", strerror(errno));
		return -1;
	}
	memcpy(vm->mem + CODE_GPA, code, len);
	return 0;
}

static int setup_real(struct vm *vm, int out)
{
	struct kvm_sregs sregs;

	if (ioctl(vm->vcpu, KVM_GET_SREGS, &sregs) < 0) {
		say(out, "FAIL KVM_GET_SREGS: %s", strerror(errno));
		return -1;
	}
	sregs.cs.selector = 0;
	sregs.cs.base = 0;
	if (ioctl(vm->vcpu, KVM_SET_SREGS, &sregs) < 0) {
		say(out, "FAIL KVM_SET_SREGS (real mode): %s", strerror(errno));
		return -1;
	}
	memcpy(vm->mem + CODE_GPA, code_real, sizeof(code_real));
	return 0;
}

static const char *exit_name(uint32_t reason)
{
	switch (reason) {
	case KVM_EXIT_SHUTDOWN:
		return "KVM_EXIT_SHUTDOWN (triple fault)";
	case KVM_EXIT_FAIL_ENTRY:
		return "KVM_EXIT_FAIL_ENTRY";
	case KVM_EXIT_INTERNAL_ERROR:
		return "KVM_EXIT_INTERNAL_ERROR";
	case KVM_EXIT_MMIO:
		return "KVM_EXIT_MMIO";
	case KVM_EXIT_EXCEPTION:
		return "KVM_EXIT_EXCEPTION";
	default:
		return "unexpected exit";
	}
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

/*
 * Run until the probe value was written and the vCPU halted, reporting
 * progress writes (speed stage) as they come; with a budget, fail if that
 * took longer.  The verdict must not depend on the caller's timeout.
 */
static int run_vcpu(struct vm *vm, int out, const char *stage,
		    long budget_ms)
{
	struct kvm_regs regs;
	struct kvm_run *run = vm->run;
	long start = now_ms();
	int wrote = 0, i;

	memset(&regs, 0, sizeof(regs));
	regs.rip = CODE_GPA;
	regs.rsp = STACK_GPA;
	regs.rflags = 2;
	if (ioctl(vm->vcpu, KVM_SET_REGS, &regs) < 0) {
		say(out, "FAIL KVM_SET_REGS: %s", strerror(errno));
		return -1;
	}
	for (i = 0; i < 64; i++) {
		if (ioctl(vm->vcpu, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			say(out, "FAIL %s: KVM_RUN: %s", stage,
			    strerror(errno));
			return -1;
		}
		if (run->exit_reason == KVM_EXIT_IO && !wrote) {
			uint32_t v;

			memcpy(&v, (uint8_t *)run + run->io.data_offset,
			       sizeof(v));
			if (run->io.direction == KVM_EXIT_IO_OUT &&
			    run->io.port == PROGRESS_PORT &&
			    v <= SPEED_BLOCKS) {
				say(out, "RUN %s: %u of %u blocks done after "
				    "%ld ms", stage, SPEED_BLOCKS - v + 1,
				    SPEED_BLOCKS, now_ms() - start);
				continue;
			}
			if (run->io.direction != KVM_EXIT_IO_OUT ||
			    run->io.port != PROBE_PORT || run->io.size != 4 ||
			    v != PROBE_VALUE) {
				say(out, "FAIL %s: wrong I/O exit (port %#x "
				    "size %u value %#x)", stage, run->io.port,
				    run->io.size, v);
				return -1;
			}
			wrote = 1;
			continue;
		}
		if (run->exit_reason == KVM_EXIT_HLT && wrote) {
			if (!budget_ms || now_ms() - start <= budget_ms)
				return 0;
			say(out, "FAIL %s: took %ld ms, more than %ld", stage,
			    now_ms() - start, budget_ms);
			return -1;
		}
		if (run->exit_reason == KVM_EXIT_INTR)
			continue;
		say(out, "FAIL %s: %s (reason %u, %s)", stage,
		    exit_name(run->exit_reason), run->exit_reason,
		    wrote ? "after the I/O write" : "before the I/O write");
		return -1;
	}
	say(out, "FAIL %s: no HLT after 64 exits", stage);
	return -1;
}

static void vm_destroy(struct vm *vm)
{
	if (vm->run && vm->run != MAP_FAILED)
		munmap(vm->run, vm->run_size);
	if (vm->mem && vm->mem != MAP_FAILED)
		munmap(vm->mem, MEM_SIZE);
	if (vm->vcpu >= 0)
		close(vm->vcpu);
	if (vm->fd >= 0)
		close(vm->fd);
}

static int run_stage(int kvm, enum stage st, int out)
{
	struct vm vm = { .fd = -1, .vcpu = -1 };
	int r;

	say(out, "RUN %s", stage_name[st]);
	r = vm_create(kvm, &vm, out);
	if (!r && st == STAGE_SREGS)
		r = setup_sregs_long(&vm, code_long, sizeof(code_long), out);
	else if (!r && st == STAGE_SPEED)
		r = setup_sregs_long(&vm, code_speed, sizeof(code_speed), out);
	else if (!r)
		r = setup_real(&vm, out);
	if (!r)
		r = run_vcpu(&vm, out, stage_name[st],
			     st == STAGE_SPEED ? SPEED_BUDGET_MS : 0);
	vm_destroy(&vm);
	return r;
}

static void child(const char *dev, int out)
{
	int kvm, v;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	kvm = open(dev, O_RDWR | O_CLOEXEC);
	if (kvm < 0) {
		say(out, "FAIL %s: %s", dev, strerror(errno));
		_exit(1);
	}
	v = ioctl(kvm, KVM_GET_API_VERSION, 0);
	if (v != KVM_API_VERSION) {
		say(out, "FAIL KVM API version %d, expected %d", v,
		    KVM_API_VERSION);
		_exit(1);
	}
	if (run_stage(kvm, STAGE_SREGS, out) ||
	    run_stage(kvm, STAGE_MODESWITCH, out) ||
	    run_stage(kvm, STAGE_SPEED, out))
		_exit(1);
	say(out, "PASS long mode entered directly and from real mode, "
	    "guest code runs at hardware speed");
	_exit(0);
}

/* Keep the last complete line of what the child said. */
static void last_line(char *buf, size_t used, char *line, size_t len)
{
	char *end, *start;

	while (used && buf[used - 1] == '\n')
		buf[--used] = '\0';
	buf[used] = '\0';
	end = buf + used;
	start = strrchr(buf, '\n');
	start = start ? start + 1 : buf;
	snprintf(line, len, "%.*s", (int)(end - start), start);
}

int xlrt_kvm_selftest(const char *dev, int timeout_ms,
		      struct xlrt_kvm_selftest *res)
{
	char buf[2048], line[200];
	size_t used = 0;
	long start = now_ms(), left;
	int fds[2], status = 0, timed_out = 0;
	pid_t pid;

	memset(res, 0, sizeof(*res));
	if (pipe2(fds, O_CLOEXEC) < 0) {
		snprintf(res->why, sizeof(res->why), "pipe: %s",
			 strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(res->why, sizeof(res->why), "fork: %s",
			 strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		child(dev, fds[1]);
	}
	close(fds[1]);
	for (;;) {
		struct pollfd p = { .fd = fds[0], .events = POLLIN };
		ssize_t n;

		left = timeout_ms - (now_ms() - start);
		if (left <= 0) {
			timed_out = 1;
			break;
		}
		if (poll(&p, 1, (int)left) < 0) {
			if (errno == EINTR)
				continue;
			timed_out = 1;
			break;
		}
		if (!p.revents)
			continue;
		n = read(fds[0], buf + used, sizeof(buf) - 1 - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		used += n;
		if (used == sizeof(buf) - 1)
			break;
	}
	close(fds[0]);
	if (timed_out)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	res->elapsed_ms = now_ms() - start;
	last_line(buf, used, line, sizeof(line));

	if (timed_out) {
		snprintf(res->why, sizeof(res->why),
			 "KVM self-test timed out after %d ms (%.150s)",
			 timeout_ms, !strncmp(line, "RUN ", 4) ? line + 4 :
			 "before the first stage");
	} else if (!strncmp(line, "PASS ", 5) && WIFEXITED(status) &&
		   WEXITSTATUS(status) == 0) {
		res->pass = true;
		snprintf(res->why, sizeof(res->why),
			 "KVM self-test passed in %u ms", res->elapsed_ms);
	} else if (!strncmp(line, "FAIL ", 5)) {
		snprintf(res->why, sizeof(res->why),
			 "KVM self-test failed: %.170s", line + 5);
	} else {
		snprintf(res->why, sizeof(res->why),
			 "KVM self-test process died (status %#x, last step: "
			 "%.120s)", status, *line ? line : "none");
	}
	return 0;
}
