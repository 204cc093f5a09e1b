/** The engine's options from the CLI's flags: one mapping for the main command and `mcp` (which may run its own). */
import * as path from 'node:path';
import type { EngineOptions } from '../core/engine';
import { resolvePushgatewayUrl } from '../core/pushgateway/poller';
import type { RunOptions } from './args';

export function engineOptionsOf(options: RunOptions): EngineOptions {
  return {
    http: { host: options.host, port: options.port },
    grpc: { port: options.grpcPort, enabled: !options.noGrpc },
    limits: {
      maxMemoryBytes: options.maxMemoryBytes,
      maxSpans: options.maxSpans,
      maxLogRecords: options.maxLogRecords,
      maxPointsPerSeries: options.maxPointsPerSeries,
      maxSeriesPerStream: options.maxSeriesPerStream,
      maxInstances: options.maxInstances,
    },
    pushgateway: { url: resolvePushgatewayUrl(options.pushgateway), staleAfterMs: options.staleAfterMs },
    scrape: { urls: options.scrapeUrls ?? [], fileSdPaths: (options.fileSdPaths ?? []).map((p) => path.resolve(p)) },
    prometheus: { port: options.metricsPort, expireAfterMs: options.metricsExpireMs },
    forward: options.forward,
    queryApi: options.queryApi,
  };
}
