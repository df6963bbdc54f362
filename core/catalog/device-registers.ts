/**
 * Emulated devices at register level: the register accesses a guest driver makes per request and
 * per interrupt, read from the driver's code and from the device model that serves them. Every
 * access to an emulated device's registers traps to the device model, so the hypervisor profiles
 * (hypervisors.ts) take `exitsPerRequest` and `exitsPerInterrupt` as the lengths of these lists,
 * and their sources say which accesses they are. The guest side is Linux's driver (the built-in
 * guests' drivers); other guests' drivers program the same device similarly.
 */

export interface RegisterAccess {
  register: string;
  access: 'read' | 'write';
  /** The driver function that makes the access (and the device-model handler that serves it). */
  where: string;
}

export interface RegisterProgram {
  device: string;
  /** Accesses per request on the data path. */
  perRequest: readonly RegisterAccess[];
  /** Accesses in the driver's interrupt handling, per interrupt. */
  perInterrupt: readonly RegisterAccess[];
}

const E1000_DRV = 'Linux drivers/net/ethernet/intel/e1000/e1000_main.c';

/**
 * Intel 8254x (e1000) under Linux's e1000 driver with NAPI, served by QEMU hw/net/e1000.c
 * (mac_writereg / mac_readreg handlers). A transmit batch ends with one TDT write
 * (e1000_tx_queue writes TDT unless netdev_xmit_more() says more packets follow; QEMU set_tctl →
 * start_xmit sends every descriptor up to it). Receive buffers are returned with one RDT write per
 * E1000_RX_BUFFER_WRITE (16) buffers (e1000_alloc_rx_buffers), which rounds to none per packet.
 */
export const E1000_LINUX: RegisterProgram = {
  device: 'Intel 8254x (e1000)',
  perRequest: [{ register: 'TDT', access: 'write', where: `${E1000_DRV} e1000_tx_queue; QEMU e1000.c set_tctl → start_xmit` }],
  perInterrupt: [
    { register: 'ICR', access: 'read', where: `${E1000_DRV} e1000_intr (read-to-clear cause); QEMU e1000.c mac_icr_read` },
    { register: 'IMC', access: 'write', where: `${E1000_DRV} e1000_intr masks the device before napi_schedule; QEMU e1000.c set_imc` },
    { register: 'STATUS', access: 'read', where: `${E1000_DRV} e1000_intr E1000_WRITE_FLUSH after the IMC write` },
    { register: 'IMS', access: 'write', where: `${E1000_DRV} e1000_clean → e1000_irq_enable when the NAPI poll completes; QEMU e1000.c set_ims` },
    { register: 'STATUS', access: 'read', where: `${E1000_DRV} e1000_irq_enable E1000_WRITE_FLUSH after the IMS write` },
  ],
};

/**
 * Interrupt moderation of QEMU's e1000 (hw/net/e1000.c set_interrupt_cause): the mitigation
 * timer holds a new interrupt for max(ITR, RADV × 4, TADV × 4, 500) × 256 ns; Linux's e1000 sets
 * ITR for 20,000 interrupts/s (e1000_param.c DEFAULT_ITR 3, start value 20000 → ITR 195), below
 * QEMU's floor of 500, so interrupts are at least 128 µs apart (≤ 7,813/s). Within 128 µs a
 * 1 Gb/s e1000 link (STATUS SPEED_1000 in QEMU's mac_reg_init) carries 128 µs × 1 Gb/s ÷
 * (1,538 B × 8) ≈ 10 full-size frames: 10 completions per interrupt.
 */
export const E1000_QEMU_FRAMES_PER_INTERRUPT = 10;

/**
 * Interrupt moderation of an e1000 model that honours the driver's ITR without QEMU's floor:
 * Linux's e1000 asks for 20,000 interrupts/s (e1000_param.c); a 1 Gb/s link carries 10⁹ ÷ (1,538 B
 * × 8) ≈ 81,300 full frames/s, ≈ 4 per interrupt. Used for VMware's and VirtualBox's e1000, whose
 * ITR handling is not documented (an estimate on that count).
 */
export const E1000_ITR_FRAMES_PER_INTERRUPT = 4;

const LIBATA = 'Linux drivers/ata/libata-sff.c (ata_piix uses ata_bmdma_port_ops)';
const QEMU_IDE = 'QEMU hw/ide/core.c';
const QEMU_BMDMA = 'QEMU hw/ide/piix.c bmdma_read/bmdma_write → hw/ide/pci.c';

/**
 * PIIX IDE with bus-master DMA under Linux's ata_piix (libata SFF/BMDMA), served by QEMU's IDE
 * and PIIX BMDMA models; every access is port I/O. One DMA command (ata_bmdma_qc_issue):
 * select the device, load the LBA28 task file, set up and start the bus master. Its completion
 * interrupt (ata_bmdma_port_intr / ata_sff_host_intr): bus-master status, stop, device status,
 * clear the bus-master interrupt. One command at a time: no queueing on PATA.
 */
export const IDE_PIIX_LINUX: RegisterProgram = {
  device: 'PIIX IDE with bus-master DMA',
  perRequest: [
    { register: 'Status', access: 'read', where: `${LIBATA} ata_dev_select → ata_wait_idle; ${QEMU_IDE} ide_status_read` },
    { register: 'Device', access: 'write', where: `${LIBATA} ata_sff_dev_select; ${QEMU_IDE} ide_ioport_write` },
    { register: 'Alt status', access: 'read', where: `${LIBATA} ata_sff_dev_select → ata_sff_pause; ${QEMU_IDE} ide_status_read` },
    { register: 'Status', access: 'read', where: `${LIBATA} ata_dev_select → ata_wait_idle` },
    { register: 'Features', access: 'write', where: `${LIBATA} ata_sff_tf_load; ${QEMU_IDE} ide_ioport_write` },
    { register: 'Sector count', access: 'write', where: `${LIBATA} ata_sff_tf_load` },
    { register: 'LBA low', access: 'write', where: `${LIBATA} ata_sff_tf_load` },
    { register: 'LBA mid', access: 'write', where: `${LIBATA} ata_sff_tf_load` },
    { register: 'LBA high', access: 'write', where: `${LIBATA} ata_sff_tf_load` },
    { register: 'Device', access: 'write', where: `${LIBATA} ata_sff_tf_load (ATA_TFLAG_DEVICE)` },
    { register: 'Status', access: 'read', where: `${LIBATA} ata_sff_tf_load → ata_wait_idle` },
    { register: 'BM PRD table address', access: 'write', where: `${LIBATA} ata_bmdma_setup; ${QEMU_BMDMA} bmdma_addr_ioport` },
    { register: 'BM command', access: 'read', where: `${LIBATA} ata_bmdma_setup; ${QEMU_BMDMA}` },
    { register: 'BM command', access: 'write', where: `${LIBATA} ata_bmdma_setup (direction); ${QEMU_BMDMA} bmdma_cmd_writeb` },
    { register: 'Command', access: 'write', where: `${LIBATA} ata_sff_exec_command; ${QEMU_IDE} ide_ioport_write → ide_exec_cmd` },
    { register: 'Alt status', access: 'read', where: `${LIBATA} ata_sff_exec_command → ata_sff_pause` },
    { register: 'BM command', access: 'read', where: `${LIBATA} ata_bmdma_start` },
    { register: 'BM command', access: 'write', where: `${LIBATA} ata_bmdma_start (START); ${QEMU_BMDMA} bmdma_cmd_writeb → ide_dma_start` },
  ],
  perInterrupt: [
    { register: 'BM status', access: 'read', where: `${LIBATA} bmdma_status (ATA_DMA_INTR set?); ${QEMU_BMDMA}` },
    { register: 'BM command', access: 'read', where: `${LIBATA} ata_bmdma_stop` },
    { register: 'BM command', access: 'write', where: `${LIBATA} ata_bmdma_stop (clear START); ${QEMU_BMDMA} bmdma_cmd_writeb` },
    { register: 'Alt status', access: 'read', where: `${LIBATA} ata_bmdma_stop → ata_sff_dma_pause` },
    { register: 'Alt status', access: 'read', where: `${LIBATA} ata_sff_irq_status` },
    { register: 'Status', access: 'read', where: `${LIBATA} ata_sff_irq_status (clears the device interrupt); ${QEMU_IDE} ide_ioport_read` },
    { register: 'BM status', access: 'read', where: `${LIBATA} ata_bmdma_irq_clear / ata_sff_irq_clear` },
    { register: 'BM status', access: 'write', where: `${LIBATA} ata_sff_irq_clear (write 1 to clear INTR); ${QEMU_BMDMA} bmdma_writeb` },
  ],
};

/** "TDT write (where); ICR read (where); …": a program's accesses, for a profile's sources. */
export function describeRegisters(p: RegisterProgram): string {
  const list = (xs: readonly RegisterAccess[]) => xs.map((x) => `${x.register} ${x.access} (${x.where})`).join('; ');
  return `${p.device}, ${p.perRequest.length} register accesses per request — ${list(p.perRequest)} — and ${p.perInterrupt.length} per interrupt — ${list(p.perInterrupt)}; each traps to the device model`;
}

/** PV devices: what replaces the register accesses (cited by the hypervisor profiles). */
export const VIRTIO_NET_NOTIFY = 'virtio 1.x (OASIS) §2.7.10 with VIRTIO_RING_F_EVENT_IDX: the driver kicks only when the device asked for it (vring_need_event in Linux drivers/virtio/virtio_ring.c virtqueue_kick_prepare; QEMU hw/virtio/virtio.c virtio_should_notify), so a backend still busy with the ring takes new buffers without a kick: one kick per batch, none per packet; interrupts are MSI-X vectors with no status register to read, and NAPI (Linux drivers/net/virtio_net.c virtnet_poll, weight 64) disables them while it polls; receive buffers are posted beforehand (try_fill_recv)';
export const VIRTIO_BLK_NOTIFY = 'Linux drivers/block/virtio_blk.c virtio_queue_rq kicks only at the end of a batch (bd->last, virtio_commit_rqs), and QEMU hw/block/virtio-blk.c virtio_blk_handle_vq turns notifications off while it drains the queue (virtio_queue_set_notification(vq, 0)): one kick per batch; MSI-X completions with no status read';
