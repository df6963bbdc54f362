/**
 * Publications that several built-in workload files cite. Each workload file keeps the sources
 * only it uses; these are shared so that a citation reads the same everywhere.
 */

export const AA06 = 'Adams & Agesen, "A Comparison of Software and Hardware Techniques for x86 Virtualization", ASPLOS 2006';
export const KANDIRAJU = 'Kandiraju & Sivasubramaniam, "Characterizing the d-TLB Behavior of SPEC CPU2000 Benchmarks", SIGMETRICS 2002: about a quarter of the programs (ammp, apsi, galgel, lucas, mcf, twolf, vpr) have significant D-TLB miss rates, the rest low';
export const FOONG = 'Foong et al., "TCP Performance Re-Visited", ISPASS 2003: the rule of thumb of 1 GHz of CPU per 1 Gb/s of TCP (≈1 cycle per bit), measured on the Linux 2.4 stack';
export const CLARK = 'Clark et al., "Live Migration of Virtual Machines", NSDI 2005';
/** Page-cache hit ratios as the kernel's own counters show them. */
export const PAGE_CACHE_WARM = 'bcc tools/cachestat_example.txt (Brendan Gregg, iovisor/bcc): cachestat counts page-cache hits and misses; a warm workload shows a 100 % hit ratio second after second, and a 1 GB file read a second time ≈99 %, where its first read hit almost nothing';
