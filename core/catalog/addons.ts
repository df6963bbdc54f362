/**
 * Built-in PV add-ons, one entry per product version: what each brings, which guest OS
 * versions, architectures and hypervisors it supports, its known-bad combinations and what
 * its PV calls do on host hardware foreign to it. Every number carries its source; where a
 * support limit is approximate the source says so.
 */
import type { z } from 'zod';
import type { AddonComponent, PvAddon } from '../model/index.ts';

type PvAddonInput = z.input<typeof PvAddon>;
type AddonComponentInput = z.input<typeof AddonComponent>;

const WIN_DRIVER_INSTALL = 'estimate: a Windows driver package installs in one to two minutes, and replacing the boot-time storage and network drivers needs a restart';
const KERNEL_INSTALL = 'estimate: installing a kernel (or kernel-module) package and rebuilding the initramfs takes about two minutes; the new kernel runs after a reboot';

// virtio-win -------------------------------------------------------------------------------

const VIRTIO_WIN_ARCHIVE = 'virtio-win release archive, fedorapeople.org/groups/virt/virtio-win/direct-downloads/archive-virtio/';
const VIRTIO_WIN_COMPONENTS: AddonComponentInput[] = [
  { component: 'pv-net', device: 'virtio-net', needs: ['virtio'] },
  { component: 'pv-blk', device: 'virtio-blk', needs: ['virtio'] },
  { component: 'balloon', needs: ['virtio'] },
];

function virtioWin(o: { version: string; released: number; releasedSource: string; minOs: string; requiresSource: string; blacklist?: PvAddonInput['blacklist']; blacklistSource?: string }): PvAddonInput {
  return {
    id: `virtio-win-${o.version}`,
    product: 'virtio-win',
    name: 'virtio-win',
    version: o.version,
    released: o.released,
    components: VIRTIO_WIN_COMPONENTS,
    requires: { osFamily: 'windows', minOsVersion: o.minOs, archs: ['i686', 'x86_64'], hypervisorFamilies: ['kvm'] },
    blacklist: o.blacklist ?? [],
    onForeignHardware: 'fallback',
    install: { seconds: 120, reboot: true },
    sources: {
      released: o.releasedSource,
      requires: o.requiresSource,
      components: 'virtio-win ships NetKVM (virtio-net), viostor (virtio-blk) and the virtio balloon driver (github.com/virtio-win/kvm-guest-drivers-windows); all talk to virtio devices served by QEMU/KVM. Windows uses no kvmclock (its KVM time enlightenments are the Hyper-V ones), so there is no PV clock here',
      ...(o.blacklistSource ? { blacklist: o.blacklistSource } : {}),
      onForeignHardware: 'fallback: the drivers depend on no host CPU or NIC feature; without a virtio device they are simply not loaded',
      'install.seconds': WIN_DRIVER_INSTALL,
    },
  };
}

// VirtualBox Guest Additions -------------------------------------------------------------------

function vboxAdditions(o: { version: string; released: number; releasedSource: string; os: 'windows' | 'linux'; minOs: string; requiresSource: string }): PvAddonInput {
  const windows = o.os === 'windows';
  return {
    id: `vbox-guest-additions-${o.version}-${o.os}`,
    product: 'vbox-guest-additions',
    name: `VirtualBox Guest Additions for ${windows ? 'Windows' : 'Linux'}`,
    version: o.version,
    released: o.released,
    components: [
      { component: 'time-sync', needs: ['vbox-vmmdev'] },
      { component: 'balloon', needs: ['vbox-vmmdev'] },
    ],
    requires: { osFamily: o.os, minOsVersion: o.minOs, archs: ['i686', 'x86_64'], hypervisorFamilies: ['virtualbox'] },
    onForeignHardware: 'fallback',
    install: { seconds: windows ? 120 : 180, reboot: true },
    sources: {
      released: o.releasedSource,
      requires: o.requiresSource,
      components: 'VirtualBox manual, "Guest Additions": VBoxService keeps the guest clock synchronized with the host, and the guest driver (VBoxGuest; vboxguest on Linux) inflates the memory balloon on the host\'s request; both talk to the VMM device (VMMDev)',
      onForeignHardware: 'fallback: the Additions need the VirtualBox VMM device, not any host CPU or NIC feature',
      'install.seconds': windows
        ? `${WIN_DRIVER_INSTALL}; the Additions installer also sets up VBoxService`
        : 'estimate: VBoxLinuxAdditions.run builds the kernel modules against the running kernel (≈3 min) and asks for a reboot to load them',
    },
  };
}

const VBOX_61_RELEASED = 'VirtualBox 6.1.6, released 14 April 2020 (VirtualBox changelog; Wikipedia infobox of that date)';
const VBOX_71_RELEASED = 'VirtualBox 7.1.4, released 15 October 2024 (VirtualBox changelog; Wikipedia infobox of that date)';
const VBOX_WIN_OS = 'at least Windows XP (NT 5.1): VirtualBox issue #142 (2025) reports the 7.x Windows Additions installing on Windows XP SP3 32-bit, while 7.2.0 refuses XP x64; older limits not checked (approximate)';
const VBOX_LINUX_OS = 'VirtualBox manual, "Guest Additions for Linux": officially supported distributions start with Oracle Linux 5 / Red Hat Enterprise Linux 5, i.e. kernel 2.6.18 (approximate as a kernel limit)';

// Linux KVM guest support --------------------------------------------------------------------

const KVM_GUEST_DOC = 'Linux Documentation/virt/kvm/x86/cpuid.rst and msr.rst: the guest enables each KVM PV feature (kvmclock MSRs, KVM_FEATURE_ASYNC_PF, STEAL_TIME, PV_EOI, PV_UNHALT for the spinlock kick, PV_TLB_FLUSH, PV_SEND_IPI) only when the host advertises it in CPUID 0x40000001; all need a kernel built with CONFIG_KVM_GUEST';
const KVM_FEATURE_VERSIONS = 'first mainline kernels with the guest side: kvmclock 2.6.26 (July 2008), async PF 2.6.38 (2011), steal time 3.1 (2011; "KVM Steal time implementation", Glauber Costa, July 2011), PV EOI 3.6 (2012), PV ticket spinlocks with PV_UNHALT 3.12 (2013), PV TLB flush 4.16 (2018; kvm-4.16-1 pull: "paravirtualized TLB shootdown using the new KVM_VCPU_PREEMPTED bit"), PV send-IPI 4.19 (2018)';

/** The KVM PV features a 3.12 kernel has; 4.19 adds PV TLB flush and PV IPI to them. */
const KVM_GUEST_3_12: AddonComponentInput[] = [
  { component: 'pv-clock', device: 'kvmclock', needs: ['kvm-pv'] },
  { component: 'async-pf', needs: ['kvm-pv'] },
  { component: 'steal-time', needs: ['kvm-pv'] },
  { component: 'pv-eoi', needs: ['kvm-pv'] },
  { component: 'pv-spinlock', needs: ['kvm-pv'] },
];

function kvmGuest(o: { version: string; released: number; components: AddonComponentInput[]; onForeignHardware: 'fallback' | 'crash'; foreignSource: string }): PvAddonInput {
  return {
    id: `linux-kvm-guest-${o.version}`,
    product: 'linux-kvm-guest',
    name: 'Linux KVM guest PV features (CONFIG_KVM_GUEST) of Linux',
    version: o.version,
    released: o.released,
    components: o.components,
    requires: { osFamily: 'linux', minOsVersion: o.version, archs: ['i686', 'x86_64'], hypervisorFamilies: ['kvm'] },
    onForeignHardware: o.onForeignHardware,
    install: { seconds: 120, reboot: true },
    sources: {
      released: `Linux ${o.version} released ${o.released} (kernel.org)`,
      requires: `the feature set of a ${o.version} kernel (or a backport to a kernel of that version or later): ${KVM_FEATURE_VERSIONS}`,
      components: KVM_GUEST_DOC,
      onForeignHardware: o.foreignSource,
      'install.seconds': KERNEL_INSTALL,
    },
  };
}

// Catalog -----------------------------------------------------------------------------------

export const ADDONS: PvAddonInput[] = [
  virtioWin({
    version: '0.1.96',
    released: 2015,
    releasedSource: `${VIRTIO_WIN_ARCHIVE}; approximate: kvm-guest-drivers-windows issue #28 (6 January 2015) names build 94 as the latest and issue #31 (3 February 2015) announces build 100, so build 96 dates from January 2015`,
    minOs: '5.1',
    requiresSource: 'builds of this era carry drivers from Windows XP / Server 2003 (Wxp, Wnet) up (virtio-win-pkg-scripts data/README-old-drivers.md: the XP, 2003, Vista/2008 and Windows 7 targets were built until January 2020); kvm-guest-drivers-windows issue #1109 (2024): the 0.1.96 ISO still works on Windows XP',
    blacklist: [
      {
        osVersion: '6.1',
        reason: 'updating balloon.sys to 0.1.96 on Windows Server 2008 R2 crashes the guest with STOP 0x0000007E in balloon.sys, on every later boot too, until the balloon device is removed; fixed in 0.1.105 (virtio-win/kvm-guest-drivers-windows issue #39, July 2015)',
      },
    ],
    blacklistSource: 'virtio-win/kvm-guest-drivers-windows issue #39, "Updating balloon.sys to 0.1.96 results in BSOD crash" (2015): Windows Server 2008 R2, STOP 0x7E in balloon.sys at once and on all subsequent boots; the maintainers pointed to fixes in 0.1.105. Windows 7 shares the 6.1 kernel, so the whole 6.1 line is listed',
  }),
  virtioWin({
    version: '0.1.141',
    released: 2017,
    releasedSource: `${VIRTIO_WIN_ARCHIVE}; approximate: 0.1.141 was the "stable" build linked from the archive until 2019 (kvm-guest-drivers-windows issue #396, May 2019), released in 2017`,
    minOs: '5.1',
    requiresSource: 'XP/2003, Vista/2008, Windows 7/2008 R2 and later targets were still built (virtio-win-pkg-scripts data/README-old-drivers.md: those targets were dropped only in January 2020, after build 173)',
  }),
  virtioWin({
    version: '0.1.190',
    released: 2021,
    releasedSource: `${VIRTIO_WIN_ARCHIVE}: virtio-win-0.1.190-1 dated 13 January 2021 (virtio-win-pkg-scripts issue #40)`,
    minOs: '5.1',
    requiresSource: 'new drivers target Windows 8 / Server 2012 and later, but the ISO still carries the XP/2003 and Windows 7/2008 R2 drivers of build 173 from the old-drivers directory (virtio-win-pkg-scripts data/README-old-drivers.md and issue #40; virtio-win-guest-tools-installer issue #16: XP balloon binaries under /Balloon/xp of the 0.1.190 ISO; pkg-scripts issue #41: vioscsi/2k8R2/amd64 present in 0.1.190). The MSI installer needs Windows 8 or later; older systems install the drivers by hand',
  }),
  virtioWin({
    version: '0.1.248',
    released: 2024,
    releasedSource: `${VIRTIO_WIN_ARCHIVE}: 0.1.248 was the stable build of 2024 (kvm-guest-drivers-windows issue #1109, June 2024, tests with 0.1.248)`,
    minOs: '6.2',
    requiresSource: 'virtio-win-pkg-scripts issue #58 (April 2022, maintainer): "In the latest packages we removed the support of older OSes. The oldest OS that is supported is Windows 8 (Windows Server 2012)"; kvm-guest-drivers-windows issue #807 (2022): XP unsupported, the oldest is Windows 8; antifob/incus-windows issue #7 (2025): 0.1.248 works on Windows Server 2012, 0.1.262 and later fail there',
  }),

  vboxAdditions({ version: '6.1.6', released: 2020, releasedSource: VBOX_61_RELEASED, os: 'windows', minOs: '5.1', requiresSource: VBOX_WIN_OS }),
  vboxAdditions({ version: '6.1.6', released: 2020, releasedSource: VBOX_61_RELEASED, os: 'linux', minOs: '2.6.18', requiresSource: VBOX_LINUX_OS }),
  vboxAdditions({ version: '7.1.4', released: 2024, releasedSource: VBOX_71_RELEASED, os: 'windows', minOs: '5.1', requiresSource: VBOX_WIN_OS }),
  vboxAdditions({ version: '7.1.4', released: 2024, releasedSource: VBOX_71_RELEASED, os: 'linux', minOs: '2.6.18', requiresSource: VBOX_LINUX_OS }),

  {
    id: 'vmware-tools-12.1.5-windows',
    product: 'vmware-tools',
    name: 'VMware Tools for Windows',
    version: '12.1.5',
    released: 2022,
    components: [
      { component: 'pv-net', device: 'vmxnet3', needs: ['vmware-vmxnet3'] },
      { component: 'pv-blk', device: 'pvscsi', needs: ['vmware-pvscsi'] },
      { component: 'balloon', needs: ['vmware-backdoor'] },
      { component: 'time-sync', needs: ['vmware-backdoor'] },
    ],
    requires: { osFamily: 'windows', minOsVersion: '6.1.7601', archs: ['x86_64'], hypervisorFamilies: ['vmware'] },
    onForeignHardware: 'fallback',
    install: { seconds: 150, reboot: true },
    sources: {
      released: 'VMware Tools 12.1.5, November 2022 (released with open-vm-tools 12.1.5, build 20735119, 29 November 2022: open-vm-tools ReleaseNotes.md)',
      requires: 'approximate: VMware Tools for Windows is SHA-2 signed only since December 2020, so current releases need Windows 7 SP1 / Server 2008 R2 SP1 (6.1.7601) or later; older Windows needs an older Tools release (gist by thepwrtank18: "As of 12/11/2020, VMware no longer signs Tools for Windows Vista with SHA-1, so you need Windows 7 SP1 or later to use the latest version"); 64-bit only is approximate',
      components: 'VMware Tools for Windows installs the vmxnet3 NIC driver, the PVSCSI storage driver, the vmmemctl balloon driver and the VMware Tools service (time synchronization), which talk to the virtual hardware and the VMware backdoor',
      onForeignHardware: 'fallback: the drivers bind to VMware virtual devices only and need no host CPU or NIC feature',
      'install.seconds': WIN_DRIVER_INSTALL,
    },
  },
  {
    id: 'open-vm-tools-12.1.5',
    product: 'open-vm-tools',
    name: 'open-vm-tools',
    version: '12.1.5',
    released: 2022,
    components: [{ component: 'time-sync', needs: ['vmware-backdoor'] }],
    requires: { osFamily: 'linux', minOsVersion: '3.10', archs: ['i686', 'x86_64', 'aarch64'], hypervisorFamilies: ['vmware'] },
    onForeignHardware: 'fallback',
    install: { seconds: 30, reboot: false },
    sources: {
      released: 'open-vm-tools 12.1.5 Release Notes (github.com/vmware/open-vm-tools): 29 November 2022, build 20735119',
      requires: 'approximate: VMware recommends open-vm-tools for distributions from RHEL 7 / SLES 12 / Ubuntu 14.04 on (kernels 3.10 and later); since 10.x the package builds no kernel modules and relies on the mainline vmxnet3, vmw_pvscsi and vmw_balloon drivers',
      components: 'open-vm-tools is user space (vmtoolsd): time synchronization and guest operations over the VMware backdoor; the PV drivers and the balloon are in the Linux kernel (counted in the guest OS, not here). Its 12.1.5 notes: on physical hardware or another hypervisor the services stop',
      onForeignHardware: 'fallback: vmtoolsd needs only the VMware backdoor',
      'install.seconds': 'estimate: a distribution package installs in seconds and starts vmtoolsd without a reboot',
    },
  },
  {
    id: 'xen-win-pv-9.0',
    product: 'xen-win-pv',
    name: 'Xen Project Windows PV drivers',
    version: '9.0',
    released: 2020,
    components: [
      { component: 'pv-net', device: 'xen-netfront', needs: ['xen-evtchn', 'xen-grant'] },
      { component: 'pv-blk', device: 'xen-blkfront', needs: ['xen-evtchn', 'xen-grant'] },
      { component: 'balloon', needs: ['xen-evtchn'] },
    ],
    requires: { osFamily: 'windows', minOsVersion: '6.1', archs: ['i686', 'x86_64'], hypervisorFamilies: ['xen'], minHypervisorVersion: '3.4' },
    onForeignHardware: 'fallback',
    install: { seconds: 120, reboot: true },
    sources: {
      released: 'approximate: the 9.0 driver set (XENBUS, XENVIF, XENNET, XENVBD, XENIFACE) published under xenbits.xen.org/pvdrivers/win/ around 2020',
      requires: 'Xen Project "Windows PV Drivers Incubation Project Proposal" (2014): the drivers "are designed to function on any build of Xen since 3.4" and serve i386 and x86_64 Windows HVM guests; Windows 7 / Server 2008 R2 (6.1) as the oldest version of the 9.x series is approximate',
      components: 'Xen Project, "The Windows PV Drivers Sub-Project" (Paul Durrant, 2014): XENBUS provides event channels and grant tables, XENVIF/XENNET the PV network frontend, XENVBD the PV storage frontend; the balloon lives in XENBUS',
      onForeignHardware: 'fallback: the drivers bind to the Xen platform PCI device and need no host CPU or NIC feature',
      'install.seconds': WIN_DRIVER_INSTALL,
    },
  },

  kvmGuest({
    version: '2.6.26',
    released: 2008,
    components: [{ component: 'pv-clock', device: 'kvmclock', needs: ['kvm-pv'], hostFeatures: ['invariant-tsc'] }],
    onForeignHardware: 'crash',
    foreignSource:
      'crash: the first kvmclock guests extrapolate each vCPU\'s pvclock record with that CPU\'s TSC and had no global monotonicity guard; on hosts whose TSCs are not invariant or not synchronized across CPUs the clock warps backwards between vCPUs. A 2010 fix added the guard ("x86, paravirt: Add a global synchronization point for pvclock", Glauber Costa; Marcelo Tosatti\'s later PVCLOCK_TSC_STABLE_BIT commit recalls that "KVM added a global variable to guarantee monotonicity in the guest"). ' +
      'The same pvclock code (arch/x86/kernel/pvclock.c, "common code used by kvm/xen") made Xen domUs crash or freeze after logging clocksource/0: Time went backwards (Debian wiki, Xen/Clocksource, citing Xen bugzilla #1098); older multi-socket hosts did not keep TSCs synchronized (xen-tscmode(7)). The lab takes the freeze as a crash of the guest',
  }),
  kvmGuest({
    version: '3.12',
    released: 2013,
    components: [
      ...KVM_GUEST_3_12,
    ],
    onForeignHardware: 'fallback',
    foreignSource: 'fallback: since the 2010 global-synchronization fix kvmclock keeps a global last value and so stays monotonic without an invariant host TSC (at the price of a shared cache line); no component here needs a host hardware feature',
  }),
  kvmGuest({
    version: '4.19',
    released: 2018,
    components: [
      ...KVM_GUEST_3_12,
      { component: 'pv-tlb-flush', needs: ['kvm-pv'] },
      { component: 'pv-ipi', needs: ['kvm-pv'] },
    ],
    onForeignHardware: 'fallback',
    foreignSource: 'fallback: every feature is negotiated through CPUID with the host and none needs a host hardware feature; kvmclock falls back to the global last-value guard when the host does not set PVCLOCK_TSC_STABLE_BIT',
  }),

  {
    id: 'hyperv-lis-4.3.5',
    product: 'hyperv-lis',
    name: 'Linux Integration Services for Hyper-V and Azure',
    version: '4.3.5',
    released: 2020,
    components: [
      { component: 'pv-net', device: 'netvsc', needs: ['hyperv-vmbus'] },
      { component: 'pv-blk', device: 'storvsc', needs: ['hyperv-vmbus'] },
      { component: 'pv-clock', device: 'hyperv-tsc-page', needs: ['hyperv-enlightenments'] },
      { component: 'pv-timer', needs: ['hyperv-enlightenments'] },
      { component: 'balloon', needs: ['hyperv-vmbus'] },
      { component: 'time-sync', needs: ['hyperv-vmbus'] },
    ],
    requires: { osFamily: 'linux', minOsVersion: '2.6.32', maxOsVersion: '4.18', archs: ['i686', 'x86_64'], hypervisorFamilies: ['hyperv'] },
    onForeignHardware: 'fallback',
    install: { seconds: 180, reboot: true },
    sources: {
      released: 'approximate: LIS 4.3.5, Microsoft Download Center "Linux Integration Services v4.3 for Hyper-V and Azure", 2020',
      requires: 'approximate: Microsoft Learn, "Supported CentOS and Red Hat Enterprise Linux virtual machines on Hyper-V": the downloadable LIS targets RHEL/CentOS releases whose kernels predate the upstream drivers (RHEL 6 = 2.6.32 to RHEL 8 = 4.18); newer kernels carry the drivers built in, and LIS builds only against the distribution kernels it lists (LIS/lis-next issue #429: an unlisted 3.10.0-693 kernel broke LIS 4.2.2)',
      components: 'LIS packages the Hyper-V drivers for those kernels: hv_vmbus, hv_netvsc, hv_storvsc, hv_balloon, hv_utils (time sync), and the Hyper-V clocksource and synthetic timer (LIS/lis-next sources)',
      onForeignHardware: 'fallback: the drivers need VMBus and the Hyper-V enlightenments, not any host CPU or NIC feature',
      'install.seconds': 'estimate: the LIS installer builds and installs kernel modules (≈3 min) and asks for a reboot',
    },
  },
  {
    id: 'xenlinux-2.6.18',
    product: 'xenlinux',
    name: 'XenLinux (Xen PV kernel port)',
    version: '2.6.18',
    released: 2007,
    components: [
      { component: 'pv-mmu', needs: ['xen-pv-mmu', 'xen-evtchn'] },
      { component: 'pv-net', device: 'xen-netfront', needs: ['xen-evtchn', 'xen-grant'] },
      { component: 'pv-blk', device: 'xen-blkfront', needs: ['xen-evtchn', 'xen-grant'] },
      { component: 'pv-clock', device: 'xen-pvclock', needs: ['xen-pvclock'] },
      { component: 'pv-timer', needs: ['xen-evtchn'] },
    ],
    requires: { osFamily: 'linux', minOsVersion: '2.6.9', maxOsVersion: '2.6.18', archs: ['i686', 'x86_64'], hypervisorFamilies: ['xen'], minHypervisorVersion: '3.1' },
    onForeignHardware: 'fallback',
    install: { seconds: 300, reboot: true },
    sources: {
      released: 'linux-2.6.18-xen.hg (xenbits.xen.org): the XenLinux tree of Xen 3.1 (2007), the last widely used out-of-tree port before pvops',
      requires: 'approximate: the 2.6.18-xen kernel replaced the kernels of 2.6-era distributions (RHEL 4 = 2.6.9 through RHEL 5 = 2.6.18, whose kernel-xen is this tree) and needs the Xen 3.1 guest interface or later; Xen keeps the PV guest ABI backward compatible, so later hypervisors run it. Mainline kernels from 2.6.23 carry their own Xen support (pvops)',
      components: 'XenLinux ports the guest kernel to the Xen PV interface (Barham et al., "Xen and the Art of Virtualization", SOSP 2003): page tables updated by mmu_update hypercalls, event channels, grant tables, netfront/blkfront split drivers, the Xen PV clock and set_timer_op',
      onForeignHardware: 'fallback: a PV guest needs no hardware virtualization and no host NIC feature',
      'install.seconds': 'estimate: installing a replacement kernel package, its initrd and the boot-loader entry ≈5 min, then a reboot into it',
    },
  },
  {
    id: 'intel-ixgbevf-4.9.3',
    product: 'intel-ixgbevf',
    name: 'Intel ixgbevf (out-of-tree Linux VF driver)',
    version: '4.9.3',
    released: 2020,
    components: [{ component: 'vf-driver', needs: [], hostFeatures: ['iommu', 'sr-iov'], nicDrivers: ['ixgbe'] }],
    requires: { osFamily: 'linux', minOsVersion: '2.6.18', maxOsVersion: '5.8', archs: ['i686', 'x86_64'], hypervisorFamilies: ['kvm', 'xen', 'hyperv', 'vmware'] },
    onForeignHardware: 'fallback',
    install: { seconds: 90, reboot: false },
    sources: {
      released: 'Intel Download Center, "Intel Network Adapter Virtual Function Driver for Intel 10 Gigabit Ethernet Network Connections", ixgbevf 4.9.3 (adds RHEL 8.3, released November 2020)',
      requires: 'same Intel page: "supports kernel versions 2.6.18 up through 5.8"; a VF driver talks to the NIC, not to the hypervisor, so any hypervisor that assigns the VF will do',
      components: 'Intel ixgbevf README: drives virtual functions of 82599, X540 and X550-class controllers (the ixgbe PF driver) and can only be activated on kernels and hosts with SR-IOV (which needs an IOMMU for device assignment)',
      onForeignHardware: 'fallback: on a VF of another NIC the driver finds no device to bind (its PCI ID table lists Intel VF IDs only) and the guest keeps its emulated or PV NIC',
      'install.seconds': 'estimate: building the module with make install (≈1 min) and loading it with modprobe, no reboot',
    },
  },
  {
    id: 'winof-2-3.10',
    product: 'winof-2',
    name: 'NVIDIA WinOF-2 (Windows driver for ConnectX-4 and later)',
    version: '3.10.51000',
    released: 2022,
    components: [{ component: 'vf-driver', needs: [], hostFeatures: ['iommu', 'sr-iov'], nicDrivers: ['mlx5_core'] }],
    requires: { osFamily: 'windows', minOsVersion: '10.0', archs: ['x86_64'], hypervisorFamilies: ['kvm', 'xen', 'hyperv', 'vmware'] },
    onForeignHardware: 'fallback',
    install: { seconds: 120, reboot: true },
    sources: {
      released: 'NVIDIA WinOF-2 Documentation v3.10.51000 LTS, Release Notes: revision 3.10.51000, 30 November 2022',
      requires: 'same documentation, "Tested Operating System": SR-IOV (Ethernet) guests Windows Server 2016, 2019, 2022 and Windows 10/11, 64-bit only (Windows 10 / Server 2016 = NT 10.0); a VF driver talks to the NIC, so the hypervisor family is not a limit (the notes test Hyper-V hosts; approximate for others)',
      components: 'same release notes: "WinOF-2 driver supports NVIDIA ConnectX-4 onwards adapter cards only" — the mlx5 family; SR-IOV needs the host\'s IOMMU and SR-IOV support',
      onForeignHardware: 'fallback: on a VF of another NIC (ConnectX-3 / mlx4, Intel) mlx5.sys does not load, and the guest keeps its synthetic or emulated NIC (on Hyper-V/Azure the VF is bonded to the netvsc NIC, which carries the traffic without it)',
      'install.seconds': WIN_DRIVER_INSTALL,
    },
  },
];
