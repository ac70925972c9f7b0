/**
 * Probes by the names config/apps.ts uses (`RpcProbe`), plus the UI probe. A `Record` over the
 * union: a new probe name in the catalogue does not compile until it has an implementation here.
 */
import type { RpcProbe } from '../../config/apps';
import type { Probe } from './probe-types';
import { probeBitcoinGetinfo } from './bitcoin-getinfo';
import { probeLndGetinfo } from './lnd-getinfo';
import { probeElectrum } from './electrum';
import { probeMempoolBackendInfo } from './mempool-backend-info';
import { probeBtcpayFrontend } from './btcpay-frontend';
import { probeFedimintContainer } from './fedimint-container';
import { probeFilebrowserHttp } from './filebrowser-http';

export const RPC_PROBES: Record<RpcProbe, Probe> = {
  'bitcoin-getinfo': probeBitcoinGetinfo,
  'lnd-getinfo': probeLndGetinfo,
  electrum: probeElectrum,
  'mempool-backend-info': probeMempoolBackendInfo,
  'btcpay-frontend': probeBtcpayFrontend,
  'fedimint-container': probeFedimintContainer,
  'filebrowser-http': probeFilebrowserHttp,
};

export { probeUi } from './ui-probe';
export { ProbeError, probeLabel } from './probe-error';
export type { Probe, ProbeContext, ProbeResult, ProbeNode, ProbeRpc, BitcoinRpcAuth } from './probe-types';
export { probeDashboard, DashboardProbeError } from './dashboard-probe';
