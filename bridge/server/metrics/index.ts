export { BridgeMetrics } from './bridge-metrics.ts';
export { startMetricsServer } from './metrics-server.ts';
