/**
 * Built-in guest operating systems: the PV pieces each carries in the box (and for which
 * hypervisor families), the clock source it takes, how often an idle vCPU wakes up and what
 * its kernel adds to the hardware's native cost of an operation. Every number carries its
 * source; estimates say what they are derived from.
 */
import type { z } from 'zod';
import type { GuestOs, InboxComponent } from '../model/index.ts';

type GuestOsInput = z.input<typeof GuestOs>;

const NO_EXTRA = '0: the hardware profile\'s native costs already describe this kernel\'s system-call and page-fault paths; no published figure separates an OS-specific extra';
const FOONG = 'Foong et al., "TCP Performance Re-Visited", ISPASS 2003: ≈1 GHz of CPU per 1 Gb/s of TCP on the Linux 2.4 stack, ≈12,000 cycles per 1,500-byte packet in all; the ttcp workload charges ≈5,000 of them to the payload copy and checksum, leaving ≈6,000–7,000 for protocol, socket and driver work per packet';
const CAI = 'Cai et al., "Understanding Host Network Stack Overheads", SIGCOMM 2021: with TSO/GSO and GRO a current Linux stack spends most of its per-byte CPU on the data copy, not on protocol processing';
const BLOCK_ESTIMATE = 'estimate, no published per-request breakdown for this kernel: block layer, I/O scheduler and driver submission plus the completion interrupt';
const WIN_TICK = 'Microsoft, "Timers, Timer Resolution, and Development of Efficient Code" (2010): the default Windows timer resolution (clock interrupt interval) is 15.6 ms, 64 interrupts a second';
const WIN_QPC = 'Microsoft Learn, "Acquiring high-resolution time stamps": QueryPerformanceCounter uses the TSC only when the processor reports an invariant TSC, otherwise a platform timer (HPET or ACPI PM timer); hypervisors commonly hide the invariant-TSC bit from guests (QEMU blocks migration with +invtsc), so a Windows guest without Hyper-V enlightenments reads the HPET or the PM timer';
const WIN_RESOLUTION = 'Microsoft Learn, timeBeginPeriod (timeapi.h): "Prior to Windows 10, version 2004, this function affects a global Windows setting. For all processes Windows uses the lowest value (that is, highest resolution) requested by any process. Starting with Windows 10, version 2004, this function no longer affects global timer resolution … For processes which have not called this function, Windows does not guarantee a higher resolution than the default system resolution"';
const WIN_SKIP_RATE = 'estimate: a vCPU that skips ticks wakes only for the timers and DPCs due on it, and Windows 7 and later coalesce background timers onto shared ticks (Windows Internals 6th ed., Part 1, ch. 3, "Timer coalescing"); with no published per-processor wake-up rate of an idle Windows VM, one default tick in four: 16 a second';
const QEMU_HV = 'QEMU docs/system/i386/hyperv.rst (Hyper-V enlightenments that Windows guests use): hv-time (reference TSC page, exit-less time stamps), hv-stimer (synthetic timers; "certain Windows versions revert to using HPET … when this enlightenment is not provided"), hv-vapic (exit-less EOI through the VP assist page), hv-spinlocks (spinning notified to the hypervisor after a retry count), hv-tlbflush (TLB shoot-down through the hypervisor, skipping descheduled vCPUs), hv-ipi (HvCallSendSyntheticClusterIpi)';

/** PV device drivers that Linux and FreeBSD both carry in the box: the same device models, per family. */
const VIRTIO_DEVICES: InboxComponent[] = [
  { component: 'pv-net', device: 'virtio-net', families: ['kvm', 'virtualbox'] },
  { component: 'pv-blk', device: 'virtio-blk', families: ['kvm'] },
  { component: 'pv-clock', device: 'kvmclock', families: ['kvm'] },
];
const XEN_DEVICES: InboxComponent[] = [
  { component: 'pv-net', device: 'xen-netfront', families: ['xen'] },
  { component: 'pv-blk', device: 'xen-blkfront', families: ['xen'] },
  { component: 'pv-clock', device: 'xen-pvclock', families: ['xen'] },
  { component: 'pv-timer', families: ['xen', 'hyperv'] },
];
const HYPERV_DEVICES: InboxComponent[] = [
  { component: 'pv-net', device: 'netvsc', families: ['hyperv'] },
  { component: 'pv-blk', device: 'storvsc', families: ['hyperv'] },
  { component: 'pv-clock', device: 'hyperv-tsc-page', families: ['hyperv'] },
];
const VMWARE_DEVICES: InboxComponent[] = [
  { component: 'pv-net', device: 'vmxnet3', families: ['vmware'] },
  { component: 'pv-blk', device: 'pvscsi', families: ['vmware'] },
];
/** SR-IOV virtual functions of Intel 82599-class and Mellanox ConnectX-4+ NICs. */
const VF_DRIVERS: InboxComponent = { component: 'vf-driver', families: ['kvm', 'xen', 'hyperv', 'vmware'], nicDrivers: ['ixgbe', 'mlx5_core'] };

/** What Linux 6.6 drives in mainline, per hypervisor family. */
const LINUX6_INBOX: InboxComponent[] = [
  // KVM (and VirtualBox, which offers a virtio-net device)
  ...VIRTIO_DEVICES,
  { component: 'pv-spinlock', families: ['kvm', 'xen', 'hyperv'] },
  { component: 'pv-tlb-flush', families: ['kvm', 'hyperv'] },
  { component: 'pv-eoi', families: ['kvm', 'hyperv'] },
  { component: 'pv-ipi', families: ['kvm', 'hyperv'] },
  { component: 'steal-time', families: ['kvm', 'xen'] },
  { component: 'async-pf', families: ['kvm'] },
  { component: 'balloon', families: ['kvm', 'xen', 'hyperv', 'vmware', 'virtualbox'] },
  { component: 'time-sync', families: ['kvm', 'hyperv'] },
  ...XEN_DEVICES,
  ...HYPERV_DEVICES,
  ...VMWARE_DEVICES,
  VF_DRIVERS,
];

export const GUEST_OSES: GuestOsInput[] = [
  {
    id: 'linux-2.4',
    name: 'Linux 2.4',
    family: 'linux',
    version: '2.4.20',
    year: 2002,
    archs: ['i686'],
    xenPvKernel: false,
    inbox: [],
    clockPreference: ['tsc'],
    timer: { idleTickHz: 100, clockReadsPerTick: 1, idleTick: 'periodic' },
    kernel: { syscallExtra: 0, pageFaultExtra: 0, netStackPerPacket: 6500, blockStackPerRequest: 10000 },
    bootSeconds: 40,
    sources: {
      year: 'Linux 2.4.20 released November 2002 (kernel.org); the 2.4 series began in January 2001',
      inbox: 'none: mainline 2.4 has no virtio (2.6.24), Xen (2.6.23), Hyper-V (2.6.32) or vmxnet3/PVSCSI (2.6.32/2.6.33) drivers; the Xen port of 2.4 (XenLinux 2.4) lived out of tree',
      xenPvKernel: 'false: mainline 2.4 has no Xen PV port',
      clockPreference: 'Linux 2.4 arch/i386/kernel/time.c: gettimeofday interpolates with the TSC when the CPU has one (use_tsc), else with the PIT; 2.4 has no HPET or ACPI PM timer time source (those came with the 2.6 i386 timers/ code)',
      'timer.idleTickHz': 'Linux 2.4 include/asm-i386/param.h: HZ 100, a periodic tick even on an idle CPU',
      'timer.idleTick': 'periodic: Linux 2.4 has no dynamic tick (dynticks came in 2.6.21)',
      'timer.clockReadsPerTick': 'Linux 2.4 arch/i386/kernel/time.c timer_interrupt(): one rdtscl(last_tsc_low) per tick (the PIT latch read beside it has no device model here)',
      'kernel.syscallExtra': NO_EXTRA,
      'kernel.pageFaultExtra': NO_EXTRA,
      'kernel.netStackPerPacket': `estimate derived from ${FOONG}: 6,500 cycles for the 2.4 stack the paper measured`,
      'kernel.blockStackPerRequest': `${BLOCK_ESTIMATE}: ≈10,000 cycles for the single-queue 2.4 block layer with its elevator and the SCSI/IDE mid-layer`,
      bootSeconds: 'estimate: a 2.4-era distribution reaches a login prompt in ≈40 s, most of it in SysV init scripts',
    },
  },
  {
    id: 'linux-2.6.11',
    name: 'Linux 2.6.11',
    family: 'linux',
    version: '2.6.11',
    year: 2005,
    archs: ['i686', 'x86_64'],
    xenPvKernel: false,
    inbox: [],
    clockPreference: ['hpet', 'acpi-pm', 'tsc'],
    timer: { idleTickHz: 1000, clockReadsPerTick: 1, idleTick: 'periodic' },
    kernel: { syscallExtra: 0, pageFaultExtra: 0, netStackPerPacket: 6000, blockStackPerRequest: 9000 },
    bootSeconds: 30,
    sources: {
      year: 'Linux 2.6.11 released March 2005 (kernel.org); the Linux guest of Adams & Agesen, ASPLOS 2006',
      inbox: 'none: 2.6.11 predates virtio (2.6.24), the mainline Xen port (pvops, 2.6.23), Hyper-V drivers (2.6.32) and vmxnet3 (2.6.32)',
      xenPvKernel: 'false: in 2.6.11 the Xen PV port (XenLinux) was a separate patched tree shipped with Xen; mainline gained Xen PV support with pvops in 2.6.23',
      clockPreference: 'Linux 2.6.11 arch/i386/kernel/timers/timer.c: "list of timers, ordered by preference" — cyclone, HPET, ACPI PM timer, TSC, PIT',
      'timer.idleTickHz': 'Linux 2.6.0–2.6.12 include/asm-i386/param.h: HZ 1000 (CONFIG_HZ with a 250 Hz default arrived in 2.6.13); the tick is periodic even when idle (dynticks came in 2.6.21)',
      'timer.idleTick': 'periodic: dynticks came in 2.6.21',
      'timer.clockReadsPerTick': 'Linux 2.6.11 arch/i386/kernel/time.c: each timer interrupt calls cur_timer->mark_offset(), one read of the selected time source',
      'kernel.syscallExtra': NO_EXTRA,
      'kernel.pageFaultExtra': NO_EXTRA,
      'kernel.netStackPerPacket': `estimate derived from ${FOONG}: ≈6,000 cycles, the same era of stack`,
      'kernel.blockStackPerRequest': `${BLOCK_ESTIMATE}: ≈9,000 cycles for the 2.6 single-queue block layer (request_fn, elevator) and libata/SCSI`,
      bootSeconds: 'estimate: a 2005 distribution boots to a login prompt in ≈30 s',
    },
  },
  {
    id: 'linux-6',
    name: 'Linux 6.6',
    family: 'linux',
    version: '6.6',
    year: 2023,
    archs: ['x86_64', 'i686', 'aarch64', 'ppc64le', 's390x', 'riscv64'],
    xenPvKernel: true,
    inbox: LINUX6_INBOX,
    clockPreference: ['kvmclock', 'xen-pvclock', 'hyperv-tsc-page', 'tsc', 'hpet', 'acpi-pm'],
    timer: { idleTickHz: 10, clockReadsPerTick: 2, idleTick: 'dynamic' },
    kernel: { syscallExtra: 0, pageFaultExtra: 0, netStackPerPacket: 3000, blockStackPerRequest: 5000 },
    bootSeconds: 10,
    sources: {
      year: 'Linux 6.6 (a long-term release) released October 2023 (kernel.org)',
      inbox:
        'Linux 6.6 mainline: KVM — drivers/net/virtio_net.c, drivers/block/virtio_blk.c, drivers/virtio/virtio_balloon.c, arch/x86/kernel/kvmclock.c, and in arch/x86/kernel/kvm.c PV spinlock kick (KVM_FEATURE_PV_UNHALT), PV TLB flush (4.16), PV EOI, PV send-IPI (4.19), steal time and async PF (Documentation/virt/kvm/x86/cpuid.rst, msr.rst); drivers/ptp/ptp_kvm for host-clock sync. ' +
        'Xen — drivers/net/xen-netfront.c, drivers/block/xen-blkfront.c, drivers/xen/balloon.c, arch/x86/xen/time.c (pvclock and single-shot timer), arch/x86/xen/spinlock.c, drivers/xen/time.c (steal time). ' +
        'Hyper-V — drivers/net/hyperv (netvsc), drivers/scsi/storvsc_drv.c, drivers/hv/hv_balloon.c, drivers/hv/hv_util.c (time synchronization), drivers/clocksource/hyperv_timer.c (reference TSC page, synthetic timers), arch/x86/hyperv/mmu.c (PV TLB flush), hv_apic.c (EOI assist, IPI hypercall), hv_spinlock.c. ' +
        'VMware — drivers/net/vmxnet3, drivers/scsi/vmw_pvscsi.c, drivers/misc/vmw_balloon.c. VirtualBox — drivers/virt/vboxguest (balloon: vbg_balloon_work). VFs — drivers/net/ethernet/intel/ixgbevf and mellanox/mlx5/core',
      xenPvKernel: 'true: the pvops Xen PV guest support merged in 2.6.23 (arch/x86/xen, CONFIG_XEN_PV) is still in 6.6',
      clockPreference: 'Linux clocksource ratings: the PV clock of the hypervisor the guest finds (kvm-clock 400 in arch/x86/kernel/kvmclock.c, xen 400 in arch/x86/xen/time.c, the Hyper-V TSC page in drivers/clocksource/hyperv_timer.c) outranks tsc 300, hpet 250 and acpi_pm 200. kvmclock drops to 299 only when the guest sees an invariant TSC (constant + nonstop), which QEMU\'s CPU models hide unless +invtsc is given',
      'timer.idleTickHz': 'estimate: with CONFIG_NO_HZ_IDLE an idle CPU stops its periodic tick (Documentation/timers/no_hz.rst) and wakes only for pending timers (vmstat, RCU, workqueues), of the order of ten times a second on an idle server',
      'timer.idleTick': 'dynamic: CONFIG_NO_HZ_IDLE, the default of distribution kernels (Documentation/timers/no_hz.rst)',
      'timer.clockReadsPerTick': 'estimate: a wake-up from NO_HZ idle reads the clock source when the tick handler updates jiffies/timekeeping (tick_sched_timer → ktime_get) and again when idle is left (tick_nohz_idle_exit)',
      'kernel.syscallExtra': NO_EXTRA,
      'kernel.pageFaultExtra': NO_EXTRA,
      'kernel.netStackPerPacket': `estimate derived from ${CAI}: ≈3,000 cycles of protocol and driver work per MTU packet, about half the 2.4-era figure derived from Foong et al. (ISPASS 2003)`,
      'kernel.blockStackPerRequest': `${BLOCK_ESTIMATE}: ≈5,000 cycles for blk-mq, which removed the single request-queue lock (Bjørling et al., "Linux Block IO: Introducing Multi-queue SSD Access", SYSTOR 2013)`,
      bootSeconds: 'estimate: a current server distribution in a VM reaches multi-user in ≈10 s (systemd-analyze on cloud images)',
    },
  },
  {
    id: 'windows-xp',
    name: 'Windows XP',
    family: 'windows',
    version: '5.1.2600',
    year: 2001,
    archs: ['i686'],
    xenPvKernel: false,
    inbox: [],
    clockPreference: ['acpi-pm', 'tsc'],
    timer: { idleTickHz: 64, clockReadsPerTick: 1, idleTick: 'periodic', raisedResolution: 'global' },
    kernel: { syscallExtra: 0, pageFaultExtra: 0, netStackPerPacket: 7000, blockStackPerRequest: 12000 },
    bootSeconds: 45,
    sources: {
      year: 'Windows XP (NT 5.1, build 2600) released October 2001',
      inbox: 'none: XP ships no virtio, Xen, Hyper-V VMBus or VMware paravirtual drivers; all of them come as add-ons',
      clockPreference: 'Microsoft KB 895980 (QueryPerformanceCounter on Windows 2000/XP/2003): depending on the HAL the performance counter is the TSC or the ACPI PM timer, and /usepmtimer forces the PM timer; Windows Server 2003 SP2 uses the PM timer on all multiprocessor ACPI/APIC HALs. The PM timer first is approximate for XP, whose choice depends on the HAL',
      'timer.idleTickHz': `${WIN_TICK}; XP keeps the periodic clock interrupt when idle`,
      'timer.idleTick': 'periodic on every processor: Microsoft hardware design guidance for Windows NT, "System Interval Timer Interrupt" (MSDN Library, 1998): "All processors must receive the interrupts"; tick skipping came with Windows 7 (Windows Internals 6th ed., Part 1, ch. 3, "Intelligent timer tick distribution")',
      'timer.raisedResolution': `global: ${WIN_RESOLUTION}`,
      'timer.clockReadsPerTick': 'estimate: one performance-counter read per clock interrupt',
      'kernel.syscallExtra': NO_EXTRA,
      'kernel.pageFaultExtra': NO_EXTRA,
      'kernel.netStackPerPacket': `estimate: somewhat above the Linux 2.4 figure derived from ${FOONG}, for the NDIS 5 / tcpip.sys stack of the same era`,
      'kernel.blockStackPerRequest': `${BLOCK_ESTIMATE}: ≈12,000 cycles for the XP class driver, SCSIport/ATAPI port driver and completion DPC`,
      bootSeconds: 'estimate: ≈45 s to the logon screen',
    },
  },
  {
    id: 'windows-2008r2',
    name: 'Windows Server 2008 R2 SP1',
    family: 'windows',
    version: '6.1.7601',
    year: 2011,
    archs: ['x86_64'],
    xenPvKernel: false,
    inbox: [
      { component: 'pv-net', device: 'netvsc', families: ['hyperv'] },
      { component: 'pv-blk', device: 'storvsc', families: ['hyperv'] },
      { component: 'pv-tlb-flush', families: ['hyperv'] },
      { component: 'pv-spinlock', families: ['hyperv'] },
      { component: 'time-sync', families: ['hyperv'] },
      { component: 'balloon', families: ['hyperv'] },
    ],
    clockPreference: ['hpet', 'acpi-pm', 'tsc'],
    timer: { idleTickHz: 16, clockReadsPerTick: 1, idleTick: 'boot-cpu', tickHz: 64, raisedResolution: 'global' },
    kernel: { syscallExtra: 0, pageFaultExtra: 0, netStackPerPacket: 5000, blockStackPerRequest: 9000 },
    bootSeconds: 60,
    sources: {
      year: 'Windows Server 2008 R2 Service Pack 1 (build 7601) released February 2011; 2008 R2 itself shipped in October 2009',
      inbox:
        'Windows Server 2008 R2 carries the Hyper-V Integration Services in the box: VMBus synthetic network and storage adapters, time synchronization, and with SP1 Dynamic Memory (the VMBus balloon). It is an enlightened guest of the Hyper-V Top-Level Functional Specification (TLB-flush hypercalls, long-spin-wait notification); which enlightenments 2008 R2 uses is approximate. ' +
        'The reference TSC page (TLFS 3.0, Windows 8/Server 2012) and synthetic timers are not used by 2008 R2, and Windows has no virtio drivers in the box',
      clockPreference: WIN_QPC,
      'timer.tickHz': WIN_TICK,
      'timer.idleTick': 'boot-cpu: Windows Internals 6th ed., Part 1, ch. 3, "Intelligent timer tick distribution" (Windows 7 / Server 2008 R2): the processor that keeps time takes every clock tick, the others skip ticks while they are idle',
      'timer.idleTickHz': `the vCPUs other than the boot one, skipping ticks: ${WIN_SKIP_RATE}`,
      'timer.raisedResolution': `global: build 7601 predates Windows 10 2004; ${WIN_RESOLUTION}`,
      'timer.clockReadsPerTick': 'estimate: one performance-counter read per clock interrupt',
      'kernel.syscallExtra': NO_EXTRA,
      'kernel.pageFaultExtra': NO_EXTRA,
      'kernel.netStackPerPacket': 'estimate: the Next Generation TCP/IP stack (Vista and later) with checksum and LSO offloads, ≈5,000 cycles per packet, between the 2.4-era figure derived from Foong et al. (ISPASS 2003) and a current Linux stack',
      'kernel.blockStackPerRequest': `${BLOCK_ESTIMATE}: ≈9,000 cycles for the class driver and Storport`,
      bootSeconds: 'estimate: ≈60 s to the logon screen in a VM',
    },
  },
  {
    id: 'windows-2022',
    name: 'Windows Server 2022',
    family: 'windows',
    version: '10.0.20348',
    year: 2021,
    archs: ['x86_64'],
    xenPvKernel: false,
    inbox: [
      { component: 'pv-net', device: 'netvsc', families: ['hyperv'] },
      { component: 'pv-blk', device: 'storvsc', families: ['hyperv'] },
      { component: 'pv-clock', device: 'hyperv-tsc-page', families: ['hyperv'] },
      { component: 'pv-timer', families: ['hyperv'] },
      { component: 'pv-eoi', families: ['hyperv'] },
      { component: 'pv-ipi', families: ['hyperv'] },
      { component: 'pv-tlb-flush', families: ['hyperv'] },
      { component: 'pv-spinlock', families: ['hyperv'] },
      { component: 'time-sync', families: ['hyperv'] },
      { component: 'balloon', families: ['hyperv'] },
      { component: 'relaxed-timing', families: ['hyperv'] },
    ],
    clockPreference: ['hyperv-tsc-page', 'hpet', 'acpi-pm', 'tsc'],
    timer: { idleTickHz: 16, clockReadsPerTick: 1, idleTick: 'dynamic', tickHz: 64, raisedResolution: 'per-process', devices: ['synthetic-timer', 'hpet', 'lapic-timer'] },
    kernel: { syscallExtra: 0, pageFaultExtra: 0, netStackPerPacket: 3500, blockStackPerRequest: 6000 },
    bootSeconds: 45,
    sources: {
      year: 'Windows Server 2022 (build 20348) released August 2021',
      inbox:
        `Hyper-V Integration Services are in the box (VMBus netvsc/storvsc, time synchronization, Dynamic Memory) and Windows uses the Hyper-V enlightenments; ${QEMU_HV}. ` +
        'The spinlock enlightenment is a notification after a retry count (the hypervisor may run another vCPU), not a sleep-and-kick protocol like KVM\'s; the lab treats it as a PV spinlock. ' +
        'Relaxed timing: Hyper-V TLFS, CPUID 0x40000004 EAX bit 5, "Recommend relaxed timing for this partition. If used, the VM should disable any watchdog timeouts that rely on the timely delivery of external interrupts" (QEMU hv-relaxed); the lab has no guest watchdog, so it is shown and costs nothing. ' +
        'On KVM the same interfaces come only with QEMU\'s hv-* flags (GuestSpec.hvFlags). Windows has no virtio, Xen or VMware PV drivers in the box',
      clockPreference: `the reference TSC page when Hyper-V offers it (${QEMU_HV}); otherwise ${WIN_QPC}. On bare metal with an invariant TSC Windows would take the TSC, which this order does not express`,
      'timer.tickHz': WIN_TICK,
      'timer.idleTick': 'dynamic: Windows 8 / Server 2012 and later skip clock ticks on idle processors, the boot one included (the dynamic tick, which Microsoft Learn\'s BCDEdit /set reference lets an administrator switch off with disabledynamictick)',
      'timer.idleTickHz': WIN_SKIP_RATE,
      'timer.raisedResolution': `per-process: build 20348 is later than Windows 10 2004 (build 19041); ${WIN_RESOLUTION}`,
      'timer.devices': `the synthetic timers when the hypervisor offers them, else the HPET, else the LAPIC timer: QEMU docs/system/i386/hyperv.rst, hv-stimer: "certain Windows versions revert to using HPET (or even RTC when HPET is unavailable) extensively when this enlightenment is not provided; this can lead to significant CPU consumption, even when virtual CPU is idle". The RTC is not modelled: without an HPET the lab prices the LAPIC timer`,
      'timer.clockReadsPerTick': 'estimate: one performance-counter read per clock interrupt',
      'kernel.syscallExtra': NO_EXTRA,
      'kernel.pageFaultExtra': NO_EXTRA,
      'kernel.netStackPerPacket': `estimate: of the order of a current Linux stack (${CAI}) with LSO/RSC offloads, ≈3,500 cycles per MTU packet`,
      'kernel.blockStackPerRequest': `${BLOCK_ESTIMATE}: ≈6,000 cycles for the class driver and Storport`,
      bootSeconds: 'estimate: ≈45 s to the logon screen in a VM',
    },
  },
  {
    id: 'freebsd-14',
    name: 'FreeBSD 14.0',
    family: 'freebsd',
    version: '14.0',
    year: 2023,
    archs: ['x86_64', 'i686', 'aarch64'],
    xenPvKernel: false,
    inbox: [
      ...VIRTIO_DEVICES,
      { component: 'balloon', families: ['kvm', 'xen'] },
      ...XEN_DEVICES,
      ...HYPERV_DEVICES,
      ...VMWARE_DEVICES,
      VF_DRIVERS,
    ],
    clockPreference: ['kvmclock', 'xen-pvclock', 'hyperv-tsc-page', 'tsc', 'hpet', 'acpi-pm'],
    timer: { idleTickHz: 10, clockReadsPerTick: 1, idleTick: 'dynamic' },
    kernel: { syscallExtra: 0, pageFaultExtra: 0, netStackPerPacket: 3500, blockStackPerRequest: 6000 },
    bootSeconds: 20,
    sources: {
      year: 'FreeBSD 14.0-RELEASE, November 2023 (freebsd.org release announcement)',
      inbox:
        'FreeBSD 14 manual pages and sources: vtnet(4), virtio_blk(4), virtio_balloon(4), kvmclock(4) ("preferred over the TSC when available"); xen(4): xn netfront, xbd blkfront, the XENTIMER timecounter and event timer, the Xen balloon; Hyper-V: hn(4), storvsc(4), the Hyper-V TSC-page timecounter and synthetic event timer (sys/dev/hyperv/vmbus); VMware: vmx(4) for vmxnet3, pvscsi(4); VFs: ixv(4) for Intel 82599-class and mlx5en(4) for ConnectX-4 and later (the NVIDIA WinOF-2 3.10 release notes list FreeBSD 13/14 among tested SR-IOV guests). ' +
        'No VMware or Hyper-V balloon driver in base (VMware\'s comes with open-vm-tools)',
      xenPvKernel: 'false: FreeBSD runs on Xen as an HVM/PVHVM or PVH guest; it has no classic PV MMU port on amd64',
      clockPreference: 'FreeBSD timecounters(4): the PV timecounter of the hypervisor (kvmclock(4) is preferred over the TSC) wins over the TSC, then HPET and ACPI-fast',
      'timer.idleTickHz': 'estimate: FreeBSD\'s event timers run one-shot and skip ticks on idle CPUs (eventtimers(4), kern.eventtimer.idletick=0 by default), leaving wake-ups for pending callouts, of the order of ten a second',
      'timer.idleTick': 'dynamic: eventtimers(4), kern.eventtimer.idletick=0',
      'timer.clockReadsPerTick': 'estimate: one timecounter read per event-timer interrupt (handleevents → binuptime)',
      'kernel.syscallExtra': NO_EXTRA,
      'kernel.pageFaultExtra': NO_EXTRA,
      'kernel.netStackPerPacket': `estimate: FreeBSD\'s stack with TSO/LRO, taken equal to a current Linux stack (${CAI}), ≈3,500 cycles per MTU packet`,
      'kernel.blockStackPerRequest': `${BLOCK_ESTIMATE}: ≈6,000 cycles for GEOM and CAM`,
      bootSeconds: 'estimate: ≈20 s to multi-user in a VM (loader delay included)',
    },
  },
  {
    id: 'testkernel',
    name: 'Nanobenchmark test kernel',
    family: 'testkernel',
    version: '1.0',
    year: 2006,
    archs: ['i686', 'x86_64', 'aarch64', 'ppc64le', 's390x', 'riscv64'],
    xenPvKernel: false,
    inbox: [],
    clockPreference: ['tsc'],
    timer: { idleTickHz: 0, clockReadsPerTick: 0 },
    kernel: { syscallExtra: 0, pageFaultExtra: 0, netStackPerPacket: 0, blockStackPerRequest: 0 },
    bootSeconds: 1,
    sources: {
      year: 'Adams & Agesen, ASPLOS 2006, §6.3: the nanobenchmarks run a loop of one virtualization-sensitive operation in a minimal kernel that does nothing else',
      inbox: 'none: the test kernel has no drivers beyond what the loop needs',
      clockPreference: 'the loop is timed with rdtsc',
      timer: '0: no timer interrupts while a nanobenchmark loop runs, so the cycles per iteration are the operation alone',
      kernel: '0: no OS work beyond the operation the hardware profile prices',
      bootSeconds: 'estimate: a minimal kernel starts in about a second',
    },
  },
];
