/**
 * Built-in PV add-ons, one entry per product version, with the OS and hypervisor versions they
 * support. Every number carries its source; where a support limit is approximate the source
 * says so.
 */
import type { z } from 'zod';
import type { AddonComponent, PvAddon } from '../model/index.ts';

type AddonInput = z.input<typeof PvAddon>;
type ComponentInput = z.input<typeof AddonComponent>;

const VIRTIO_WIN = 'virtio-win release archive (fedorapeople.org/groups/virt/virtio-win/direct-downloads/archive-virtio/) and the "Windows virtio drivers" page of the Fedora Project docs';
const WIN_DRIVER_INSTALL = 'estimate: a Windows driver package installs in about a minute and needs a restart to replace the boot-time storage and network drivers';

const virtioWin = (version: string, released: number, minOs: string, maxOs: string | undefined, archs: ('i686' | 'x86_64')[], limits: string, blacklist: AddonInput['blacklist'] = []): AddonInput => ({
  id: `virtio-win-${version}`,
  product: 'virtio-win',
  name: `virtio-win ${version}`,
  version,
  released,
  components: [
    { component: 'pv-net', device: 'virtio-net', needs: ['virtio'] },
    { component: 'pv-blk', device: 'virtio-blk', needs: ['virtio'] },
    { component: 'balloon', needs: ['virtio'] },
  ],
  requires: { osFamily: 'windows', minOsVersion: minOs, ...(maxOs ? { maxOsVersion: maxOs } : {}), archs, hypervisorFamilies: ['kvm'] },
  blacklist,
  onForeignHardware: 'fallback',
  install: { seconds: 90, reboot: true },
  sources: {
    released: `${VIRTIO_WIN}: virtio-win ${version} published ${released}`,
    requires: `${VIRTIO_WIN}; ${limits}`,
    'install.seconds': WIN_DRIVER_INSTALL,
  },
});

const vboxComponents: ComponentInput[] = [
  { component: 'time-sync', needs: ['vbox-vmmdev'] },
  { component: 'balloon', needs: ['vbox-vmmdev'] },
];

const vbox = (version: string, released: number, os: 'windows' | 'linux', minOs: string, limits: string): AddonInput => ({
  id: `vbox-guest-additions-${version}-${os}`,
  product: 'vbox-guest-additions',
  name: `VirtualBox Guest Additions ${version} (${os === 'windows' ? 'Windows' : 'Linux'})`,
  version,
  released,
  components: vboxComponents,
  requires: { osFamily: os, minOsVersion: minOs, archs: os === 'windows' ? ['i686', 'x86_64'] : ['i686', 'x86_64', 'aarch64'], hypervisorFamilies: ['virtualbox'] },
  onForeignHardware: 'fallback',
  install: { seconds: os === 'windows' ? 120 : 180, reboot: true },
  sources: {
    released: `VirtualBox changelog (virtualbox.org/wiki/Changelog): ${version} released ${released}`,
    requires: `VirtualBox User Manual, "Guest Additions" and "Supported guest operating systems"; ${limits}`,
    'install.seconds': os === 'windows' ? `${WIN_DRIVER_INSTALL}; the Additions installer also installs services (≈2 min)` : 'estimate: VBoxLinuxAdditions.run builds the kernel modules with DKMS (≈3 min) and asks for a reboot',
  },
});

export const ADDONS: AddonInput[] = [
  virtioWin('0.1.96', 2014, '5.1', '6.3', ['i686', 'x86_64'], 'builds of 2014 carry drivers for Windows XP (5.1) through Windows 8.1 / Server 2012 R2 (6.3), approximate limits'),
  virtioWin('0.1.141', 2017, '6.0', '10.0', ['i686', 'x86_64'], 'XP/2003 drivers are no longer shipped (approximate limit); Windows Vista/2008 (6.0) through Windows 10/Server 2016 (10.0)'),
  virtioWin('0.1.189', 2020, '6.1', undefined, ['i686', 'x86_64'], 'Windows 7 / Server 2008 R2 (6.1) and later, approximate limit'),
  virtioWin('0.1.248', 2024, '6.3', undefined, ['x86_64'], 'Windows 8.1 / Server 2012 R2 (6.3) and later, 64-bit; Windows 7 / 2008 R2 drivers were dropped before this release (approximate limit)'),
  virtioWin('0.1.262', 2024, '6.3', undefined, ['x86_64'], 'Windows 8.1 / Server 2012 R2 (6.3) and later, 64-bit (approximate limit)', [
    {
      osVersion: '10.0.20348',
      reason: 'users report blue screens (MEMORY_MANAGEMENT, IRQL_NOT_LESS_OR_EQUAL) on Windows Server 2022 with 0.1.262 and later, gone after going back to 0.1.248 (virtio-win/virtio-win-guest-tools-installer issue #79, 2025)',
    },
  ]),
  vbox('6.1.50', 2024, 'windows', '5.1', 'the 6.1 Additions still support Windows XP (5.1) and later'),
  vbox('7.1.4', 2024, 'windows', '6.1', 'the 7.x Additions support Windows 7 (6.1) and later (approximate limit)'),
  vbox('6.1.50', 2024, 'linux', '2.6.18', 'the 6.1 Additions build on Linux 2.6.18 and later (approximate limit)'),
  vbox('7.1.4', 2024, 'linux', '3.10', 'the 7.x Additions build on Linux 3.10 and later (approximate limit)'),
  {
    id: 'vmware-tools-10.0.12-windows',
    product: 'vmware-tools',
    name: 'VMware Tools 10.0.12 (Windows)',
    version: '10.0.12',
    released: 2016,
    components: [
      { component: 'pv-net', device: 'vmxnet3', needs: ['vmware-vmxnet3'] },
      { component: 'pv-blk', device: 'pvscsi', needs: ['vmware-pvscsi'] },
      { component: 'balloon', needs: ['vmware-backdoor'] },
      { component: 'time-sync', needs: ['vmware-backdoor'] },
    ],
    requires: { osFamily: 'windows', minOsVersion: '5.1', archs: ['i686', 'x86_64'], hypervisorFamilies: ['vmware'] },
    onForeignHardware: 'fallback',
    install: { seconds: 120, reboot: true },
    sources: {
      released: 'VMware Tools 10.0.12 release notes (2016): the last release supporting Windows XP and Server 2003 (VMware KB "VMware Tools 10.0.12 for legacy guests")',
      requires: 'VMware Tools 10.0.12 release notes: Windows XP (5.1) and later',
      'install.seconds': WIN_DRIVER_INSTALL,
    },
  },
  {
    id: 'vmware-tools-12.4-windows',
    product: 'vmware-tools',
    name: 'VMware Tools 12.4 (Windows)',
    version: '12.4.0',
    released: 2024,
    components: [
      { component: 'pv-net', device: 'vmxnet3', needs: ['vmware-vmxnet3'] },
      { component: 'pv-blk', device: 'pvscsi', needs: ['vmware-pvscsi'] },
      { component: 'balloon', needs: ['vmware-backdoor'] },
      { component: 'time-sync', needs: ['vmware-backdoor'] },
    ],
    requires: { osFamily: 'windows', minOsVersion: '6.1.7601', archs: ['x86_64'], hypervisorFamilies: ['vmware'] },
    onForeignHardware: 'fallback',
    install: { seconds: 120, reboot: true },
    sources: {
      released: 'VMware Tools 12.4.0 release notes (2024)',
      requires: 'VMware Tools 12.x release notes: Windows 7 SP1 / Server 2008 R2 SP1 (6.1.7601) and later, 64-bit',
      'install.seconds': WIN_DRIVER_INSTALL,
    },
  },
  {
    id: 'open-vm-tools-12.3',
    product: 'open-vm-tools',
    name: 'open-vm-tools 12.3',
    version: '12.3.0',
    released: 2023,
    components: [{ component: 'time-sync', needs: ['vmware-backdoor'] }],
    requires: { osFamily: 'linux', minOsVersion: '2.6.32', archs: ['i686', 'x86_64', 'aarch64'], hypervisorFamilies: ['vmware'] },
    onForeignHardware: 'fallback',
    install: { seconds: 30, reboot: false },
    sources: {
      released: 'open-vm-tools 12.3.0 release notes (github.com/vmware/open-vm-tools, 2023)',
      requires: 'open-vm-tools README: the user-space tools for Linux guests whose kernels carry the VMware drivers (vmxnet3, vmw_pvscsi, vmw_balloon are in mainline); 2.6.32 as the oldest kernel of supported distributions is an approximate limit',
      'install.seconds': 'estimate: a distribution package installs in seconds and starts vmtoolsd without a reboot',
    },
  },
  {
    id: 'xen-win-pv-9.0',
    product: 'xen-win-pv',
    name: 'Xen Project Windows PV drivers 9.0',
    version: '9.0',
    released: 2021,
    components: [
      { component: 'pv-net', device: 'xen-netfront', needs: ['xen-evtchn', 'xen-grant'] },
      { component: 'pv-blk', device: 'xen-blkfront', needs: ['xen-evtchn', 'xen-grant'] },
      { component: 'balloon', needs: ['xen-evtchn'] },
    ],
    requires: { osFamily: 'windows', minOsVersion: '6.1', archs: ['i686', 'x86_64'], hypervisorFamilies: ['xen'], minHypervisorVersion: '4.6' },
    onForeignHardware: 'fallback',
    install: { seconds: 120, reboot: true },
    sources: {
      released: 'Xen Project Windows PV drivers 9.0 (xenbus, xenvif, xennet, xenvbd, xenbal), xenproject.org downloads, 2021',
      requires: 'Xen Project Windows PV drivers documentation: Windows 7 / Server 2008 R2 (6.1) and later; the drivers use interfaces of Xen 4.6 and later (approximate limit)',
      'install.seconds': WIN_DRIVER_INSTALL,
    },
  },
  {
    id: 'linux-kvm-guest-4.19',
    product: 'linux-kvm-guest',
    name: 'Linux KVM guest support (CONFIG_KVM_GUEST, 4.19 feature set)',
    version: '4.19',
    released: 2018,
    components: [
      { component: 'pv-clock', device: 'kvmclock', needs: ['kvm-pv'], hostFeatures: ['invariant-tsc'] },
      { component: 'pv-spinlock', needs: ['kvm-pv'] },
      { component: 'pv-tlb-flush', needs: ['kvm-pv'] },
      { component: 'pv-eoi', needs: ['kvm-pv'] },
      { component: 'pv-ipi', needs: ['kvm-pv'] },
      { component: 'steal-time', needs: ['kvm-pv'] },
      { component: 'async-pf', needs: ['kvm-pv'] },
    ],
    requires: { osFamily: 'linux', minOsVersion: '4.19', archs: ['i686', 'x86_64'], hypervisorFamilies: ['kvm'] },
    onForeignHardware: 'fallback',
    install: { seconds: 60, reboot: true },
    sources: {
      released: 'Linux 4.19 released October 2018 (kernel.org): the first release with all of kvmclock (2.6.26), PV EOI (3.6), PV spinlocks (3.12), steal time and async PF (2.6.38/3.0), PV TLB flush (4.16) and PV send-IPI (4.19)',
      requires: 'Documentation/virt/kvm/x86/cpuid.rst and msr.rst: the PV features need a kernel built with CONFIG_KVM_GUEST; 4.19 is the oldest kernel with all of them. kvmclock relies on a stable TSC on the host (PVCLOCK_TSC_STABLE_BIT) and falls back without it',
      'install.seconds': 'estimate: installing a kernel package takes about a minute and a reboot',
    },
  },
  {
    id: 'hyperv-lis-4.3.5',
    product: 'hyperv-lis',
    name: 'Linux Integration Services for Hyper-V 4.3.5',
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
    requires: { osFamily: 'linux', minOsVersion: '2.6.18', maxOsVersion: '3.10', archs: ['i686', 'x86_64'], hypervisorFamilies: ['hyperv'] },
    onForeignHardware: 'fallback',
    install: { seconds: 120, reboot: true },
    sources: {
      released: 'Microsoft Download Center, "Linux Integration Services v4.3 for Hyper-V and Azure" (4.3.5, 2020)',
      requires: 'Microsoft Learn, "Supported CentOS and Red Hat Enterprise Linux virtual machines on Hyper-V": LIS 4.3 targets RHEL/CentOS 5.x–7.x kernels (2.6.18 to 3.10); newer kernels carry the drivers in the box',
      'install.seconds': 'estimate: the LIS installer builds and installs kernel modules (≈2 min) and needs a reboot',
    },
  },
  {
    id: 'xenlinux-2.6.18',
    product: 'xenlinux',
    name: 'XenLinux 2.6.18 (Xen PV kernel port)',
    version: '2.6.18',
    released: 2007,
    components: [
      { component: 'pv-mmu', needs: ['xen-pv-mmu', 'xen-evtchn'] },
      { component: 'pv-net', device: 'xen-netfront', needs: ['xen-evtchn', 'xen-grant'] },
      { component: 'pv-blk', device: 'xen-blkfront', needs: ['xen-evtchn', 'xen-grant'] },
      { component: 'pv-clock', device: 'xen-pvclock', needs: ['xen-pvclock'] },
      { component: 'pv-timer', needs: ['xen-evtchn'] },
    ],
    requires: { osFamily: 'linux', minOsVersion: '2.6.9', maxOsVersion: '2.6.18', archs: ['i686', 'x86_64'], hypervisorFamilies: ['xen'], minHypervisorVersion: '3.0' },
    onForeignHardware: 'fallback',
    install: { seconds: 300, reboot: true },
    sources: {
      released: 'linux-2.6.18-xen.hg (xenbits.xen.org): the XenLinux tree shipped with Xen 3.1 in 2007, the last widely used out-of-tree PV port before pvops',
      requires: 'XenLinux ports the guest kernel to the Xen PV ABI (Barham et al., SOSP 2003): page tables by mmu_update hypercalls, event channels, grant tables; the 2.6.18 tree replaced the kernels of 2.6.9–2.6.18 distributions (RHEL 5) and needs Xen 3.0 or later (approximate limits)',
      'install.seconds': 'estimate: installing and configuring a replacement kernel ≈5 min, then a reboot into it',
    },
  },
  {
    id: 'intel-ixgbevf-4.18',
    product: 'intel-ixgbevf',
    name: 'Intel ixgbevf VF driver 4.18 (Linux, out of tree)',
    version: '4.18.9',
    released: 2023,
    components: [{ component: 'vf-driver', needs: [], hostFeatures: ['iommu', 'sr-iov'], nicDrivers: ['ixgbe'] }],
    requires: { osFamily: 'linux', minOsVersion: '2.6.32', archs: ['i686', 'x86_64'], hypervisorFamilies: ['kvm', 'xen', 'hyperv', 'vmware'] },
    onForeignHardware: 'fallback',
    install: { seconds: 60, reboot: false },
    sources: {
      released: 'Intel ixgbevf Linux driver 4.18.9 (Intel Download Center / sourceforge e1000 project, 2023)',
      requires: 'Intel ixgbevf README: drives virtual functions of 82599/X540/X550 (ixgbe) controllers only; needs SR-IOV enabled on the host with an IOMMU; kernels 2.6.32 and later (approximate limit). On another NIC\'s VF it does not bind and the guest stays on its emulated or PV NIC',
      'install.seconds': 'estimate: building and loading a kernel module ≈1 min; no reboot',
    },
  },
  {
    id: 'mellanox-winof2-3.10',
    product: 'mellanox-winof2',
    name: 'NVIDIA/Mellanox WinOF-2 3.10 (Windows, ConnectX-4 and later)',
    version: '3.10',
    released: 2022,
    components: [{ component: 'vf-driver', needs: [], hostFeatures: ['iommu', 'sr-iov'], nicDrivers: ['mlx5_core'] }],
    requires: { osFamily: 'windows', minOsVersion: '6.3', archs: ['x86_64'], hypervisorFamilies: ['hyperv', 'kvm', 'vmware'] },
    onForeignHardware: 'fallback',
    install: { seconds: 90, reboot: true },
    sources: {
      released: 'NVIDIA WinOF-2 3.10 release notes (2022)',
      requires: 'NVIDIA WinOF-2 user manual: ConnectX-4 and later (the mlx5 family), SR-IOV virtual functions in Hyper-V and other hypervisors; Windows Server 2012 R2 (6.3) and later, 64-bit (approximate limit). On another NIC\'s VF the driver does not load and the guest keeps its synthetic NIC',
      'install.seconds': WIN_DRIVER_INSTALL,
    },
  },
];
