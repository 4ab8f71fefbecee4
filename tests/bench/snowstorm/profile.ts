/**
 * Summarises a V8 CPU profile (from `pnpm bench --profile`): where the process spent its time,
 * by function and by module, so a bottleneck is read off a profile rather than guessed.
 *
 *   pnpm exec tsx --conditions=@sasaeai/source tests/bench/snowstorm/profile.ts bench/results/profiles/api-123.cpuprofile
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<pkg> for dependencies, the path under the repo for our own code. */
function moduleOf(url: string): string {
  if (!url) return '(native / V8)';
  const dependency = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(
    url,
  );
  if (dependency) return dependency[1]!;
  if (url.startsWith('node:')) return url;
  const own = /\/(packages|services|web)\/(.+)$/.exec(url);
  return own ? `${own[1]}/${own[2]}` : url;
}

export function summariseProfile(profile: CpuProfile, top = 20) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...selfMs.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byModule = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const frame = byId.get(id)!.callFrame;
    const name = frame.functionName || '(anonymous)';
    const module = moduleOf(frame.url);
    const key = `${name} ${module}:${frame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
    byModule.set(module, (byModule.get(module) ?? 0) + ms);
  }
  const rank = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, ms]) => ({
        key,
        ms: Math.round(ms),
        share: Math.round((ms / total) * 1000) / 10,
      }));
  return { totalMs: Math.round(total), byModule: rank(byModule), byFunction: rank(byFunction) };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  for (const file of process.argv.slice(2)) {
    const summary = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
    console.log(`${file}: ${summary.totalMs} ms sampled`);
    console.table(summary.byModule);
    console.table(summary.byFunction);
  }
}
