/**
 * The run command's captures: --record FILE (OTLP JSON Lines of what arrives) and --data-dir DIR (segments kept
 * and restored at start). What start-up restored and what went wrong are said on stderr.
 */
import * as path from 'node:path';
import type { Engine, EngineOptions } from '../core/engine';
import { JsonLinesRecorder } from '../core/capture/jsonLinesRecorder';
import type { RunOptions } from './args';

export interface Recording {
  engineOptions: Pick<EngineOptions, 'persistence' | 'onAccepted'>;
  /** After engine.start(): reports the restore. */
  started(engine: Engine): void;
  /** After engine.stop(): closes the record file. */
  stopped(): Promise<void>;
}

export function startRecording(options: RunOptions, err: { write(s: string): unknown } = process.stderr): Recording {
  const recorder = options.record ? new JsonLinesRecorder(path.resolve(options.record)) : undefined;
  let engine: Engine | undefined;
  return {
    engineOptions: {
      persistence: options.dataDir ? { dir: path.resolve(options.dataDir), budgetBytes: options.dataBudgetBytes } : undefined,
      onAccepted: recorder && recorder.accept.bind(recorder),
    },
    started(e) {
      engine = e;
      const status = e.persistenceStatus();
      const restored = status?.restored;
      if (restored && restored.records > 0) {
        const { spans, points, logRecords } = restored.items;
        err.write(`telemetry-inspector: restored ${restored.records} request(s) from ${status.dir} (${spans} spans, ${points} points, ${logRecords} log records) in ${Math.round(restored.elapsedMs)} ms\n`);
      }
      for (const w of restored?.warnings ?? []) err.write(`telemetry-inspector: warning: ${w.reason}\n`);
      if (status?.error) err.write(`telemetry-inspector: warning: ${status.error.message}; going on in memory only\n`);
    },
    async stopped() {
      const status = engine?.persistenceStatus();
      if (status?.error) err.write(`telemetry-inspector: warning: ${status.error.message} (${status.dropped.error.records} request(s) not kept)\n`);
      if (!recorder) return;
      try {
        await recorder.close();
        err.write(`telemetry-inspector: recorded ${recorder.recorded} request(s) to ${recorder.file}\n`);
      } catch (e) {
        err.write(`telemetry-inspector: warning: --record ${recorder.file}: ${(e as Error).message}\n`);
      }
    },
  };
}
