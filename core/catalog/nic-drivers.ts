/**
 * Facts about physical NICs' Linux drivers that the engine needs where a guest drives the NIC
 * itself (bare metal, an SR-IOV VF): the transmit ring the driver sets up by default. A ring
 * smaller than the interrupt moderation's batch interrupts when it fills, so bare metal and a VF
 * moderate alike only when both rings hold the batch.
 */

export interface NicDriverFacts {
  /** Transmit descriptors the driver allocates by default (ethtool -g "TX" current). */
  txRing: number;
  source: string;
}

export const NIC_DRIVERS: Readonly<Record<string, NicDriverFacts>> = {
  e1000: { txRing: 256, source: 'Linux drivers/net/ethernet/intel/e1000/e1000.h: E1000_DEFAULT_TXD 256' },
  e1000e: { txRing: 256, source: 'Linux drivers/net/ethernet/intel/e1000e/e1000.h: E1000_DEFAULT_TXD 256' },
  tg3: { txRing: 511, source: 'Linux drivers/net/ethernet/broadcom/tg3.c: TG3_DEF_TX_RING_PENDING = TG3_TX_RING_SIZE (512) − 1' },
  ixgbe: { txRing: 512, source: 'Linux drivers/net/ethernet/intel/ixgbe/ixgbe.h: IXGBE_DEFAULT_TXD 512' },
  ixgbevf: { txRing: 1024, source: 'Linux drivers/net/ethernet/intel/ixgbevf/ixgbevf.h: IXGBEVF_DEFAULT_TXD 1024' },
  mlx5_core: { txRing: 1024, source: 'Linux drivers/net/ethernet/mellanox/mlx5/core/en.h: MLX5E_PARAMS_DEFAULT_LOG_SQ_SIZE 0xa (2^10 send-queue entries); its VFs run the same driver' },
};

/** The transmit ring of a driver without an entry here: e1000's 256, the smallest above. */
export const DEFAULT_TX_RING = 256;

/** The default transmit ring of the Linux driver `driver`. */
export function driverTxRing(driver: string): number {
  return NIC_DRIVERS[driver]?.txRing ?? DEFAULT_TX_RING;
}
