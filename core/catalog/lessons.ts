import type { ScenarioInput } from '../model/index.ts';

/**
 * The curriculum: built-in scenarios that each teach one thing, with a goal, what to look at and
 * a question, in English and Swedish. Every lesson's teaching point is checked by a test
 * (test/catalog/lessons.test.ts). The hardware, software and workloads are catalog entries with
 * their sources; the scenarios only arrange them.
 */

type GuestInput = ScenarioInput['guests'][number];

const g = (id: string, host: string, os: string, mode: GuestInput['mode'], workload: string, extra: Partial<GuestInput> = {}): GuestInput => ({
  id, host, os, vcpus: 1, memoryMiB: 1024, mode, workload: { id: workload }, ...extra,
});

/** Lessons 11 and 12: the same failure, without and with high availability. */
const HOST_FAILURE = {
  durationMs: 30_000,
  hosts: [
    { id: 'a', profile: 'xeon-gold-6142', hypervisor: 'kvm-qemu', cores: 8 },
    { id: 'b', profile: 'xeon-gold-6142', hypervisor: 'kvm-qemu', cores: 8 },
  ],
  guests: [g('web', 'a', 'linux-6', 'hw-nested', 'specweb', { vcpus: 2 }), g('spare', 'b', 'linux-6', 'hw-nested', 'idle-linux', { vcpus: 2 })],
  timeline: [{ action: 'host-failure' as const, atMs: 1000, host: 'a' }],
} satisfies Partial<ScenarioInput>;

export const LESSONS: ScenarioInput[] = [
  {
    schemaVersion: 1,
    id: 'lab-x86-needs-bt-or-pv',
    title: 'Why x86 needed binary translation or paravirtualization',
    description: 'forkwait on a 2004 Pentium 4 without VT-x: bare metal, VMware-style binary translation, and a Xen PV guest. Pure trap-and-emulate is not possible on this CPU.',
    durationMs: 300,
    hosts: [
      { id: 'native', profile: 'pentium4-630', hypervisor: null },
      { id: 'bt', profile: 'pentium4-630', hypervisor: 'vmware-workstation' },
      { id: 'xen', profile: 'pentium4-630', hypervisor: 'xen' },
    ],
    guests: [
      g('native', 'native', 'linux-2.6.11', 'native', 'forkwait', { memoryMiB: 512 }),
      g('bt', 'bt', 'linux-2.6.11', 'bt', 'forkwait', { memoryMiB: 512 }),
      g('xen-pv', 'xen', 'linux-2.6.11', 'xen-pv', 'forkwait', { memoryMiB: 512, addons: ['xenlinux-2.6.18'] }),
    ],
    lesson: {
      order: 1,
      en: {
        title: 'Why x86 needed binary translation or paravirtualization',
        goal: 'Before VT-x, some x86 instructions were sensitive but did not trap, so a hypervisor could not simply run the guest kernel deprivileged and emulate what traps. Binary translation rewrites those instructions on the fly; paravirtualization changes the guest kernel so it asks the hypervisor instead.',
        lookAt: 'Try changing a guest\'s mode to trap-emulate: the compatibility check refuses it and names the reason. Then compare forks per second and where the CPU time goes (exits, hypervisor) for BT and Xen PV.',
        question: 'Both approaches create processes at more than half of native speed, Xen PV somewhat faster: binary translation runs all of the guest kernel\'s fork and exit code translated, Xen PV runs a changed kernel natively. What did each have to change — the hypervisor or the guest — and which would you choose for a closed-source guest OS?',
      },
      sv: {
        title: 'Varför x86 behövde binäröversättning eller paravirtualisering',
        goal: 'Före VT-x fanns x86-instruktioner som var känsliga men inte gav något avbrott, så en hypervisor kunde inte bara köra gästkärnan med lägre privilegier och emulera det som fångades. Binäröversättning skriver om de instruktionerna medan programmet körs; paravirtualisering ändrar gästkärnan så att den frågar hypervisorn i stället.',
        lookAt: 'Prova att ändra en gästs läge till trap-emulate: kompatibilitetskontrollen vägrar och förklarar varför. Jämför sedan fork per sekund och vart CPU-tiden går (exits, hypervisor) för BT och Xen PV.',
        question: 'Båda metoderna skapar processer i mer än halva den inbyggda hastigheten, Xen PV något snabbare: binäröversättning kör all gästkärnans kod för fork och exit översatt, Xen PV kör en ändrad kärna direkt. Vad behövde var och en ändra — hypervisorn eller gästen — och vilken skulle du välja för ett gästoperativsystem med stängd källkod?',
      },
    },
  },
  {
    schemaVersion: 1,
    id: 'lab-bt-vs-vtx',
    title: 'Process creation: binary translation against first-generation VT-x',
    description: 'forkwait on a Pentium 4 672: bare metal, binary translation and first-generation VT-x with shadow page tables (Adams & Agesen, ASPLOS 2006).',
    durationMs: 500,
    hosts: [
      { id: 'native', profile: 'pentium4-672', hypervisor: null },
      { id: 'bt', profile: 'pentium4-672', hypervisor: 'vmware-workstation' },
      { id: 'vtx', profile: 'pentium4-672', hypervisor: 'vmware-workstation' },
    ],
    guests: [
      g('native', 'native', 'linux-2.6.11', 'native', 'forkwait', { memoryMiB: 512 }),
      g('bt', 'bt', 'linux-2.6.11', 'bt', 'forkwait', { memoryMiB: 512 }),
      g('vtx', 'vtx', 'linux-2.6.11', 'hw-shadow', 'forkwait', { memoryMiB: 512 }),
    ],
    lesson: {
      order: 2,
      en: {
        title: 'Binary translation against first-generation VT-x',
        goal: 'The first hardware-assisted hypervisors were often slower than binary translation: every page-table write and context switch of the guest caused a costly VM exit to maintain the shadow page tables. Process creation is the worst case.',
        lookAt: 'Compare forks per second of the three guests, the exits per fork and the hypervisor share of the CPU. Replay the VT-x guest and look at the exit reasons.',
        question: 'Which exit reason dominates on the VT-x host, and which later hardware feature removes most of those exits?',
      },
      sv: {
        title: 'Binäröversättning mot första generationens VT-x',
        goal: 'De första hårdvarustödda hypervisorerna var ofta långsammare än binäröversättning: varje skrivning i gästens sidtabeller och varje kontextbyte gav en dyr VM exit för att hålla skuggsidtabellerna uppdaterade. Att skapa processer är det värsta fallet.',
        lookAt: 'Jämför fork per sekund för de tre gästerna, exits per fork och hypervisorns andel av CPU-tiden. Spela upp VT-x-gästen och titta på orsakerna till exits.',
        question: 'Vilken exit-orsak dominerar på VT-x-värden, och vilken senare hårdvarufunktion tar bort de flesta av dem?',
      },
    },
  },
  {
    schemaVersion: 1,
    id: 'lab-nested-paging',
    title: 'Nested paging: shadow page tables against EPT',
    description: 'forkwait on two identical Nehalem KVM hosts, one guest with shadow paging, one with nested paging (EPT).',
    durationMs: 300,
    hosts: [
      { id: 'shadow', profile: 'xeon-x5570', hypervisor: 'kvm-qemu' },
      { id: 'ept', profile: 'xeon-x5570', hypervisor: 'kvm-qemu' },
    ],
    guests: [g('shadow', 'shadow', 'linux-6', 'hw-shadow', 'forkwait', { memoryMiB: 2048 }), g('ept', 'ept', 'linux-6', 'hw-nested', 'forkwait', { memoryMiB: 2048 })],
    lesson: {
      order: 3,
      en: {
        title: 'Nested paging',
        goal: 'With nested paging the CPU walks the guest\'s page tables and the hypervisor\'s together, so guest page-table updates no longer exit. The price is a longer page walk on every TLB miss.',
        lookAt: 'Exits per fork and forks per second for both guests; the CPU split between guest, exits and hypervisor.',
        question: 'Nested paging removes almost every exit here. For what kind of workload could shadow paging still win, and why?',
      },
      sv: {
        title: 'Nästlad sidöversättning',
        goal: 'Med nästlad sidöversättning går processorn igenom gästens och hypervisorns sidtabeller tillsammans, så gästens ändringar i sidtabellerna ger inte längre några exits. Priset är en längre tabellvandring vid varje TLB-miss.',
        lookAt: 'Exits per fork och fork per sekund för båda gästerna; hur CPU-tiden fördelas mellan gäst, exits och hypervisor.',
        question: 'Nästlad sidöversättning tar bort nästan alla exits här. För vilken sorts last kan skuggsidtabeller ändå vinna, och varför?',
      },
    },
  },
  {
    schemaVersion: 1,
    id: 'lab-nic-paths',
    title: 'Emulated NIC, virtio, vhost and SR-IOV',
    description: 'ttcp bulk send from four guests on four identical Sandy Bridge KVM hosts: an emulated e1000, virtio-net with the userspace backend, virtio-net with vhost, and an SR-IOV virtual function. The MTU is a workload parameter to sweep.',
    durationMs: 50,
    hosts: ['e1000', 'virtio', 'vhost', 'sriov'].map((n) => ({ id: `host-${n}`, profile: 'xeon-e5-2450', hypervisor: 'kvm-qemu' })),
    guests: [
      g('e1000', 'host-e1000', 'linux-6', 'hw-nested', 'ttcp', { memoryMiB: 2048, devices: { nic: 'e1000' } }),
      g('virtio', 'host-virtio', 'linux-6', 'hw-nested', 'ttcp', { memoryMiB: 2048, devices: { nic: 'virtio-net', nicBackend: 'userspace' } }),
      g('vhost', 'host-vhost', 'linux-6', 'hw-nested', 'ttcp', { memoryMiB: 2048, devices: { nic: 'virtio-net', nicBackend: 'vhost' } }),
      g('sriov', 'host-sriov', 'linux-6', 'hw-nested', 'ttcp', { memoryMiB: 2048, devices: { nic: 'sriov-vf' } }),
    ],
    lesson: {
      order: 4,
      en: {
        title: 'Four ways to give a guest a network card',
        goal: 'An emulated NIC exits on every register access and is served by user-space QEMU; virtio shares a ring and kicks once, vhost serves the ring in the host kernel, and an SR-IOV function lets the guest drive the hardware directly. Each step removes work from the packet path.',
        lookAt: 'Packets per second, exits per packet and the CPU time the exits cost for each guest, and which exit reasons they are. Sweep the packet size: pvlab sweep lab-nic-paths --vary "guests.*.workload.params.mtu=576,1500,9000".',
        question: 'SR-IOV is the fastest and needs no exits on the packet path; on this host, without posted interrupts, only its interrupts still exit. What does it cost you in return (think about live migration and the guest\'s drivers)?',
      },
      sv: {
        title: 'Fyra sätt att ge en gäst ett nätverkskort',
        goal: 'Ett emulerat nätverkskort ger en exit vid varje registeråtkomst och betjänas av QEMU i användarläge; virtio delar en ring och signalerar en gång, vhost betjänar ringen i värdens kärna, och en SR-IOV-funktion låter gästen styra hårdvaran direkt. Varje steg tar bort arbete från paketets väg.',
        lookAt: 'Paket per sekund, exits per paket och den CPU-tid som exits kostar för varje gäst, och vilka exit-orsaker det är. Svep paketstorleken: pvlab sweep lab-nic-paths --vary "guests.*.workload.params.mtu=576,1500,9000".',
        question: 'SR-IOV är snabbast och behöver inga exits på paketets väg; på den här värden, utan postade avbrott, ger bara dess avbrott fortfarande exits. Vad kostar det i gengäld (tänk på direktmigrering och gästens drivrutiner)?',
      },
    },
  },
  {
    schemaVersion: 1,
    id: 'lab-clock-sources',
    title: 'Reading the clock: emulated HPET and ACPI PM timer against kvmclock',
    description: 'Three guests on one Skylake-SP KVM host read the clock in a loop, each with a different clock source.',
    durationMs: 100,
    hosts: [{ id: 'host', profile: 'xeon-gold-6142', hypervisor: 'kvm-qemu' }],
    guests: [
      g('acpi-pm', 'host', 'linux-6', 'hw-nested', 'clock-read', { devices: { clock: 'acpi-pm' } }),
      g('hpet', 'host', 'linux-6', 'hw-nested', 'clock-read', { devices: { clock: 'hpet' } }),
      g('kvmclock', 'host', 'linux-6', 'hw-nested', 'clock-read', { devices: { clock: 'kvmclock' } }),
    ],
    lesson: {
      order: 5,
      en: {
        title: 'A paravirtual clock',
        goal: 'An emulated timer is a device register: every read exits to the hypervisor and on to user-space QEMU. kvmclock is a page the hypervisor keeps up to date, so the guest reads the time with a few instructions and no exit.',
        lookAt: 'Cycles per clock read and exits per read for the three guests; the exit reasons of the emulated ones.',
        question: 'On bare metal the ACPI PM timer is about 45 times slower than the TSC. Why is the gap between the emulated clocks and kvmclock even larger in a virtual machine?',
      },
      sv: {
        title: 'En paravirtuell klocka',
        goal: 'En emulerad timer är ett enhetsregister: varje läsning ger en exit till hypervisorn och vidare till QEMU i användarläge. kvmclock är en minnessida som hypervisorn håller uppdaterad, så gästen läser tiden med några få instruktioner utan exit.',
        lookAt: 'Cykler per klockläsning och exits per läsning för de tre gästerna; exit-orsakerna för de emulerade.',
        question: 'Utan virtualisering är ACPI PM-timern ungefär 45 gånger långsammare än TSC. Varför är skillnaden mellan de emulerade klockorna och kvmclock ännu större i en virtuell maskin?',
      },
    },
  },
  {
    schemaVersion: 1,
    id: 'lab-addon-mismatch',
    title: 'Add-ons that do not fit: too old, wrong hypervisor, foreign hardware',
    description: 'Windows Server 2008 R2 guests with a current and a blacklisted (too old) virtio-win on KVM, virtio-win on a Xen host, and a Windows Server 2022 guest with the Mellanox VF driver on a host whose NIC is Intel.',
    durationMs: 300,
    hosts: [
      { id: 'kvm', profile: 'xeon-x5570', hypervisor: 'kvm-qemu' },
      { id: 'xen', profile: 'xeon-x5570', hypervisor: 'xen' },
    ],
    guests: [
      g('current', 'kvm', 'windows-2008r2', 'hw-nested', 'specweb', { vcpus: 2, memoryMiB: 2048, addons: ['virtio-win-0.1.190'], devices: { nic: 'virtio-net' } }),
      g('blacklisted', 'kvm', 'windows-2008r2', 'hw-nested', 'specweb', { vcpus: 2, memoryMiB: 2048, addons: ['virtio-win-0.1.96'], devices: { nic: 'virtio-net' } }),
      g('wrong-hypervisor', 'xen', 'windows-2008r2', 'hw-nested', 'specweb', { vcpus: 2, memoryMiB: 2048, addons: ['virtio-win-0.1.190'] }),
      g('foreign-nic', 'kvm', 'windows-2022', 'hw-nested', 'specweb', { vcpus: 2, memoryMiB: 2048, addons: ['winof-2-3.10'], devices: { nic: 'sriov-vf' } }),
    ],
    lesson: {
      order: 6,
      en: {
        title: 'When an add-on does not fit',
        goal: 'A PV add-on only helps where it matches the guest OS, the hypervisor and the hardware. Otherwise it is refused, stays inactive, falls back to the emulated path — or crashes the guest.',
        lookAt: 'The compatibility report (pvlab check lab-addon-mismatch), each guest\'s status and active PV components, and the exits per request, and the CPU time they cost, of the guest whose drivers stayed inactive.',
        question: 'Which of these failures would you notice only by measuring, and which at once? What would you check before rolling out a driver update to many guests?',
      },
      sv: {
        title: 'När ett tillägg inte passar',
        goal: 'Ett PV-tillägg hjälper bara där det passar gästens operativsystem, hypervisorn och hårdvaran. Annars vägras installationen, tillägget förblir inaktivt, faller tillbaka till den emulerade vägen — eller kraschar gästen.',
        lookAt: 'Kompatibilitetsrapporten (pvlab check lab-addon-mismatch), varje gästs status och aktiva PV-komponenter, och exits per förfrågan, och den CPU-tid de kostar, för gästen vars drivrutiner förblev inaktiva.',
        question: 'Vilka av de här felen skulle du bara upptäcka genom att mäta, och vilka märks direkt? Vad skulle du kontrollera innan du rullar ut en drivrutinsuppdatering till många gäster?',
      },
    },
  },
  {
    schemaVersion: 1,
    id: 'lab-pv-spinlocks',
    title: 'PV spinlocks and PV TLB flush under overcommit',
    description: 'Two Sandy Bridge KVM hosts with four cores each run an ebizzy guest with four vCPUs next to a four-vCPU batch guest: twice as many vCPUs as cores. One ebizzy guest has PV spinlocks and PV TLB flush switched off.',
    durationMs: 300,
    hosts: [
      { id: 'pv', profile: 'xeon-e5-2450', hypervisor: 'kvm-qemu', cores: 4 },
      { id: 'no-pv', profile: 'xeon-e5-2450', hypervisor: 'kvm-qemu', cores: 4 },
    ],
    guests: [
      g('ebizzy-pv', 'pv', 'linux-6', 'hw-nested', 'ebizzy', { vcpus: 4, memoryMiB: 2048 }),
      g('neighbour-pv', 'pv', 'linux-6', 'hw-nested', 'batch-cpu', { vcpus: 4, memoryMiB: 2048, workload: { id: 'batch-cpu', demand: { kind: 'closed', concurrency: 4 } } }),
      g('ebizzy-no-pv', 'no-pv', 'linux-6', 'hw-nested', 'ebizzy', { vcpus: 4, memoryMiB: 2048, disabled: ['pv-spinlock', 'pv-tlb-flush'] }),
      g('neighbour-no-pv', 'no-pv', 'linux-6', 'hw-nested', 'batch-cpu', { vcpus: 4, memoryMiB: 2048, workload: { id: 'batch-cpu', demand: { kind: 'closed', concurrency: 4 } } }),
    ],
    lesson: {
      order: 7,
      en: {
        title: 'Waiting politely: PV TLB flush and PV spinlocks',
        goal: 'When vCPUs outnumber cores, a vCPU may wait for one that is not even running: the sender of a TLB shootdown spins until every preempted target has run again, and a lock waiter spins while the holder is preempted. With PV TLB flush the sender skips preempted vCPUs (they flush on their next entry) and with PV spinlocks a waiter sleeps until the holder kicks it; the host\'s fair-share scheduler gives each guest its share either way, so the waiting guest pays for its own waiting.',
        lookAt: 'ebizzy\'s throughput, its guest-kernel CPU time and its pause-loop exits with and without the PV features, and the work each neighbour gets done.',
        question: 'Switch the two features off one at a time (the disabled list of ebizzy-no-pv): which of them changes ebizzy\'s throughput, and by how much? Why does the neighbour get as much done on both hosts?',
      },
      sv: {
        title: 'Att vänta artigt: PV TLB flush och PV-spinnlås',
        goal: 'När det finns fler vCPU:er än kärnor kan en vCPU få vänta på en annan som inte ens körs: den som skickar en TLB-tömning spinner tills varje avbruten mottagare har körts igen, och den som väntar på ett lås spinner medan innehavaren är avbruten. Med PV TLB flush hoppar avsändaren över vCPU:er som inte körs (de tömmer sin TLB när de körs nästa gång) och med PV-spinnlås sover den väntande tills innehavaren väcker den; värdens schemaläggare ger varje gäst dess rättvisa andel i båda fallen, så den väntande gästen betalar själv för sin väntan.',
        lookAt: 'ebizzys genomströmning, dess CPU-tid i gästkärnan och dess pause-loop-exits med och utan PV-funktionerna, och hur mycket arbete varje granne hinner med.',
        question: 'Stäng av de två funktionerna en i taget (listan disabled för ebizzy-no-pv): vilken av dem ändrar ebizzys genomströmning, och hur mycket? Varför hinner grannen lika mycket på båda värdarna?',
      },
    },
  },
  {
    schemaVersion: 1,
    id: 'lab-overload-knee',
    title: 'The overload knee: PV guests added one by one',
    description: 'Eight Xen PV guests on one Nehalem host send bulk TCP through dom0\'s netback and the host\'s 10 Gb/s NIC. They start one every 25 ms.',
    durationMs: 200,
    hosts: [{ id: 'host', profile: 'xeon-x5570', hypervisor: 'xen', cores: 16 }],
    guests: Array.from({ length: 8 }, (_, i) =>
      g(`pv-${i + 1}`, 'host', 'linux-6', 'xen-pv', 'ttcp', i === 0 ? {} : { workload: { id: 'ttcp', demand: { kind: 'open', ratePerSec: 1 } } }),
    ),
    timeline: Array.from({ length: 7 }, (_, i) => ({ action: 'set-load' as const, atMs: 25 * (i + 1), guest: `pv-${i + 2}`, demand: { kind: 'closed' as const, concurrency: 1 } })),
    lesson: {
      order: 8,
      en: {
        title: 'PV is used sparingly: the knee',
        goal: 'PV drivers make each guest cheap, but they all share the same backends and the same physical devices. Past the knee, adding guests adds no throughput: queues grow and every guest slows down.',
        lookAt: 'The timeline of completed sends in 25 ms windows, each guest\'s throughput and latency, and the utilization and queue of the NIC and of dom0\'s netback.',
        question: 'After which guest does total throughput stop growing, and which shared resource is saturated? What would you change to move the knee?',
      },
      sv: {
        title: 'PV används sparsamt: knät',
        goal: 'PV-drivrutiner gör varje gäst billig, men alla delar samma backends och samma fysiska enheter. Efter knät ger fler gäster ingen mer genomströmning: köerna växer och varje gäst blir långsammare.',
        lookAt: 'Tidslinjen över skickade paket i fönster om 25 ms, varje gästs genomströmning och latens, och utnyttjande och kö för nätverkskortet och dom0:s netback.',
        question: 'Efter vilken gäst slutar den totala genomströmningen att växa, och vilken delad resurs är mättad? Vad skulle du ändra för att flytta knät?',
      },
    },
  },
  {
    schemaVersion: 1,
    id: 'lab-idle-exit-storm',
    title: 'Idle guests that still cost: periodic ticks and emulated timers',
    description: 'Five Skylake-SP hosts each run four idle guests. On KVM: Linux 2.6.11 with a 1000 Hz tick, Linux 6.6 tickless with the HPET and without PV EOI, and Linux 6.6 tickless with kvmclock and PV EOI. On Hyper-V: Windows Server 2022 with and without its synthetic timers, reference TSC page and PV EOI.',
    durationMs: 1000,
    hosts: [
      { id: 'old', profile: 'xeon-gold-6142', hypervisor: 'kvm-qemu', cores: 4 },
      { id: 'emulated', profile: 'xeon-gold-6142', hypervisor: 'kvm-qemu', cores: 4 },
      { id: 'pv', profile: 'xeon-gold-6142', hypervisor: 'kvm-qemu', cores: 4 },
      { id: 'win-emulated', profile: 'xeon-gold-6142', hypervisor: 'hyperv', cores: 4 },
      { id: 'win-enlightened', profile: 'xeon-gold-6142', hypervisor: 'hyperv', cores: 4 },
    ],
    guests: [
      ...[1, 2, 3, 4].map((i) => g(`old-${i}`, 'old', 'linux-2.6.11', 'hw-nested', 'idle-linux')),
      ...[1, 2, 3, 4].map((i) => g(`emulated-${i}`, 'emulated', 'linux-6', 'hw-nested', 'idle-linux', { devices: { clock: 'hpet' }, disabled: ['pv-clock', 'pv-eoi'] })),
      ...[1, 2, 3, 4].map((i) => g(`pv-${i}`, 'pv', 'linux-6', 'hw-nested', 'idle-linux')),
      ...[1, 2, 3, 4].map((i) => g(`win-emulated-${i}`, 'win-emulated', 'windows-2022', 'hw-nested', 'idle-windows', { vcpus: 2, memoryMiB: 4096, disabled: ['pv-clock', 'pv-timer', 'pv-eoi'] })),
      ...[1, 2, 3, 4].map((i) => g(`win-enlightened-${i}`, 'win-enlightened', 'windows-2022', 'hw-nested', 'idle-windows', { vcpus: 2, memoryMiB: 4096 })),
    ],
    lesson: {
      order: 9,
      en: {
        title: 'Exit storms from idle guests',
        goal: 'An idle guest is not free: every timer tick, clock read and interrupt acknowledgement on an emulated device exits to the hypervisor. A tickless kernel with a PV clock and PV EOI (kvmclock on KVM; Hyper-V\'s synthetic timers and reference TSC page for Windows) does almost nothing while idle.',
        lookAt: 'Exits per second and hypervisor plus exit CPU time on each host; the exit reasons of one idle guest per host.',
        question: 'How many idle old guests would it take to keep one core busy? Which part of the difference comes from the PV features, and which from the tickless kernel? What do the Windows hosts tell you about the enlightenments alone?',
      },
      sv: {
        title: 'Exit-stormar från gäster som inte gör något',
        goal: 'En gäst som står still är inte gratis: varje timeravbrott, klockläsning och kvittering av avbrott på en emulerad enhet ger en exit till hypervisorn. En kärna utan periodisk tick, med PV-klocka och PV EOI (kvmclock på KVM; Hyper-V:s syntetiska timrar och referens-TSC-sida för Windows), gör nästan ingenting när den är ledig.',
        lookAt: 'Exits per sekund och CPU-tid för hypervisor och exits på varje värd; exit-orsakerna för en ledig gäst per värd.',
        question: 'Hur många lediga gamla gäster skulle det krävas för att hålla en kärna sysselsatt? Vilken del av skillnaden kommer från PV-funktionerna och vilken från kärnan utan periodisk tick? Vad säger Windows-värdarna om enbart förbättringarna (enlightenments)?',
      },
    },
  },
  {
    schemaVersion: 1,
    id: 'lab-planned-maintenance',
    title: 'Planned maintenance with live migration',
    description: 'Two guests on a Skylake-SP KVM host are live-migrated to two other hosts before the host goes down for maintenance, then it comes back.',
    durationMs: 5000,
    hosts: [
      { id: 'a', profile: 'xeon-gold-6142', hypervisor: 'kvm-qemu', cores: 8 },
      { id: 'b', profile: 'xeon-gold-6142', hypervisor: 'kvm-qemu', cores: 8 },
      { id: 'c', profile: 'xeon-platinum-8380', hypervisor: 'kvm-qemu', cores: 8 },
    ],
    // For maintenance the operator raises QEMU's default cap of 128 MiB/s to 1 GiB/s, well within the
    // 100 Gb/s NICs: the host empties in about a second instead of eight.
    migration: { bandwidthMiBps: 1024 },
    guests: [
      g('game', 'a', 'linux-6', 'hw-nested', 'game-server', { vcpus: 2, memoryMiB: 512 }),
      g('batch', 'a', 'linux-6', 'hw-nested', 'batch-cpu', { vcpus: 2, memoryMiB: 512 }),
      g('other', 'b', 'linux-6', 'hw-nested', 'idle-linux', { vcpus: 2, memoryMiB: 512 }),
    ],
    timeline: [{ action: 'host-maintenance', atMs: 100, host: 'a', durationMs: 3000 }],
    lesson: {
      order: 10,
      en: {
        title: 'Maintenance without downtime',
        goal: 'Pre-copy live migration copies a running guest\'s memory while it keeps working, resends what it dirtied, and pauses it only for the last small copy. A host can be emptied for maintenance with pauses measured in milliseconds.',
        lookAt: 'Each migration\'s rounds, data sent and downtime (the migrate events in the replay), the guests\' availability and requests lost, and where each guest ends up.',
        question: 'The game server writes to its memory faster than the batch job, yet pauses for less: why? Set migration.bandwidthMiBps back to QEMU\'s default of 128 and run again: which migration needs another round, and why does the game server\'s still finish in one?',
      },
      sv: {
        title: 'Underhåll utan avbrott',
        goal: 'Direktmigrering med förkopiering kopierar en gästs minne medan den fortsätter arbeta, skickar om det som skrivits under tiden och pausar den bara för den sista lilla kopian. En värd kan tömmas för underhåll med pauser som mäts i millisekunder.',
        lookAt: 'Varje migrerings varv, skickad datamängd och stilleståndstid (migrate-händelserna i uppspelningen), gästernas tillgänglighet och förlorade förfrågningar, och var varje gäst hamnar.',
        question: 'Spelservern skriver till sitt minne snabbare än batch-jobbet men pausas kortare: varför? Sätt migration.bandwidthMiBps tillbaka till QEMU:s standardvärde 128 och kör igen: vilken migrering behöver ett varv till, och varför klarar sig spelserverns fortfarande med ett?',
      },
    },
  },
  {
    schemaVersion: 1,
    id: 'lab-failure-no-ha',
    title: 'Unplanned host failure without high availability',
    description: 'The host of a web server fails; nothing restarts it.',
    ...HOST_FAILURE,
    lesson: {
      order: 11,
      en: {
        title: 'A host fails: no high availability',
        goal: 'A failed host takes its guests down with whatever they were doing. Without high availability they stay down until someone acts.',
        lookAt: 'The web server\'s availability and requests lost; compare with lab-failure-ha.',
        question: 'What did the guests lose that live migration could not have saved, even had you known the failure was coming a second earlier?',
      },
      sv: {
        title: 'En värd går sönder: ingen hög tillgänglighet',
        goal: 'En värd som går sönder tar med sig sina gäster och allt de höll på med. Utan hög tillgänglighet förblir de nere tills någon gör något.',
        lookAt: 'Webbserverns tillgänglighet och förlorade förfrågningar; jämför med lab-failure-ha.',
        question: 'Vad förlorade gästerna som direktmigrering inte hade kunnat rädda, även om du hade vetat om felet en sekund innan?',
      },
    },
  },
  {
    schemaVersion: 1,
    id: 'lab-failure-ha',
    title: 'Unplanned host failure with high availability',
    description: 'The same failure as lab-failure-no-ha, with HA: the guest restarts on the other host after the failure is detected.',
    ...HOST_FAILURE,
    ha: { enabled: true, detectionMs: 15_000 },
    lesson: {
      order: 12,
      en: {
        title: 'A host fails: high availability restarts the guest',
        goal: 'High availability notices the failure after a detection delay and boots the guests on another host. The service comes back, but the work in flight is lost and the outage lasts the detection delay plus a boot.',
        lookAt: 'The web server\'s outage (detection plus boot), its availability and requests lost, and the host it runs on at the end.',
        question: 'Which of the two parts of the outage can you shorten, and what is the risk of detecting failures too eagerly?',
      },
      sv: {
        title: 'En värd går sönder: hög tillgänglighet startar om gästen',
        goal: 'Hög tillgänglighet märker felet efter en detekteringstid och startar gästerna på en annan värd. Tjänsten kommer tillbaka, men pågående arbete går förlorat och avbrottet varar detekteringstiden plus en uppstart.',
        lookAt: 'Webbserverns avbrott (detektering plus uppstart), dess tillgänglighet och förlorade förfrågningar, och vilken värd den kör på i slutet.',
        question: 'Vilken av avbrottets två delar kan du korta, och vad är risken med att upptäcka fel för ivrigt?',
      },
    },
  },
];
