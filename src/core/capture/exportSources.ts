/** Where an export reads from: the engine's segment log, a segment directory (the CLI), or a capture file. */
import { exportDocuments, exportRequests, type ExportOptions, type ExportSummary } from './exportCapture';
import { canonicalDocuments } from './fileDocuments';
import { ReadProblems } from './captureReader';
import type { CapturedRequest } from './recordFormat';
import { listSegments } from './segmentFiles';
import { readSegment, type SegmentWarning } from './segmentReader';

/** Every record of the segments in `dir`, oldest first, read only (torn tails are skipped and reported). */
async function* segmentDirRequests(dir: string, warnings: SegmentWarning[]): AsyncGenerator<CapturedRequest> {
  for (const file of await listSegments(dir)) {
    const contents = await readSegment(file.path);
    if (contents.warning) warnings.push(contents.warning);
    yield* contents.requests;
  }
}

export interface DirExportSummary extends ExportSummary {
  warnings: SegmentWarning[];
}

export async function exportSegmentDir(dir: string, file: string, options: ExportOptions = {}): Promise<DirExportSummary> {
  const warnings: SegmentWarning[] = [];
  const summary = await exportRequests(segmentDirRequests(dir, warnings), file, options);
  return { ...summary, warnings };
}

export interface FileExportSummary extends ExportSummary {
  problems: ReadProblems;
}

/** A capture file (ours or another tool's) filtered into a new one; lines that cannot be used are counted. */
export async function exportCaptureFile(source: string, file: string, options: ExportOptions = {}): Promise<FileExportSummary> {
  const problems = new ReadProblems();
  const summary = await exportDocuments(canonicalDocuments(source, problems), file, options);
  return { ...summary, problems };
}
