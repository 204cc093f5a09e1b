/**
 * Ranks the functions of a V8 .cpuprofile (node --cpu-prof) by self time:
 *   node out/bench/profileTop.js <file.cpuprofile | dir> [count]
 * Given a directory, it reads the newest profile in it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function topFunctions(profile: Profile, count: number): { share: number; ms: number; name: string }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const cf = byId.get(id)!.callFrame;
    const where = cf.url ? ` ${cf.url.replace(/^.*\/(out|node_modules)\//, '')}:${cf.lineNumber + 1}` : '';
    const key = `${cf.functionName || '(anonymous)'}${where}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({ share: us / total, ms: us / 1000, name }));
}

if (require.main === module) {
  let file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node out/bench/profileTop.js <file.cpuprofile | dir> [count]\n');
    process.exit(2);
  }
  if (statSync(file).isDirectory()) {
    const newest = readdirSync(file)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => join(file, f))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
    if (!newest) throw new Error(`no .cpuprofile in ${file}`);
    file = newest;
  }
  const rows = topFunctions(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(process.argv[3] ?? 25));
  process.stdout.write(`${file}\n`);
  for (const r of rows) process.stdout.write(`${(r.share * 100).toFixed(1).padStart(5)}%  ${r.ms.toFixed(0).padStart(6)} ms  ${r.name}\n`);
}
