/** Where the segments of a capture directory are and in which order: `segment-<number>.tir`, oldest first. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

const NAME = /^segment-(\d{1,15})\.tir$/;

export interface SegmentFile {
  path: string;
  seq: number;
  bytes: number;
}

export function segmentName(seq: number): string {
  return `segment-${String(seq).padStart(8, '0')}.tir`;
}

/** The segments in `dir`, oldest first; none when the directory does not exist. Other files are left alone. */
export async function listSegments(dir: string): Promise<SegmentFile[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const found: SegmentFile[] = [];
  for (const name of names) {
    const m = NAME.exec(name);
    if (!m) continue;
    const p = path.join(dir, name);
    try {
      const st = await fs.stat(p);
      if (st.isFile()) found.push({ path: p, seq: Number(m[1]), bytes: st.size });
    } catch {
      // Gone between readdir and stat (a clear in another window): nothing to list.
    }
  }
  return found.sort((a, b) => a.seq - b.seq);
}
